// First test of the packaged-product run: the kubeward under test is the one installed from the .vsix.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { kubeward } from './editor';
import { test } from './harness';

test('kubeward runs from the installed .vsix, bundled: no node_modules, no sources, no tests', async () => {
  const ext = kubeward();
  assert.match(ext.extensionPath, /\/extensions\/kubeward\.kubeward-\d+\.\d+\.\d+$/, 'loaded from the extensions folder');
  assert.equal(existsSync(join(ext.extensionPath, 'node_modules')), false);
  for (const dir of ['test', 'server/src', 'client/src', 'rules', 'out']) assert.equal(existsSync(join(ext.extensionPath, dir)), false, `${dir} is not packaged`);
  assert.deepEqual(readdirSync(join(ext.extensionPath, 'server', 'dist')).filter((f) => f.endsWith('.js')).sort(), ['cli.js', 'server.js']);
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['kubeward.showOutput', 'kubeward.restartServer']) assert.ok(commands.includes(id), `command ${id} is contributed`);
});
