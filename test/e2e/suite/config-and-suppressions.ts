// Features that need the real client: the config-file watcher, the Show Effective Configuration command, and
// suppressions inserted through a code action.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsWhen, hasRule, lacksRule, open, ruleOf, waitFor, workspaceUri } from './editor';
import { test } from './harness';

const PRIVILEGED = 'k8s/privileged-container';

test('"Suppress … on this line with a reason" inserts the comment above the line and the finding goes', async () => {
  const uri = workspaceUri('multi-doc.yaml');
  const editor = await open(uri);
  const ds = await diagnosticsWhen(uri, PRIVILEGED, hasRule(PRIVILEGED));
  const d = ds.find((x) => ruleOf(x) === PRIVILEGED)!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
  const suppress = actions.find((a) => a.title === `Suppress ${PRIVILEGED} on this line with a reason`);
  assert.ok(suppress?.edit, `suppress action offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.equal(await vscode.workspace.applyEdit(suppress.edit), true);
  const lines = editor.document.getText().split('\n');
  // Inserted above line 16 with that line's indentation; `<reason>` is the placeholder the user replaces.
  assert.deepEqual(lines.slice(15, 18), ['        runAsUser: 1000', `        # kubeward-ignore ${PRIVILEGED} -- <reason>`, '        privileged: true   # remove me']);
  assert.equal(lines.length, 19);
  await diagnosticsWhen(uri, `${PRIVILEGED} suppressed`, lacksRule(PRIVILEGED));
  await closeAllEditors();
});

test('a .kubeward.yaml written next to the manifest applies at once (file watcher), and deleting it restores the finding', async () => {
  const uri = workspaceUri('multi-doc.yaml');
  await open(uri);
  await diagnosticsWhen(uri, PRIVILEGED, hasRule(PRIVILEGED));
  const config = workspaceUri('.kubeward.yaml');
  await vscode.workspace.fs.writeFile(config, Buffer.from(`rules:\n  ${PRIVILEGED}: off\n`));
  try {
    await diagnosticsWhen(uri, `${PRIVILEGED} turned off by .kubeward.yaml`, (all) => lacksRule(PRIVILEGED)(all) && all.length > 0);

    await vscode.commands.executeCommand('kubeward.showEffectiveConfiguration');
    const shown = await waitFor('the effective configuration', () => vscode.window.visibleTextEditors.find((e) => e.document.getText().startsWith('// Effective kubeward configuration')));
    const json = JSON.parse(shown.document.getText().replace(/^\/\/.*$/gm, '')) as { configFiles: string[]; settings: { rules?: Record<string, unknown> } };
    assert.deepEqual(json.configFiles.map((f) => f.split('/').pop()), ['.kubeward.yaml']);
    assert.match(JSON.stringify(json.settings.rules?.[PRIVILEGED]), /off/);
  } finally {
    await vscode.workspace.fs.delete(config);
  }
  await diagnosticsWhen(uri, `${PRIVILEGED} back once the file is gone`, hasRule(PRIVILEGED));
  await closeAllEditors();
});
