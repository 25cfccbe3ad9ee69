import assert from 'node:assert/strict';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/engine/types';
import { runAudit } from '../../server/src/node/audit';
import { DEFAULT_KUSTOMIZE_OPTIONS } from '../../server/src/node/kustomize';
import { tempTree } from '../helpers/cli';
import { WEB_NON_ROOT_PATCH, webDeployment } from '../helpers/manifests';

// The audit analyses the files outside every Kustomize tree while kubectl builds the trees. Here the base names a
// Deployment that lives outside the tree's folder (`shared/`, beside `app/`), so the audit meets it before the
// builds are known; the overlay's patch sets runAsNonRoot, so once built the file has no run-as-non-root finding.
const DEPLOYMENT = webDeployment();
const NON_ROOT = WEB_NON_ROOT_PATCH;
const FILES = {
  'shared/deployment.yaml': DEPLOYMENT,
  'app/base/kustomization.yaml': 'resources:\n- ../../shared/deployment.yaml\n',
  'app/overlay/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: non-root.yaml\n',
  'app/overlay/non-root.yaml': NON_ROOT,
  // A second tree, built side by side with the first; its Deployment keeps the finding.
  'other/base/kustomization.yaml': 'resources:\n- deployment.yaml\n',
  'other/base/deployment.yaml': DEPLOYMENT,
  'other/overlay/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: other-\n',
};

async function nonRootFindings(build: boolean): Promise<string[]> {
  const root = tempTree(FILES);
  const report = await runAudit([{ root, paths: [root] }], { settings: DEFAULT_SETTINGS, kustomize: { options: { ...DEFAULT_KUSTOMIZE_OPTIONS, build } } });
  return report.findings.filter((f) => f.ruleId === 'k8s/run-as-non-root').map((f) => `${f.path}:${f.range.start.line + 1} ${/kustomize build/.test(f.message) ? 'built' : 'as written'}`);
}

describe('audit of Kustomize trees while they build', () => {
  it('a file outside the tree that a build reads is judged by the build, once', async () => {
    // These tests need kubectl (Kustomize v4 or newer) on the PATH, as the other Kustomize build tests do.
    assert.deepEqual(await nonRootFindings(true), ['other/base/deployment.yaml:7 built']);
  });

  it('without builds, the same files are judged as written', async () => {
    assert.deepEqual(await nonRootFindings(false), ['other/base/deployment.yaml:7 as written', 'shared/deployment.yaml:7 as written']);
  });
});

describe('cancelling an audit while Kustomize trees build', () => {
  it('returns, marked cancelled, without waiting for kubectl', async () => {
    const root = tempTree(FILES);
    const tools = tempTree({});
    const finished = join(tools, 'finished');
    const kubectl = join(tools, 'kubectl');
    // A kubectl that takes 4 s and then says it finished.
    writeFileSync(kubectl, `#!/bin/sh\nsleep 4\ntouch "${finished}"\n`);
    chmodSync(kubectl, 0o755);
    let cancelled = false;
    setTimeout(() => (cancelled = true), 300);
    const report = await runAudit([{ root, paths: [root] }], { settings: DEFAULT_SETTINGS, isCancelled: () => cancelled, kustomize: { options: { ...DEFAULT_KUSTOMIZE_OPTIONS, kubectlPath: kubectl } } });
    assert.equal(report.cancelled, true);
    assert.equal(existsSync(finished), false, 'the audit waited for the builds');
    // The files outside every tree were analysed before the builds were needed.
    assert.deepEqual(report.files.map((f) => f.path), ['shared/deployment.yaml']);
  });
});
