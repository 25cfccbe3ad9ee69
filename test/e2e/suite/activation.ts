// One window per file kind: kubeward must be inactive until a document of that kind opens, then activate and
// analyse it. The launcher opens an empty workspace (so no workspaceContains event fires) and names the file.
import { strict as assert } from 'node:assert';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { assertRange, diagnosticsWhen, hasRule, kubeward, languageServerPids, range, ruleOf, waitFor } from './editor';
import { runRegistered, sessionRequest, test } from './harness';

interface Expectation {
  languageId: string;
  /** A finding that must be reported, with its exact range; none for Dockerfiles until Dockerfile rules exist. */
  finding?: { rule: string; range: vscode.Range };
}

const EXPECTED: Record<string, Expectation> = {
  'manifest.yaml': { languageId: 'yaml', finding: { rule: 'k8s/privileged-container', range: range(16, 8, 16, 24) } },
  // `        "securityContext": { "privileged": true }`: the pair starts at column 29 and ends after `true`.
  'pod.json': { languageId: 'json', finding: { rule: 'k8s/privileged-container', range: range(9, 29, 9, 47) } },
  Dockerfile: { languageId: 'dockerfile' },
  Containerfile: { languageId: 'dockerfile' },
};

export function run(): Promise<void> {
  const file = sessionRequest().open;
  assert.ok(file, 'session.json names the file to open');
  const expected = EXPECTED[basename(file)];
  assert.ok(expected, `an expectation for ${basename(file)}`);
  const uri = vscode.Uri.file(file);

  test(`${basename(file)}: kubeward is not active before the document opens`, () => {
    assert.equal(kubeward().isActive, false);
  });

  test(`${basename(file)}: opening it (language ${expected.languageId}) activates kubeward`, async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, expected.languageId);
    await waitFor('kubeward activation', () => kubeward().isActive);
    await waitFor('the language server process', () => languageServerPids().length === 1);
  });

  test(`${basename(file)}: the document is analysed`, async () => {
    if (expected.finding) {
      const { rule, range: where } = expected.finding;
      const ds = await diagnosticsWhen(uri, rule, hasRule(rule));
      assertRange(ds.find((d) => ruleOf(d) === rule)!.range, where, rule);
      return;
    }
    // No Dockerfile rule yet: the server must take the document (hover answers) and stay up.
    const [pid] = languageServerPids();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 1));
    assert.ok(Array.isArray(hovers));
    assert.deepEqual(languageServerPids(), [pid], 'the language server is still the same process');
  });

  return runRegistered();
}
