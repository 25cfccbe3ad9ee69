import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { assertRange, closeAllEditors, diagnosticsWhen, hasRule, open, range, ruleOf, workspaceUri } from './editor';
import { test } from './harness';

const PRIVILEGED = 'k8s/privileged-container';

test('diagnostic on privileged: true in the second document of a multi-document file: exact range, source, code', async () => {
  const uri = workspaceUri('multi-doc.yaml');
  await open(uri);
  const ds = await diagnosticsWhen(uri, PRIVILEGED, hasRule(PRIVILEGED));
  const d = ds.find((x) => ruleOf(x) === PRIVILEGED)!;
  // Line 16 is `        privileged: true   # remove me`: the pair spans the key and the value, not the comment.
  assertRange(d.range, range(16, 8, 16, 24), PRIVILEGED);
  assert.equal(d.source, 'kubeward');
  assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(d.message, 'container "tools" runs privileged: it has full access to the node.');
  assert.ok(typeof d.code === 'object', 'the code links to the rule documentation');
  assert.match(d.code.target.toString(), /docs\/rules\/k8s\/privileged-container\.md$/);
  // The first document is a ConfigMap: nothing to report there.
  assert.deepEqual(ds.filter((x) => x.range.start.line < 6).map(ruleOf), []);
});

test('hover over the finding explains it (vscode.executeHoverProvider)', async () => {
  const uri = workspaceUri('multi-doc.yaml');
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(16, 12));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /### kubeward: Privileged container/);
  assert.match(text, /`k8s\/privileged-container` · error · cluster-config/);
  assert.match(text, /Pod Security Standards: \*\*baseline\*\* level, check `privileged`/);
  assert.match(text, /it is root on the node/);
  assert.match(text, /\[Rule documentation\]\(.*docs\/rules\/k8s\/privileged-container\.md\)/);
  const elsewhere = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(2, 2));
  const kubewardElsewhere = elsewhere.filter((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('kubeward')));
  assert.deepEqual(kubewardElsewhere, [], 'no kubeward hover on the ConfigMap');
  await closeAllEditors();
});
