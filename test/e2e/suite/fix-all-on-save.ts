import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsWhen, hasRule, lacksRule, open, ruleOf, setSetting, workspaceUri } from './editor';
import { test } from './harness';

test('saving with editor.codeActionsOnSave = source.fixAll.kubeward applies every safe fix', async () => {
  // The baseline profile keeps the expectation to Pod Security baseline checks: the two privileged containers
  // (safe fix: remove the key) and hostNetwork (its fix is not safe: it changes how the pod is reached).
  await setSetting('kubeward', 'profile', 'pss-baseline');
  await setSetting('editor', 'codeActionsOnSave', { 'source.fixAll.kubeward': 'explicit' });
  try {
    const uri = workspaceUri('fix-all.yaml');
    const editor = await open(uri);
    // VS Code runs save participants only for a modified document: type the second privileged line, as a user would.
    const end = editor.document.lineCount - 1;
    assert.equal(editor.document.lineAt(end).text, '');
    // A WorkspaceEdit, not editor.edit: the latter fails when the editor is no longer the active one (seen flaking).
    const typing = new vscode.WorkspaceEdit();
    typing.insert(uri, new vscode.Position(end, 0), '        privileged: true # for tcpdump\n');
    assert.equal(await vscode.workspace.applyEdit(typing), true);
    await diagnosticsWhen(uri, 'baseline findings only', (ds) => ds.filter((d) => ruleOf(d) === 'k8s/privileged-container').length === 2 && hasRule('k8s/host-namespaces')(ds) && lacksRule('k8s/run-as-non-root')(ds));
    assert.equal(await editor.document.save(), true);
    const expected = `apiVersion: v1
kind: Pod
metadata:
  name: debug-tools
spec:
  hostNetwork: true
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        runAsUser: 1000
    - name: sniffer
      image: nicolaka/netshoot:v0.13
      securityContext:
        runAsUser: 1000
`;
    assert.equal(editor.document.getText(), expected);
    assert.equal(editor.document.isDirty, false);
    assert.equal(readFileSync(uri.fsPath, 'utf8'), expected, 'the fixed text is what was written to disk');
    const ds = await diagnosticsWhen(uri, 'only hostNetwork left', lacksRule('k8s/privileged-container'));
    assert.deepEqual(ds.map(ruleOf), ['k8s/host-namespaces']);
  } finally {
    await setSetting('editor', 'codeActionsOnSave', undefined);
    await setSetting('kubeward', 'profile', undefined);
    await closeAllEditors();
  }
});
