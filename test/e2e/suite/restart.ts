import { strict as assert } from 'node:assert';
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsWhen, hasRule, languageServerPids, lacksRule, nodeFlagsOf, open, waitFor, workspaceUri } from './editor';
import { test } from './harness';

test('the language server is restarted after its process is killed, and analyses edits again', async () => {
  const uri = workspaceUri('restart.yaml');
  const editor = await open(uri);
  await diagnosticsWhen(uri, 'privileged before the kill', hasRule('k8s/privileged-container'));
  const [before, ...others] = languageServerPids();
  assert.ok(before, 'a kubeward language server runs as a child of the extension host');
  assert.deepEqual(others, [], 'exactly one server');
  // V8's background threads: one core fewer than the machine has (at least 1, at most Node's default of 4).
  const pool = `--v8-pool-size=${Math.max(1, Math.min(4, availableParallelism() - 1))}`;
  assert.ok(nodeFlagsOf(before).includes(pool), `started with ${pool}: ${nodeFlagsOf(before).join(' ')}`);

  process.kill(before, 'SIGKILL');
  const after = await waitFor('a new language server process', () => {
    const pids = languageServerPids();
    return pids.length === 1 && pids[0] !== before ? pids[0] : undefined;
  });
  assert.notEqual(after, before);
  assert.ok(nodeFlagsOf(after).includes(pool), `restarted with ${pool}`);

  // The new server must serve this document: an edit that removes the problem clears the diagnostic.
  const line = editor.document.lineAt(9);
  assert.equal(line.text, '        privileged: true');
  await editor.edit((b) => b.replace(new vscode.Range(9, 20, 9, 24), 'false'));
  await diagnosticsWhen(uri, 'privileged gone after the edit, analysed by the new server', (ds) => lacksRule('k8s/privileged-container')(ds) && ds.length > 0);
  await closeAllEditors();
});

test('"Kubeward: Restart Language Server" starts a new server that publishes again', async () => {
  const uri = workspaceUri('restart.yaml');
  await open(uri);
  await diagnosticsWhen(uri, 'privileged before the restart', hasRule('k8s/privileged-container'));
  const [before] = languageServerPids();
  await vscode.commands.executeCommand('kubeward.restartServer');
  await waitFor('a new language server process', () => {
    const pids = languageServerPids();
    return pids.length === 1 && pids[0] !== before;
  });
  await diagnosticsWhen(uri, 'privileged published by the new server', hasRule('k8s/privileged-container'));
  await closeAllEditors();
});
