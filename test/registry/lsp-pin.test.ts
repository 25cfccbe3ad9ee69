// Digest pinning through the real language server over stdio, against the loopback docker-registry.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, type CodeAction, type Diagnostic, type Hover, type TextEdit } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../../server/src/engine/fix';
import type { PinImagesResult } from '../../server/src/protocol';
import { LspTestClient } from '../helpers/lsp-client';
import { pushImage, pushIndex, registryToolsMissing, skopeoDigest, startRegistry, startServer, writeImageChart, type Registry } from '../helpers/registry';

const skip = registryToolsMissing();
const tmp = mkdtempSync(join(tmpdir(), 'kubeward-lsp-pin-'));
const URI = 'file:///work/demo/nightly.yaml';

interface ApplyEditParams {
  edit: { documentChanges: { textDocument: { uri: string; version: number }; edits: TextEdit[] }[] };
}

const cronJob = (host: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: setup
              image: "${host}/library/tiny:1.0-amd64"
          containers:
            - name: job
              image: ${host}/library/tiny:1.0
          restartPolicy: Never
`;

describe('pin to digest in the language server', { skip }, () => {
  let reg: Registry;
  let client: LspTestClient;
  let text: string;
  let indexDigest: string;
  let amd64Digest: string;
  const applied: ApplyEditParams[] = [];
  const messages: string[] = [];
  // A long timeout: the hanging-lookup test must still be waiting when the other file's diagnostics arrive.
  const lookupOn = { registry: { lookup: 'on', dockerConfig: join(tmp, 'none.json'), timeoutMs: 60000 } };

  before(async () => {
    reg = await startRegistry();
    const a = await pushImage(reg, 'library/tiny', '1.0-amd64', 'amd64');
    const b = await pushImage(reg, 'library/tiny', '1.0-arm64', 'arm64');
    await pushIndex(reg, 'library/tiny', '1.0', [a, b]);
    // The oracle is skopeo, not our own resolver.
    indexDigest = skopeoDigest(`${reg.host}/library/tiny:1.0`);
    amd64Digest = skopeoDigest(`${reg.host}/library/tiny:1.0-amd64`);
    text = cronJob(reg.host);
    client = new LspTestClient();
    client.connection.onRequest('workspace/applyEdit', (p: ApplyEditParams) => (applied.push(p), { applied: true }));
    client.connection.onNotification('window/showMessage', (p: { message: string }) => messages.push(p.message));
    await client.initialize(true, { storagePath: join(tmp, 'storage') });
  });
  after(async () => {
    await client?.stop();
    await reg?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const codeActions = (range: Diagnostic['range'], diagnostics: Diagnostic[], only?: string[]) =>
    client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics, only } }) as Promise<CodeAction[]>;
  const containerImage = () => ({ start: { line: 15, character: 21 }, end: { line: 15, character: 21 + `${reg.host}/library/tiny:1.0`.length } });

  it('with lookups off (the default), the fix says how to turn them on instead of failing silently', async () => {
    const published = client.diagnostics(URI);
    await client.open(URI, text);
    const { diagnostics } = await published;
    const d = diagnostics.find((x) => x.code === 'k8s/image-not-pinned' && x.range.start.line === 15)!;
    assert.deepEqual(d.range, containerImage());
    const actions = await codeActions(d.range, [d]);
    const pin = actions.filter((a) => a.title.startsWith('Pin '));
    assert.equal(pin.length, 1);
    assert.equal(pin[0].title, `Pin \`${reg.host}/library/tiny:1.0\` to its digest: turn on registry lookups first (kubeward.registry.lookup)`);
    assert.equal(pin[0].command?.command, 'kubeward.enableRegistryLookup');
    assert.equal(pin[0].kind, 'quickfix');
    assert.equal(pin[0].edit, undefined);
  });

  it('hover before any lookup: registry, repository, tag, not resolved yet', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 15, character: 30 } })) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, new RegExp(`- Registry: ${reg.host.replace(/\./g, '\\.')}\\n- Repository: library/tiny\\n- Tag: 1\\.0\\n- Digest: not resolved yet`));
  });

  it('with lookups on, the quick fix resolves in the server and applies name:tag@digest (the digest skopeo reports)', async () => {
    client.settings = lookupOn;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const [action] = (await codeActions(containerImage(), [])).filter((a) => a.title.startsWith('Pin '));
    assert.equal(action.title, `Pin \`${reg.host}/library/tiny:1.0\` to its digest`);
    assert.equal(action.command?.command, 'kubeward.pinImages');
    const result = (await client.connection.sendRequest('workspace/executeCommand', { command: action.command!.command, arguments: action.command!.arguments })) as PinImagesResult;
    assert.deepEqual(result, { pinned: [{ image: `${reg.host}/library/tiny:1.0`, digest: indexDigest }], failed: [] });
    const change = applied.at(-1)!.edit.documentChanges[0];
    assert.deepEqual(change.textDocument, { uri: URI, version: 1 });
    assert.equal(applyEdits(text, change.edits), text.replace(`image: ${reg.host}/library/tiny:1.0\n`, `image: ${reg.host}/library/tiny:1.0@${indexDigest}\n`));
  });

  it('hover then shows the digest and when it was resolved', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 15, character: 30 } })) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, new RegExp(`- Digest: \`${indexDigest}\` \\(resolved \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, multi-arch index\\)`));
  });

  it('a cached digest makes the quick fix a plain edit; "pin all" pins the quoted initContainer image too', async () => {
    const [cached] = (await codeActions(containerImage(), [])).filter((a) => a.title.startsWith('Pin '));
    assert.equal(cached.command, undefined);
    assert.deepEqual(cached.edit!.documentChanges, [{ textDocument: { uri: URI, version: 1 }, edits: [{ range: { start: containerImage().end, end: containerImage().end }, newText: `@${indexDigest}` }] }]);

    const [all] = await codeActions({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.pinImages.kubeward']);
    assert.equal(all.title, 'Pin all images in this file to their digests');
    assert.equal(all.kind, 'source.pinImages.kubeward');
    const result = (await client.connection.sendRequest('workspace/executeCommand', { command: all.command!.command, arguments: all.command!.arguments })) as PinImagesResult;
    assert.equal(result.pinned.length, 2);
    const expected = text
      .replace(`image: "${reg.host}/library/tiny:1.0-amd64"`, `image: "${reg.host}/library/tiny:1.0-amd64@${amd64Digest}"`)
      .replace(`image: ${reg.host}/library/tiny:1.0\n`, `image: ${reg.host}/library/tiny:1.0@${indexDigest}\n`);
    assert.equal(applyEdits(text, applied.at(-1)!.edit.documentChanges[0].edits), expected);
  });

  it("in a chart's values.yaml, the fix goes with the image map's not-pinned finding and fills its empty digest", async () => {
    const chart = join(tmp, 'chart');
    const values = `image:\n  registry: ${reg.host}\n  repository: library/tiny\n  tag: "1.0"\n  digest: ""\n`;
    writeImageChart(chart, values);
    const uri = pathToFileURL(join(chart, 'values.yaml')).href;
    const published = client.diagnostics(uri);
    await client.open(uri, values);
    const d = (await published).diagnostics.find((x) => x.code === 'k8s/image-not-pinned')!;
    // On `digest: ""` (line 4), where the digest goes.
    assert.deepEqual(d.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 12 } });
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const pin = actions.filter((a) => a.title.startsWith('Pin '));
    assert.deepEqual(pin.map((a) => [a.title, a.diagnostics?.map((x) => x.code)]), [[`Pin \`${reg.host}/library/tiny:1.0\` to its digest`, ['k8s/image-not-pinned']]]);
    // The tag was resolved by an earlier test: a plain edit of the digest value.
    assert.equal(applyEdits(values, (pin[0].edit!.documentChanges![0] as { edits: TextEdit[] }).edits), values.replace('digest: ""', `digest: ${indexDigest}`));
    // Hovering the tag describes the image the map renders.
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 9 } })) as Hover;
    assert.match((hover.contents as { value: string }).value, new RegExp(`^\\*\\*Image\\*\\* \`${reg.host.replace(/\./g, '\\.')}/library/tiny:1\\.0\` \\(values image\\)\n\n- Registry: `));
  });

  it('in a values file that kubeward.helm.valuesFiles names (env/prod.yaml under the chart), the fix fills the digest too', async () => {
    const chart = join(tmp, 'chart-env');
    writeImageChart(chart, `image:\n  registry: ${reg.host}\n  repository: library/tiny\n  tag: "1.0-amd64"\n`);
    mkdirSync(join(chart, 'env'));
    const prod = `image:\n  registry: ${reg.host}\n  repository: library/tiny\n  tag: "1.0"\n  digest: ""\n`;
    writeFileSync(join(chart, 'env', 'prod.yaml'), prod);
    client.settings = { ...lookupOn, helm: { valuesFiles: ['env/prod.yaml'] } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    try {
      const uri = pathToFileURL(join(chart, 'env', 'prod.yaml')).href;
      const published = client.diagnostics(uri);
      await client.open(uri, prod);
      const d = (await published).diagnostics.find((x) => x.code === 'k8s/image-not-pinned')!;
      assert.deepEqual(d.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 12 } });
      const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      const pin = actions.filter((a) => a.title.startsWith('Pin '));
      assert.deepEqual(pin.map((a) => a.title), [`Pin \`${reg.host}/library/tiny:1.0\` to its digest`]);
      assert.equal(applyEdits(prod, (pin[0].edit!.documentChanges![0] as { edits: TextEdit[] }).edits), prod.replace('digest: ""', `digest: ${indexDigest}`));
    } finally {
      client.settings = lookupOn;
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    }
  });

  it('pins a Dockerfile FROM image the same way (and leaves stage aliases alone)', async () => {
    const uri = 'file:///work/demo/Dockerfile';
    const dockerfile = `FROM ${reg.host}/library/tiny:1.0-amd64 AS base\nRUN true\nFROM base\nCMD ["true"]\n`;
    await client.open(uri, dockerfile, 'dockerfile');
    const range = { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } };
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } })) as CodeAction[];
    const pin = actions.filter((a) => a.title.startsWith('Pin '));
    assert.deepEqual(pin.map((a) => a.title), [`Pin \`${reg.host}/library/tiny:1.0-amd64\` to its digest`]);
    // Already resolved by "pin all" above: a plain edit from the cache.
    assert.equal(applyEdits(dockerfile, (pin[0].edit!.documentChanges![0] as { edits: TextEdit[] }).edits), dockerfile.replace(':1.0-amd64 AS', `:1.0-amd64@${amd64Digest} AS`));
    const onAlias = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 2, character: 6 }, end: { line: 2, character: 6 } }, context: { diagnostics: [] } })) as CodeAction[];
    assert.equal(onAlias.filter((a) => a.title.startsWith('Pin ')).length, 0);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } })) as Hover;
    assert.match((hover.contents as { value: string }).value, /(?:^|\n)\*\*Image\*\* `127\.0\.0\.1:\d+\/library\/tiny:1\.0-amd64` \(FROM of stage "base"\)/);
  });

  it('on `FROM ${BASE}`, the fix goes with the docker/pin-image-digest finding and pins the ARG default', async () => {
    const uri = 'file:///work/demo/base.Dockerfile';
    const dockerfile = `ARG BASE=${reg.host}/library/tiny:1.0\nFROM \${BASE}\nUSER 1000\n`;
    const published = client.diagnostics(uri);
    await client.open(uri, dockerfile, 'dockerfile');
    const { diagnostics } = await published;
    const d = diagnostics.find((x) => x.code === 'docker/pin-image-digest')!;
    assert.deepEqual(d.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } });
    const [pin] = ((await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[]).filter((a) => a.title.startsWith('Pin '));
    assert.equal(pin.title, `Pin \`${reg.host}/library/tiny:1.0\` to its digest`);
    assert.deepEqual(pin.diagnostics, [d]);
    const edits = (pin.edit!.documentChanges![0] as { edits: TextEdit[] }).edits;
    assert.equal(applyEdits(dockerfile, edits), `ARG BASE=${reg.host}/library/tiny:1.0@${indexDigest}\nFROM \${BASE}\nUSER 1000\n`);
  });

  it('resolves a Dockerfile image through the pin command when it is not cached', async () => {
    const uri = 'file:///work/demo/api.Dockerfile';
    await pushImage(reg, 'team/api', '3', 'amd64');
    const digest = skopeoDigest(`${reg.host}/team/api:3`);
    const dockerfile = `# build\nFROM ${reg.host}/team/api:3\n`;
    await client.open(uri, dockerfile, 'dockerfile');
    const range = { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } };
    const [action] = ((await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } })) as CodeAction[]).filter((a) => a.title.startsWith('Pin '));
    assert.equal(action.command?.command, 'kubeward.pinImages');
    const result = (await client.connection.sendRequest('workspace/executeCommand', { command: action.command!.command, arguments: action.command!.arguments })) as PinImagesResult;
    assert.deepEqual(result, { pinned: [{ image: `${reg.host}/team/api:3`, digest }], failed: [] });
    assert.equal(applyEdits(dockerfile, applied.at(-1)!.edit.documentChanges[0].edits), `# build\nFROM ${reg.host}/team/api:3@${digest}\n`);
  });

  it('a missing tag fails with a message naming the 404, and no edit', async () => {
    const uri = 'file:///work/demo/missing.yaml';
    const missing = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: m\nspec:\n  containers:\n    - name: c\n      image: ${reg.host}/library/tiny:9.9\n`;
    await client.open(uri, missing);
    const before = applied.length;
    const result = (await client.connection.sendRequest('workspace/executeCommand', { command: 'kubeward.pinImages', arguments: [{ uri, version: 1 }] })) as PinImagesResult;
    assert.deepEqual(result, { pinned: [], failed: [{ image: `${reg.host}/library/tiny:9.9`, message: `Tag "9.9" not found in ${reg.host}/library/tiny (HTTP 404).` }] });
    assert.equal(applied.length, before);
    assert.equal(messages.at(-1), `kubeward: could not pin ${reg.host}/library/tiny:9.9: Tag "9.9" not found in ${reg.host}/library/tiny (HTTP 404).`);
  });

  it('never blocks diagnostics: a lookup hanging on a silent registry runs while other files are analysed, and is cancellable', async () => {
    const silent = await startServer(() => undefined);
    try {
      const uri = 'file:///work/demo/slow.yaml';
      await client.open(uri, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: s\nspec:\n  containers:\n    - name: c\n      image: ${silent.host}/app:1\n`);
      const cancel = new CancellationTokenSource();
      let settled = false;
      const pending = client.connection.sendRequest('workspace/executeCommand', { command: 'kubeward.pinImages', arguments: [{ uri, version: 1 }] }, cancel.token).finally(() => (settled = true));
      const other = 'file:///work/demo/other.yaml';
      const published = client.diagnostics(other);
      await client.open(other, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: o\nspec:\n  containers:\n    - name: c\n      image: busybox\n      securityContext:\n        privileged: true\n');
      const { diagnostics } = await published;
      assert.ok(diagnostics.some((d) => d.code === 'k8s/privileged-container'));
      assert.equal(settled, false, 'the lookup is still waiting on the silent registry');
      cancel.cancel();
      const result = (await pending) as PinImagesResult;
      assert.deepEqual(result, { pinned: [], failed: [{ image: '', message: 'Cancelled.' }] });
    } finally {
      await silent.stop();
    }
  });
});

