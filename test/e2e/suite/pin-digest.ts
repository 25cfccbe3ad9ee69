// "Pin to its digest" in the real editor: the fix that explains how to enable lookups while they are off (its
// client-side command exists), then, with lookups on, the server-executed command resolving the tag from a registry
// stand-in on 127.0.0.1 and VS Code applying the edit. The resolver itself is tested against Debian's docker-registry
// in test/registry/; here a few lines of HTTP keep the editor session free of extra processes.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsWhen, hasRule, open, ruleOf, setSetting, waitFor, workspaceUri } from './editor';
import { test } from './harness';

const RULE = 'k8s/image-not-pinned';
const INDEX = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] });
const DIGEST = `sha256:${createHash('sha256').update(INDEX).digest('hex')}`;
// A repository name of its own per run: the extension's digest cache outlives the editor session.
const REPO = `e2e/app-${randomBytes(6).toString('hex')}`;

/** Serves one multi-arch tag, `repo:1.0`, as a registry would (HEAD and GET of its manifest). */
async function startRegistryStandIn(repo = REPO): Promise<{ host: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url !== `/v2/${repo}/manifests/1.0`) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.index.v1+json', 'Docker-Content-Digest': DIGEST, 'Content-Length': Buffer.byteLength(INDEX) });
    res.end(req.method === 'HEAD' ? undefined : INDEX);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { host: `127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

async function pinActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a) => a.title.startsWith('Pin '));
}

test('quick fix "Pin `image` to its digest": explains how to enable lookups, then pins via the language server', async () => {
  const registry = await startRegistryStandIn();
  const uri = workspaceUri('pin.yaml');
  const image = `${registry.host}/${REPO}:1.0`;
  const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pinned\nspec:\n  containers:\n    - name: app\n      image: ${image}\n`;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  try {
    const editor = await open(uri);
    const ds = await diagnosticsWhen(uri, RULE, hasRule(RULE));
    const d = ds.find((x) => ruleOf(x) === RULE)!;

    const [off] = await pinActions(uri, d.range);
    assert.equal(off?.title, `Pin \`${image}\` to its digest: turn on registry lookups first (kubeward.registry.lookup)`);
    assert.equal(off.command?.command, 'kubeward.enableRegistryLookup');
    // The command is registered by the extension (it opens the setting); running it must not fail.
    await vscode.commands.executeCommand(off.command.command);

    await setSetting('kubeward', 'registry.lookup', 'on');
    const on = await waitFor('the pin command once lookups are on', async () => (await pinActions(uri, d.range)).find((a) => a.command?.command === 'kubeward.pinImages'));
    assert.equal(on.title, `Pin \`${image}\` to its digest`);
    await vscode.commands.executeCommand(on.command!.command, ...(on.command!.arguments ?? []));
    await waitFor('the digest in the document', () => editor.document.getText().includes(DIGEST));
    assert.equal(editor.document.getText(), text.replace(`image: ${image}\n`, `image: ${image}@${DIGEST}\n`));
    await diagnosticsWhen(uri, `${RULE} gone after pinning`, (all) => !all.some((x) => ruleOf(x) === RULE));
  } finally {
    await setSetting('kubeward', 'registry.lookup', undefined);
    await closeAllEditors();
    await vscode.workspace.fs.delete(uri);
    registry.server.closeAllConnections();
    registry.server.close();
  }
});

test("in a Helm chart's values.yaml, the pin fills the image map's empty digest", async () => {
  // Another repository: the first test's tag is in the digest cache now, and this one goes through the registry.
  const repo = `${REPO}-chart`;
  const registry = await startRegistryStandIn(repo);
  const chart = (path: string) => workspaceUri(`pin-chart/${path}`);
  const values = `image:\n  registry: ${registry.host}\n  repository: ${repo}\n  tag: "1.0"\n  digest: ""\n`;
  await vscode.workspace.fs.writeFile(chart('Chart.yaml'), Buffer.from('apiVersion: v2\nname: app\nversion: 1.0.0\n'));
  await vscode.workspace.fs.writeFile(
    chart('templates/deploy.yaml'),
    Buffer.from('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}{{ with .Values.image.digest }}@{{ . }}{{ end }}"\n'),
  );
  await vscode.workspace.fs.writeFile(chart('values.yaml'), Buffer.from(values));
  try {
    await setSetting('kubeward', 'registry.lookup', 'on');
    const editor = await open(chart('values.yaml'));
    const ds = await diagnosticsWhen(chart('values.yaml'), RULE, hasRule(RULE));
    const d = ds.find((x) => ruleOf(x) === RULE)!;
    // On `digest: ""`, line 5.
    assert.equal(d.range.start.line, 4);
    const action = await waitFor('the pin command on the digest line', async () => (await pinActions(chart('values.yaml'), d.range)).find((a) => a.command?.command === 'kubeward.pinImages'));
    assert.equal(action.title, `Pin \`${registry.host}/${repo}:1.0\` to its digest`);
    await vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? []));
    await waitFor('the digest in values.yaml', () => editor.document.getText().includes(DIGEST));
    assert.equal(editor.document.getText(), values.replace('digest: ""', `digest: ${DIGEST}`));
    await diagnosticsWhen(chart('values.yaml'), `${RULE} gone after pinning`, (all) => !all.some((x) => ruleOf(x) === RULE));
  } finally {
    await setSetting('kubeward', 'registry.lookup', undefined);
    await closeAllEditors();
    await vscode.workspace.fs.delete(workspaceUri('pin-chart'), { recursive: true });
    registry.server.closeAllConnections();
    registry.server.close();
  }
});
