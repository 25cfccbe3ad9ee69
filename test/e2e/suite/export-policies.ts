import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { setSetting } from './editor';
import { test } from './harness';

// The part of the command's result (client/src/export-policies.ts) this test reads; this tree compiles alone.
interface ExportResult {
  folder: string;
  pssVersion: string;
  summary: string;
}

test('Export Admission Policies follows the Pod Security Standards version the editor checks with (kubeward.pssVersion)', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'kubeward-export-'));
  try {
    await setSetting('kubeward', 'pssVersion', 'v1.29');
    const result = await vscode.commands.executeCommand<ExportResult | undefined>('kubeward.exportAdmissionPolicies', { format: 'vap', profile: 'pss-baseline', folder });
    assert.ok(result, 'the export ran');
    assert.equal(result.pssVersion, 'v1.29');
    assert.match(result.summary, /\(baseline, PSS v1\.29\)/);
    const policies = readdirSync(folder).filter((f) => f.endsWith('.yaml'));
    // The baseline check of probe and lifecycle hosts is new in v1.34 (../shared/research/pss-checks.md): a v1.29
    // export leaves it out, while latest has it.
    assert.ok(policies.includes('kubeward-k8s-privileged-container.yaml'), policies.join(', '));
    assert.ok(!policies.includes('kubeward-k8s-host-probes.yaml'), 'host-probes is not part of baseline v1.29');
    assert.match(readFileSync(join(folder, 'README.md'), 'utf8'), /policy version v1\.29/);
  } finally {
    await setSetting('kubeward', 'pssVersion', undefined);
    rmSync(folder, { recursive: true, force: true });
  }
  const latest = mkdtempSync(join(tmpdir(), 'kubeward-export-'));
  try {
    const result = await vscode.commands.executeCommand<ExportResult | undefined>('kubeward.exportAdmissionPolicies', { format: 'vap', profile: 'pss-baseline', folder: latest });
    assert.equal(result?.pssVersion, 'latest');
    assert.ok(readdirSync(latest).includes('kubeward-k8s-host-probes.yaml'), 'latest includes host-probes');
  } finally {
    rmSync(latest, { recursive: true, force: true });
  }
});
