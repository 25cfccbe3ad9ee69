import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { applyAllSafeFixes, applyEdits } from '../../server/src/engine/fix';
import { FileStatusNotification } from '../../server/src/protocol';
import { LspTestClient } from '../helpers/lsp-client';

const URI = 'file:///work/demo/app.yaml';
const TEXT = `# ConfigMap first
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings # comment stays
---
# then a Pod
apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
  containers:
    - name: tools
      image: alpine:3.20
      securityContext:
        runAsUser: 1000
        privileged: true   # remove me
`;

describe('language server over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    const init = (await client.initialize()) as { capabilities: { hoverProvider: boolean; codeActionProvider: { codeActionKinds: string[] } } };
    assert.equal(init.capabilities.hoverProvider, true);
    assert.deepEqual(init.capabilities.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.kubeward', 'source.pinImages.kubeward']);
  });
  after(() => client.stop());

  it('publishes a diagnostic on the exact range of privileged: true in the second document', async () => {
    const published = client.diagnostics(URI);
    await client.open(URI, TEXT);
    const { diagnostics, version } = await published;
    assert.equal(version, 1);
    const d = diagnostics.find((x) => x.code === 'k8s/privileged-container');
    assert.ok(d, 'privileged diagnostic present');
    assert.deepEqual(d.range, { start: { line: 17, character: 8 }, end: { line: 17, character: 24 } });
    assert.equal(d.source, 'kubeward');
    assert.equal(d.severity, 1);
    assert.match(d.codeDescription!.href, /docs\/rules\/k8s\/privileged-container\.md$/);
  });

  it('explains the finding on hover', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 17, character: 12 } })) as { contents: { kind: string; value: string } };
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /Privileged container/);
    assert.match(hover.contents.value, /baseline/);
    assert.match(hover.contents.value, /root on the node/);
    const nothing = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 2, character: 1 } });
    assert.equal(nothing, null);
  });

  it('offers a quick fix that removes only the privileged line', async () => {
    const { diagnostics } = client.published.filter((p) => p.uri === URI).at(-1)!;
    const d = diagnostics.find((x) => x.code === 'k8s/privileged-container')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: d.range,
      context: { diagnostics: [d] },
    })) as { title: string; kind: string; edit: { documentChanges: { edits: { range: never; newText: string }[] }[] } }[];
    const fix = actions.find((a) => a.title.includes('privileged'))!;
    assert.equal(fix.kind, 'quickfix');
    const fixed = applyEdits(TEXT, fix.edit.documentChanges[0].edits);
    assert.equal(fixed, TEXT.replace('        privileged: true   # remove me\n', ''));
  });

  it('offers source.fixAll.kubeward', async () => {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as { kind: string; edit: { documentChanges: { edits: { range: never; newText: string }[] }[] } }[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.kubeward');
    // The server's fix-all is the engine's (restricted-profile fixes included); it removes the privileged line.
    const fixed = applyEdits(TEXT, actions[0].edit.documentChanges[0].edits);
    assert.equal(fixed, applyAllSafeFixes(new Analyzer(), { text: TEXT, path: '/work/demo/app.yaml' }).text);
    assert.doesNotMatch(fixed, /privileged/);
    assert.ok(fixed.startsWith(TEXT.slice(0, TEXT.indexOf('        runAsUser: 1000'))), 'nothing before the edits changes');
  });

  it('re-analyses incremental edits and clears on close', async () => {
    const next = client.diagnostics(URI, (p) => p.version === 2);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 17, character: 20 }, end: { line: 17, character: 24 } }, text: 'false' }],
    });
    const { diagnostics } = await next;
    assert.equal(diagnostics.some((d) => d.code === 'k8s/privileged-container'), false);
    const cleared = client.diagnostics(URI, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
    await cleared;
  });

  it('sends the file status when its counts change, not on every keystroke', async () => {
    const uri = 'file:///work/demo/status.yaml';
    const statuses: { uri: string; counts: Record<string, number> }[] = [];
    const listener = client.connection.onNotification(FileStatusNotification.method, (p: { uri: string; counts: Record<string, number> }) => {
      if (p.uri === uri) statuses.push(p);
    });
    try {
      const opened = client.diagnostics(uri);
      await client.open(uri, TEXT);
      await opened;
      // A comment typed at the end changes no finding: diagnostics are published, the status is not sent again.
      const same = client.diagnostics(uri, (p) => p.version === 2);
      await client.change(uri, `${TEXT}# note\n`, 2);
      await same;
      // privileged: false drops one error.
      const fewer = client.diagnostics(uri, (p) => p.version === 3);
      await client.change(uri, TEXT.replace('privileged: true', 'privileged: false'), 3);
      await fewer;
      // The status is sent after the diagnostics of the same analysis: let it arrive.
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(statuses.length, 2, JSON.stringify(statuses));
      assert.equal(statuses[0].counts.error - statuses[1].counts.error, 1);
    } finally {
      listener.dispose();
    }
  });

  it('applies a settings change live (rule turned off)', async () => {
    const uri = 'file:///work/demo/other.yaml';
    const first = client.diagnostics(uri);
    await client.open(uri, TEXT);
    assert.ok((await first).diagnostics.some((d) => d.code === 'k8s/privileged-container'));
    client.settings = { rules: { 'k8s/privileged-container': 'off' } };
    const updated = client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'k8s/privileged-container'));
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await updated;
    client.settings = {};
  });
});
