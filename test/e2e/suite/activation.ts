// One window per file kind: kubeward must be inactive until a document of that kind opens, then activate and
// analyse it. The launcher opens an empty workspace (so no workspaceContains event fires) and names the file.
import { strict as assert } from 'node:assert';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { assertRange, diagnosticsWhen, hasRule, kubeward, languageServerPids, range, ruleOf, waitFor } from './editor';
import { runRegistered, sessionRequest, test } from './harness';

interface Expectation {
  languageId: string;
  /** A finding that must be reported, with its exact range. */
  finding: { rule: string; range: vscode.Range };
}

const EXPECTED: Record<string, Expectation> = {
  'manifest.yaml': { languageId: 'yaml', finding: { rule: 'k8s/privileged-container', range: range(16, 8, 16, 24) } },
  // `        "securityContext": { "privileged": true }`: the pair starts at column 29 and ends after `true`.
  'pod.json': { languageId: 'json', finding: { rule: 'k8s/privileged-container', range: range(9, 29, 9, 47) } },
  // `USER root` on line 4: the whole instruction.
  Dockerfile: { languageId: 'dockerfile', finding: { rule: 'docker/no-root-user', range: range(4, 0, 4, 9) } },
  Containerfile: { languageId: 'dockerfile', finding: { rule: 'docker/no-root-user', range: range(4, 0, 4, 9) } },
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
    const { rule, range: where } = expected.finding;
    const ds = await diagnosticsWhen(uri, rule, hasRule(rule));
    assertRange(ds.find((d) => ruleOf(d) === rule)!.range, where, rule);
  });

  return runRegistered();
}
