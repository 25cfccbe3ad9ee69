import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsWhen, hasRule, lacksRule, open, ruleOf, setSetting, workspaceUri } from './editor';
import { test } from './harness';

const PRIVILEGED = 'k8s/privileged-container';

test('kubeward.rules: turning a rule off removes its diagnostics without reload, and back on restores them', async () => {
  const uri = workspaceUri('multi-doc.yaml');
  await open(uri);
  await diagnosticsWhen(uri, PRIVILEGED, hasRule(PRIVILEGED));
  try {
    await setSetting('kubeward', 'rules', { [PRIVILEGED]: 'off' });
    const ds = await diagnosticsWhen(uri, `${PRIVILEGED} gone`, lacksRule(PRIVILEGED));
    assert.ok(ds.some((d) => ruleOf(d) === 'k8s/run-as-non-root'), 'other rules still report');

    await setSetting('kubeward', 'rules', { [PRIVILEGED]: { severity: 'warning' } });
    const lowered = await diagnosticsWhen(uri, `${PRIVILEGED} as a warning`, (all) => all.some((d) => ruleOf(d) === PRIVILEGED && d.severity === vscode.DiagnosticSeverity.Warning));
    assert.equal(lowered.filter((d) => ruleOf(d) === PRIVILEGED).length, 1);
  } finally {
    await setSetting('kubeward', 'rules', undefined);
  }
  await diagnosticsWhen(uri, `${PRIVILEGED} back as an error`, (all) => all.some((d) => ruleOf(d) === PRIVILEGED && d.severity === vscode.DiagnosticSeverity.Error));
  await closeAllEditors();
});
