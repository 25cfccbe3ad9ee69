import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageserver-protocol/node';
import { AuditRequest, AuditUpdatedNotification, ExportReportRequest, type AuditResult } from '../../server/src/audit-protocol';
import { tempTree } from '../helpers/cli';
import { LspTestClient } from '../helpers/lsp-client';
import { networkPolicy, pod } from '../helpers/manifests';
import { REAL_CORPUS } from '../helpers/paths';
import { sarifSchemaErrors } from '../helpers/sarif';

const uriOf = (root: string, path = '') => pathToFileURL(path ? join(root, path) : root).href;

describe('LSP: workspace audit', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    await client.initialize();
  });
  after(() => client.stop());

  it('a long audit stops when cancelled, after reporting progress', async () => {
    const source = new CancellationTokenSource();
    const events: (WorkDoneProgressBegin | WorkDoneProgressReport | { kind: 'end' })[] = [];
    const token = 'audit-cancel-test';
    const sub = client.connection.onProgress(WorkDoneProgress.type, token, (value) => {
      events.push(value);
      // Cancel once some files are done: the corpus has about 3000.
      if (value.kind === 'report' && /^([1-9]\d*)\/\d+ files$/.test(value.message ?? '')) source.cancel();
    });
    const result = await client.connection.sendRequest<AuditResult>(AuditRequest.method, { targets: [{ rootUri: uriOf(REAL_CORPUS), exclude: [] }], workDoneToken: token } satisfies AuditRequest.Params, source.token);
    sub.dispose();
    assert.equal(result.cancelled, true);
    assert.ok(result.filesTotal > 2000, `total ${result.filesTotal}`);
    assert.ok(result.filesDone > 0 && result.filesDone < result.filesTotal, `done ${result.filesDone} of ${result.filesTotal}`);
    assert.equal(events[0].kind, 'begin');
    assert.equal((events[0] as WorkDoneProgressBegin).cancellable, true);
    assert.equal(events.at(-1)!.kind, 'end');
    // Nothing was kept from the cancelled run: there is nothing to export.
    assert.equal(await client.connection.sendRequest(ExportReportRequest.method, { format: 'json' }), null);
  });

  it('audits unopened files, publishes their diagnostics, reuses unchanged files and follows file changes', async () => {
    const root = tempTree({
      'k8s/pod.yaml': pod('web', 'shop', { privileged: true }),
      'k8s/ignored.yaml': pod('x', 'shop', { privileged: true }),
      '.gitignore': 'k8s/ignored.yaml\n',
      'excluded/pod.yaml': pod('y', 'shop', { privileged: true }),
      'notes.txt': 'not a manifest\n',
    });
    const podUri = uriOf(root, 'k8s/pod.yaml');
    const published = client.diagnostics(podUri, (p) => p.diagnostics.length === 2);
    const params: AuditRequest.Params = { targets: [{ rootUri: uriOf(root), exclude: ['excluded/**'] }] };
    const first = await client.connection.sendRequest<AuditResult>(AuditRequest.method, params);
    assert.equal(first.cancelled, false);
    assert.deepEqual([first.filesDone, first.filesTotal, first.analysed, first.reused], [1, 1, 1, 0]);
    assert.deepEqual(
      first.findings.map((f) => [f.path, f.uri === podUri, f.ruleId, f.severity, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character]),
      [
        ['k8s/pod.yaml', true, 'workspace/namespace-without-network-policy', 'warning', 4, 2, 4, 17],
        ['k8s/pod.yaml', true, 'k8s/privileged-container', 'error', 17, 8, 17, 24],
      ],
    );
    assert.deepEqual(first.bySeverity, { error: 1, warning: 1, info: 0, hint: 0 });
    assert.deepEqual(first.byCategory, { exposure: { error: 0, warning: 1, info: 0, hint: 0 }, 'cluster-config': { error: 1, warning: 0, info: 0, hint: 0 } });
    const diags = await published;
    assert.deepEqual(diags.diagnostics.map((d) => [d.code, d.range.start.line]), [['workspace/namespace-without-network-policy', 4], ['k8s/privileged-container', 17]]);

    const again = await client.connection.sendRequest<AuditResult>(AuditRequest.method, params);
    assert.deepEqual([again.analysed, again.reused], [0, 1], 'unchanged file reused by content hash');

    // A NetworkPolicy appears on disk: the watcher notification re-audits and the workspace finding goes away.
    const updated = new Promise<AuditResult>((resolve) => client.connection.onNotification(AuditUpdatedNotification.method, (r: AuditResult) => resolve(r)));
    const cleared = client.diagnostics(podUri, (p) => p.diagnostics.length === 1);
    writeFileSync(join(root, 'k8s/np.yaml'), networkPolicy('shop'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(root, 'k8s/np.yaml'), type: 1 }] });
    const after = await updated;
    assert.deepEqual(after.findings.map((f) => f.ruleId), ['k8s/privileged-container']);
    assert.deepEqual([after.filesDone, after.analysed, after.reused], [2, 1, 1]);
    assert.equal((await cleared).diagnostics[0].code, 'k8s/privileged-container');

    const sarif = await client.connection.sendRequest<{ text: string }>(ExportReportRequest.method, { format: 'sarif' });
    assert.deepEqual(sarifSchemaErrors(JSON.parse(sarif.text)), []);
    const md = await client.connection.sendRequest<{ text: string }>(ExportReportRequest.method, { format: 'markdown' });
    assert.match(md.text, /\| 18:9 \| error \| `k8s\/privileged-container` \|/);
  });

  it('applies the config files of the folder, an unsaved edit of an open one included', async () => {
    const root = tempTree({ 'pod.yaml': pod('web', 'shop', { privileged: true }), '.kubeward.yaml': 'rules:\n  k8s/privileged-container: warning\n' });
    const params: AuditRequest.Params = { targets: [{ rootUri: uriOf(root), exclude: [] }] };
    const severityOfPrivileged = (r: AuditResult) => r.findings.find((f) => f.ruleId === 'k8s/privileged-container')?.severity;
    // On disk: error → warning.
    assert.equal(severityOfPrivileged(await client.connection.sendRequest<AuditResult>(AuditRequest.method, params)), 'warning');
    // Open in the editor and edited, not saved: the audit (in its worker thread) sees the edit.
    const configUri = uriOf(root, '.kubeward.yaml');
    await client.open(configUri, 'rules:\n  k8s/privileged-container: warning\n');
    await client.change(configUri, 'rules:\n  k8s/privileged-container: off\n', 2);
    assert.equal(severityOfPrivileged(await client.connection.sendRequest<AuditResult>(AuditRequest.method, params)), undefined);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: configUri } });
    assert.equal(severityOfPrivileged(await client.connection.sendRequest<AuditResult>(AuditRequest.method, params)), 'warning');
  });

  it('a re-audit judges a Helm chart again when only its templates or only its values changed', async () => {
    const daemonSet = (hostNetwork: string) =>
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      hostNetwork: ${hostNetwork}\n      containers:\n        - name: agent\n          image: busybox:1.37@sha256:${'a'.repeat(64)}\n`;
    const clusterRole = '{{- if .Values.rbac.wide }}\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: wide\nrules:\n  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["get"]\n{{- end }}\n';
    const root = tempTree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: agent\nversion: 1.0.0\n',
      'chart/values.yaml': 'hostNetwork: true\nrbac:\n  wide: false\n',
      'chart/templates/ds.yaml': daemonSet('{{ .Values.hostNetwork }}'),
      'chart/templates/role.yaml': clusterRole,
    });
    const params: AuditRequest.Params = { targets: [{ rootUri: uriOf(root), exclude: [] }] };
    const audit = async () => (await client.connection.sendRequest<AuditResult>(AuditRequest.method, params)).findings.filter((f) => /host-namespaces|rbac-wildcard/.test(f.ruleId)).map((f) => [f.path, f.ruleId]);
    // values.yaml's hostNetwork: true is rendered by ds.yaml; the ClusterRole is off by default.
    assert.deepEqual(await audit(), [['chart/values.yaml', 'k8s/host-namespaces']]);
    // The template stops using the value: values.yaml, unchanged, no longer has the finding.
    writeFileSync(join(root, 'chart/templates/ds.yaml'), daemonSet('false'));
    assert.deepEqual(await audit(), []);
    // The values turn the ClusterRole on: role.yaml, unchanged, now renders a wildcard resource.
    writeFileSync(join(root, 'chart/values.yaml'), 'hostNetwork: true\nrbac:\n  wide: true\n');
    assert.deepEqual(await audit(), [['chart/templates/role.yaml', 'k8s/rbac-wildcard']]);
  });

  it('audits several folders at once, with the folder name in paths, and one folder on its own', async () => {
    const a = tempTree({ 'pod.yaml': pod('a', 'one') });
    const b = tempTree({ 'np.yaml': networkPolicy('one'), 'sub/pod.yaml': pod('b', 'two', { privileged: true }) });
    const both = await client.connection.sendRequest<AuditResult>(AuditRequest.method, {
      targets: [
        { rootUri: uriOf(a), exclude: [], prefix: 'a' },
        { rootUri: uriOf(b), exclude: [], prefix: 'b' },
      ],
    } satisfies AuditRequest.Params);
    // The NetworkPolicy in folder b covers namespace "one" in folder a: workspace rules see every folder.
    assert.deepEqual(both.findings.map((f) => [f.path, f.ruleId]), [
      ['b/sub/pod.yaml', 'workspace/namespace-without-network-policy'],
      ['b/sub/pod.yaml', 'k8s/privileged-container'],
    ]);
    const folder = await client.connection.sendRequest<AuditResult>(AuditRequest.method, { targets: [{ rootUri: uriOf(b), uris: [uriOf(b, 'sub')], exclude: [] }] } satisfies AuditRequest.Params);
    assert.deepEqual(folder.findings.map((f) => f.path), ['sub/pod.yaml', 'sub/pod.yaml']);
  });
});
