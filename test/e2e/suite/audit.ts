import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { assertRange, diagnosticsWhen, hasRule, range, ruleOf, workspaceUri } from './editor';
import { test } from './harness';

// The part of the command's result (server/src/audit-protocol.ts AuditResult) this test reads; this tree compiles alone.
interface AuditResult {
  cancelled: boolean;
  filesDone: number;
  findings: { path: string; ruleId: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}

test('Audit Workspace reports a file that was never opened, in its result and in the Problems panel, at the exact range', async () => {
  const uri = workspaceUri('audit/unopened.yaml');
  const result = await vscode.commands.executeCommand<AuditResult>('kubeward.auditWorkspace');
  assert.equal(result.cancelled, false);
  assert.ok(result.filesDone >= 5, `files audited: ${result.filesDone}`);
  // `        privileged: true` is line 19 (index 18), 8 spaces in, 16 characters long.
  const mine = result.findings.filter((f) => f.path === 'audit/unopened.yaml' && f.ruleId === 'k8s/privileged-container');
  assert.deepEqual(mine.map((f) => [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character]), [[18, 8, 18, 24]]);
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file is not open');
  const diagnostics = await diagnosticsWhen(uri, 'audit diagnostics on an unopened file', hasRule('k8s/privileged-container'));
  assertRange(diagnostics.find((d) => ruleOf(d) === 'k8s/privileged-container')!.range, range(18, 8, 18, 24), 'privileged');
});
