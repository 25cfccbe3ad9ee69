import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { runCli, tempTree } from '../helpers/cli';
import { NAMED_KUSTOMIZATION_TREE as TREE } from '../helpers/kustomize-tree';

interface JsonFinding {
  ruleId: string;
  path: string;
  startLine: number;
  startColumn: number;
}

async function audit(args: string[]): Promise<string[]> {
  const r = await runCli(['audit', '--format', 'json', ...args, '.'], { cwd: tempTree(TREE) });
  assert.equal(r.code, 1, r.stderr);
  const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
  return findings.filter((f) => /privileged|mutable-tag/.test(f.ruleId)).map((f) => `${f.path}:${f.startLine}:${f.startColumn} ${f.ruleId}`);
}

describe('Kustomize: kustomization files named Kustomization', () => {
  it('built with kubectl: the overlay fixes privileged, and the images: entry of base/Kustomization carries the latest tag', async () => {
    // base/Kustomization line 5 is `  newTag: latest`: the value starts at column 11.
    assert.deepEqual(await audit([]), ['base/Kustomization:5:11 k8s/image-mutable-tag']);
  });

  it('without a build: the base is judged as written, and the images: entry still is', async () => {
    // base/deployment.yaml line 12 is `          privileged: true` (the key at column 11).
    assert.deepEqual(await audit(['--no-kustomize-build']), ['base/Kustomization:5:11 k8s/image-mutable-tag', 'base/deployment.yaml:12:11 k8s/privileged-container']);
  });
});
