import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/engine/fix';
import { EffectiveConfigurationRequest, WorkspaceTrustNotification } from '../../server/src/protocol';
import { LspTestClient } from '../helpers/lsp-client';

const DIGEST = '@sha256:' + '0'.repeat(64);
// Meets "restricted" and the hygiene rules except that the container runs privileged: one finding, on line 16.
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: web
      image: nginx${DIGEST}
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
        privileged: true
        readOnlyRootFilesystem: true
      resources: {limits: {memory: 64Mi}}
  serviceAccountName: tools
  automountServiceAccountToken: false
`;
const PRIV = 'k8s/privileged-container';
const priv = (p: PublishDiagnosticsParams): Diagnostic | undefined => p.diagnostics.find((d) => d.code === PRIV);

describe('configuration through the language server', () => {
  let dir: string;
  let client: LspTestClient;
  let podUri: string;
  let configPath: string;
  let configUri: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubeward-config-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'pod.yaml'), POD);
    podUri = pathToFileURL(join(dir, 'app', 'pod.yaml')).toString();
    configPath = join(dir, '.kubeward.yaml');
    configUri = pathToFileURL(configPath).toString();
    client = new LspTestClient();
    await client.initialize(true, undefined, [pathToFileURL(dir).toString()]);
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without a config file, privileged is an error', async () => {
    const published = client.diagnostics(podUri);
    await client.open(podUri, POD);
    assert.equal(priv(await published)?.severity, 1);
  });

  it('a config file created on disk applies at once (workspace/didChangeWatchedFiles), no reload', async () => {
    writeFileSync(configPath, 'rules:\n  k8s/privileged-container: warning\n');
    const published = client.diagnostics(podUri, (p) => priv(p)?.severity === 2);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 1 }] });
    const d = priv(await published)!;
    assert.deepEqual(d.range, { start: { line: 16, character: 8 }, end: { line: 16, character: 24 } });
  });

  it('editing the open config file applies as typed, before saving', async () => {
    const published = client.diagnostics(podUri, (p) => !priv(p));
    await client.open(configUri, 'rules:\n  k8s/privileged-container: warning\n');
    await client.change(configUri, 'rules:\n  k8s/privileged-container: off\n', 2);
    assert.equal(priv(await published), undefined);
  });

  it('reports schema errors in the config file at the exact value', async () => {
    const published = client.diagnostics(configUri, (p) => p.diagnostics.length > 0);
    await client.change(configUri, 'profile: lax\nrules:\n  k8s/privileged-container: off\n', 3);
    const { diagnostics } = await published;
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.range, d.message]), [
      ['kubeward/config-error', 1, { start: { line: 0, character: 9 }, end: { line: 0, character: 12 } }, '`profile` is one of: strict, pss-baseline, pss-restricted.'],
    ]);
  });

  it('a misspelt rule id in the config file gets a "did you mean" fix', async () => {
    const published = client.diagnostics(configUri, (p) => p.diagnostics.some((d) => d.code === 'kubeward/unknown-rule'));
    const text = 'rules:\n  k8s/privileged-containr: off\n';
    await client.change(configUri, text, 4);
    const d = (await published).diagnostics.find((x) => x.code === 'kubeward/unknown-rule')!;
    assert.deepEqual(d.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 25 } });
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: configUri }, range: d.range, context: { diagnostics: [d] } })) as { title: string; edit: { documentChanges: { edits: never[] }[] } }[];
    assert.equal(actions[0].title, 'Change to `k8s/privileged-container`');
    assert.equal(applyEdits(text, actions[0].edit.documentChanges[0].edits), 'rules:\n  k8s/privileged-container: off\n');
  });

  it('config file wins over VS Code settings; settings fill what the file leaves out', async () => {
    const published = client.diagnostics(podUri, (p) => priv(p)?.severity === 2 && p.diagnostics.some((d) => d.code === 'kubeward/suppression-not-allowed'));
    await client.change(configUri, 'rules:\n  k8s/privileged-container: warning\n', 5);
    client.settings = { rules: { [PRIV]: 'hint' }, allowInlineSuppressions: false };
    await client.change(podUri, POD.replace('privileged: true', 'privileged: true # kubeward-ignore k8s/privileged-container -- x'), 2);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const { diagnostics } = await published;
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.range.start.line]), [[PRIV, 2, 16], ['kubeward/suppression-not-allowed', 2, 16]]);
    const d = diagnostics[0];
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: podUri }, range: d.range, context: { diagnostics: [d] } })) as { title: string }[];
    assert.deepEqual(actions.filter((a) => a.title.startsWith('Suppress')), [], 'no suppression is offered where it would not be allowed');
    assert.ok(actions.some((a) => a.title === 'Remove `privileged: true`'));
  });

  it('Show Effective Configuration returns the merged settings and their sources', async () => {
    const result = (await client.connection.sendRequest(EffectiveConfigurationRequest.method, { uri: podUri })) as EffectiveConfigurationRequest.Result;
    assert.deepEqual(result.configFiles, [configPath]);
    assert.equal(result.workspaceFolder, dir);
    assert.equal(result.workspaceTrusted, true);
    assert.deepEqual(result.settings.rules, { [PRIV]: { severity: 'warning' } });
    assert.equal(result.settings.allowInlineSuppressions, false);
    assert.deepEqual(result.problems, []);
  });

  it('every finding offers "Suppress with a reason"; applying it silences the finding', async () => {
    client.settings = {};
    const published = client.diagnostics(podUri, (p) => !!priv(p) && !p.diagnostics.some((d) => d.code?.toString().startsWith('kubeward/')));
    await client.change(podUri, POD, 3);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const d = priv(await published)!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: podUri }, range: d.range, context: { diagnostics: [d] } })) as { title: string; edit: { documentChanges: { edits: never[] }[] } }[];
    const suppress = actions.find((a) => a.title === 'Suppress k8s/privileged-container on this line with a reason')!;
    const suppressed = applyEdits(POD, suppress.edit.documentChanges[0].edits);
    assert.equal(suppressed, POD.replace('        privileged: true', '        # kubeward-ignore k8s/privileged-container -- <reason>\n        privileged: true'));
    const annotation = actions.find((a) => a.title === 'Suppress k8s/privileged-container for this Pod with an annotation')!;
    assert.equal(applyEdits(POD, annotation.edit.documentChanges[0].edits), POD.replace('  name: tools\n', '  name: tools\n  annotations:\n    kubeward.io/ignore.k8s.privileged-container: "<reason>"\n'));
    const after = client.diagnostics(podUri, (p) => !priv(p));
    await client.change(podUri, suppressed, 4);
    assert.deepEqual((await after).diagnostics, []);
  });
});

describe('untrusted workspace through the language server', () => {
  let dir: string;
  let client: LspTestClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubeward-untrusted-'));
    mkdirSync(join(dir, 'ws'));
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'base.yaml'), 'rules:\n  k8s/privileged-container: off\n');
    writeFileSync(join(dir, 'ws', '.kubeward.yaml'), 'extends: ../outside/base.yaml\n');
    writeFileSync(join(dir, 'ws', 'pod.yaml'), POD);
    client = new LspTestClient();
    await client.initialize(true, { workspaceTrusted: false }, [pathToFileURL(join(dir, 'ws')).toString()]);
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ignores an extends outside the workspace, says so in the config file, and applies it once trusted', async () => {
    const podUri = pathToFileURL(join(dir, 'ws', 'pod.yaml')).toString();
    const configUri = pathToFileURL(join(dir, 'ws', '.kubeward.yaml')).toString();
    const untrusted = client.diagnostics(podUri);
    await client.open(podUri, POD);
    assert.equal(priv(await untrusted)?.severity, 1, 'the outside base did not turn the rule off');

    const configDiagnostics = client.diagnostics(configUri);
    await client.open(configUri, 'extends: ../outside/base.yaml\n');
    const [d] = (await configDiagnostics).diagnostics;
    assert.equal(d.code, 'kubeward/untrusted-ignored');
    assert.deepEqual(d.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 29 } });

    const trusted = client.diagnostics(podUri, (p) => !priv(p));
    await client.connection.sendNotification(WorkspaceTrustNotification.method);
    assert.deepEqual((await trusted).diagnostics, []);
  });
});