describe('pin to digest in an untrusted workspace', { skip }, () => {
  let client: LspTestClient;
  const messages: string[] = [];
  let edits = 0;
  before(async () => {
    client = new LspTestClient();
    client.settings = { registry: { lookup: 'on' } };
    client.connection.onRequest('workspace/applyEdit', () => (edits++, { applied: true }));
    client.connection.onNotification('window/showMessage', (p: { message: string }) => messages.push(p.message));
    await client.initialize(true, { workspaceTrusted: false });
  });
  after(() => client?.stop());

  it('offers no lookup: the action says why and the command only explains', async () => {
    const uri = 'file:///work/untrusted/pod.yaml';
    const published = client.diagnostics(uri);
    await client.open(uri, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: u\nspec:\n  containers:\n    - name: c\n      image: 127.0.0.1:9/app:1\n');
    await published;
    const range = { start: { line: 7, character: 14 }, end: { line: 7, character: 14 } };
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } })) as CodeAction[];
    const pin = actions.find((a) => a.title.startsWith('Pin '))!;
    assert.equal(pin.title, 'Pin `127.0.0.1:9/app:1` to its digest (unavailable: untrusted workspace)');
    const result = (await client.connection.sendRequest('workspace/executeCommand', { command: pin.command!.command, arguments: pin.command!.arguments })) as PinImagesResult;
    assert.deepEqual(result.failed, [{ image: '127.0.0.1:9/app:1', message: 'Registry lookups are disabled in untrusted workspaces; trust the workspace to resolve digests.' }]);
    assert.equal(edits, 0);
    assert.match(messages.at(-1)!, /untrusted workspaces/);
  });
});
