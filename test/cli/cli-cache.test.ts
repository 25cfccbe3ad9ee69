import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempTree } from '../helpers/cli';
import { webDeployment } from '../helpers/manifests';

// `kubeward audit --cache FILE` over a small tree: a privileged Deployment, a Kustomize base with an overlay (built by
// kubectl, through a wrapper that logs each build), and a Dockerfile.
const PRIVILEGED = webDeployment('          securityContext:\n            privileged: true\n');
const FILES = {
  'deploy.yaml': PRIVILEGED,
  'k/base/kustomization.yaml': 'resources:\n- deployment.yaml\n',
  'k/base/deployment.yaml': PRIVILEGED,
  'k/overlay/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: prod-\n',
  Dockerfile: 'FROM python:3.12-slim\nRUN pip install flask\n',
};

interface Setup {
  tree: string;
  cache: string;
  builds: () => number;
  audit: () => Promise<{ code: number | null; report: { findings: { path: string; ruleId: string; message: string }[] }; json: string; stderr: string }>;
}

function setup(): Setup {
  const tree = tempTree(FILES);
  const tools = tempTree({ 'builds.log': '' });
  const log = join(tools, 'builds.log');
  const kubectl = join(tools, 'kubectl');
  // These tests need kubectl (Kustomize v4 or newer) on the PATH, as the other Kustomize build tests do.
  writeFileSync(kubectl, `#!/bin/sh\necho build >> "${log}"\nexec kubectl "$@"\n`);
  chmodSync(kubectl, 0o755);
  const cache = join(tools, 'audit.cache');
  return {
    tree,
    cache,
    builds: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length,
    audit: async () => {
      const run = await runCli(['audit', '--format', 'json', '--cache', cache, '--kubectl', kubectl, '.'], { cwd: tree });
      return { code: run.code, json: run.stdout, report: JSON.parse(run.stdout), stderr: run.stderr };
    },
  };
}

const privileged = (r: Awaited<ReturnType<Setup['audit']>>) => r.report.findings.filter((f) => f.ruleId === 'k8s/privileged-container').map((f) => `${f.path} ${f.message}`);

describe('kubeward audit --cache FILE', () => {
  it('a second audit reports the same, byte for byte, without building the Kustomize tree again', async () => {
    const s = setup();
    const first = await s.audit();
    assert.equal(first.code, 1);
    assert.equal(first.stderr, '');
    assert.equal(s.builds(), 1, 'the overlay is built once');
    assert.ok(existsSync(s.cache));
    assert.deepEqual(privileged(first).map((l) => l.split(' ')[0]), ['deploy.yaml', 'k/base/deployment.yaml']);
    const second = await s.audit();
    assert.equal(second.json, first.json);
    assert.equal(second.stderr, '');
    assert.equal(s.builds(), 1, 'nothing changed: no build');
  });

  it("a file's stored outcome is what the next audit reports until the file changes; a tree is built again when one of its files changes", async () => {
    const s = setup();
    await s.audit();
    // Proof that the outcome comes from the cache: one stored message, altered by hand, is what the next audit shows.
    const stored = readFileSync(s.cache, 'utf8');
    const message = privileged(await s.audit()).find((l) => l.startsWith('deploy.yaml '))!.slice('deploy.yaml '.length);
    assert.ok(stored.includes(JSON.stringify(message).slice(1, -1)));
    writeFileSync(s.cache, stored.replace(JSON.stringify(message).slice(1, -1), 'stored message'));
    assert.deepEqual(privileged(await s.audit()).filter((l) => l.startsWith('deploy.yaml ')), ['deploy.yaml stored message']);
    // The file changes: analysed again, the privileged finding is gone.
    writeFileSync(join(s.tree, 'deploy.yaml'), PRIVILEGED.replace('privileged: true', 'privileged: false'));
    assert.deepEqual(privileged(await s.audit()).filter((l) => l.startsWith('deploy.yaml ')), []);
    assert.equal(s.builds(), 1);
    // A file of the Kustomize tree changes: the overlay is built again and its finding goes.
    writeFileSync(join(s.tree, 'k/base/deployment.yaml'), PRIVILEGED.replace('privileged: true', 'privileged: false'));
    assert.deepEqual(privileged(await s.audit()), []);
    assert.equal(s.builds(), 2);
  });

  it('a cache from another kubeward or another day, or a damaged one, is said so, not used, and written anew', async () => {
    const s = setup();
    const first = await s.audit();
    const stored = JSON.parse(readFileSync(s.cache, 'utf8')) as { identity: string; files: [string, { outcome: { findings: { message: string }[] } }][] };
    // Stored messages that must not come back, under another identity.
    const stale = stored.files.map(([id, e]) => [id, { ...e, outcome: { ...e.outcome, findings: e.outcome.findings.map((f) => ({ ...f, message: 'stale' })) } }]);
    writeFileSync(s.cache, JSON.stringify({ ...stored, identity: `${stored.identity}-other`, files: stale }));
    const other = await s.audit();
    assert.match(other.stderr, /not using the cache .*audit\.cache: written by another version of kubeward or on another day; it is written anew/);
    assert.equal(other.json, first.json);
    assert.equal(s.builds(), 2, 'built again');
    assert.equal((JSON.parse(readFileSync(s.cache, 'utf8')) as { identity: string }).identity, stored.identity);
    writeFileSync(s.cache, '\u0000\u0001 not JSON');
    const damaged = await s.audit();
    assert.match(damaged.stderr, /not using the cache .*audit\.cache: unreadable \(/);
    assert.equal(damaged.json, first.json);
    assert.doesNotThrow(() => JSON.parse(readFileSync(s.cache, 'utf8')));
    assert.equal((await s.audit()).stderr, '');
  });
});
