// `kubeward pin` as users run it: the built CLI in a child process, against the loopback docker-registry.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pushImage, pushIndex, registryToolsMissing, skopeoDigest, startRegistry, writeImageChart, type Registry } from '../helpers/registry';

const skip = registryToolsMissing();
const CLI = resolve(__dirname, '../../../server/dist/cli.js');

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    // DOCKER_CONFIG points at an empty folder: the test never reads the developer's credentials.
    const env = { ...process.env, DOCKER_CONFIG: join(cwd, 'docker'), XDG_CACHE_HOME: join(cwd, 'xdg-cache') };
    execFile(process.execPath, [CLI, ...args], { cwd, env }, (err, stdout) => done({ code: err ? Number(err.code) : 0, stdout }));
  });
}

describe('kubeward pin (CLI) against a loopback docker-registry', { skip }, () => {
  let reg: Registry;
  let dir: string;
  let indexDigest: string;
  let amd64Digest: string;
  let manifest: string;

  before(async () => {
    reg = await startRegistry();
    const a = await pushImage(reg, 'library/tiny', '1.0-amd64', 'amd64');
    const b = await pushImage(reg, 'library/tiny', '1.0-arm64', 'arm64');
    await pushIndex(reg, 'library/tiny', '1.0', [a, b]);
    indexDigest = skopeoDigest(`${reg.host}/library/tiny:1.0`);
    amd64Digest = skopeoDigest(`${reg.host}/library/tiny:1.0-amd64`);
    dir = mkdtempSync(join(tmpdir(), 'kubeward-cli-pin-'));
    mkdirSync(join(dir, 'k8s'));
    manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: ${reg.host}/library/tiny:1.0-amd64   # keep this comment
      containers:
        - name: web
          image: '${reg.host}/library/tiny:1.0'
        - name: sidecar
          image: ${reg.host}/library/tiny:1.0@sha256:${'0'.repeat(64)}
`;
    writeFileSync(join(dir, 'k8s', 'web.yaml'), manifest);
  });
  after(async () => {
    await reg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('offline by default: changes nothing and says how to enable lookups', async () => {
    const { code, stdout } = await run(['pin', 'k8s'], dir);
    assert.equal(code, 1);
    assert.equal(readFileSync(join(dir, 'k8s', 'web.yaml'), 'utf8'), manifest);
    const lines = stdout.trim().split('\n');
    assert.deepEqual(lines, [
      `k8s/web.yaml:10:18: cannot pin ${reg.host}/library/tiny:1.0-amd64: no cached digest and registry lookups are off`,
      `k8s/web.yaml:13:19: cannot pin ${reg.host}/library/tiny:1.0: no cached digest and registry lookups are off`,
      'Pinned 0 images in 0 files; 2 could not be pinned.',
      'Registry lookups are off: pass --registry-lookup to resolve tags to digests.',
    ]);
  });

  it('--registry-lookup pins both images in place (index digest for the multi-arch tag) and prints what changed', async () => {
    const { code, stdout } = await run(['pin', '--registry-lookup', 'k8s'], dir);
    assert.equal(code, 0, stdout);
    assert.equal(
      stdout,
      `k8s/web.yaml:10:18: pinned ${reg.host}/library/tiny:1.0-amd64 -> ${reg.host}/library/tiny:1.0-amd64@${amd64Digest}\n` +
        `k8s/web.yaml:13:19: pinned ${reg.host}/library/tiny:1.0 -> ${reg.host}/library/tiny:1.0@${indexDigest}\n` +
        'Pinned 2 images in 1 file.\n',
    );
    const expected = manifest
      .replace(`image: ${reg.host}/library/tiny:1.0-amd64   # keep this comment`, `image: ${reg.host}/library/tiny:1.0-amd64@${amd64Digest}   # keep this comment`)
      .replace(`image: '${reg.host}/library/tiny:1.0'`, `image: '${reg.host}/library/tiny:1.0@${indexDigest}'`);
    assert.equal(readFileSync(join(dir, 'k8s', 'web.yaml'), 'utf8'), expected);
  });

  it('a second run finds nothing left to pin', async () => {
    const { code, stdout } = await run(['pin', '--registry-lookup', 'k8s'], dir);
    assert.deepEqual({ code, stdout }, { code: 0, stdout: 'Pinned 0 images in 0 files.\n' });
  });

  it('uses the cache without --registry-lookup once a tag was resolved, and --dry-run writes nothing', async () => {
    const file = join(dir, 'k8s', 'job.yaml');
    const job = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      containers:\n        - name: j\n          image: ${reg.host}/library/tiny:1.0\n`;
    writeFileSync(file, job);
    const { code, stdout } = await run(['pin', '--dry-run', 'k8s/job.yaml'], dir);
    assert.equal(code, 0);
    assert.equal(stdout, `k8s/job.yaml:10:18: pinned ${reg.host}/library/tiny:1.0 -> ${reg.host}/library/tiny:1.0@${indexDigest}\nWould pin 1 image in 1 file.\n`);
    assert.equal(readFileSync(file, 'utf8'), job);
  });

  it('pins Dockerfile FROM lines, keeping flags, stage names and stage references', async () => {
    mkdirSync(join(dir, 'app'));
    const file = join(dir, 'app', 'Dockerfile');
    const dockerfile = `FROM --platform=linux/amd64 ${reg.host}/library/tiny:1.0 AS build\nRUN true\nFROM build\n`;
    writeFileSync(file, dockerfile);
    const { code, stdout } = await run(['pin', '--registry-lookup', 'app'], dir);
    assert.equal(code, 0, stdout);
    assert.equal(stdout, `app/Dockerfile:1:29: pinned ${reg.host}/library/tiny:1.0 -> ${reg.host}/library/tiny:1.0@${indexDigest}\nPinned 1 image in 1 file.\n`);
    assert.equal(readFileSync(file, 'utf8'), `FROM --platform=linux/amd64 ${reg.host}/library/tiny:1.0@${indexDigest} AS build\nRUN true\nFROM build\n`);
  });

  it("pins a chart's values.yaml where its templates render images: an image map's empty digest, a scalar image", async () => {
    const chart = join(dir, 'chart');
    const values = `image:\n  registry: ${reg.host}\n  repository: library/tiny\n  tag: "1.0"\n  digest: ""\nagent:\n  image: ${reg.host}/library/tiny:1.0-amd64\n`;
    writeImageChart(chart, values, true);
    const { code, stdout } = await run(['pin', '--registry-lookup', 'chart'], dir);
    assert.equal(code, 0, stdout);
    // Positions by hand: the tag's value `1.0` (line 4, column 9 inside the quotes), the agent image (line 7, column 10).
    assert.equal(
      stdout,
      `chart/values.yaml:4:9: pinned ${reg.host}/library/tiny:1.0 -> ${reg.host}/library/tiny:1.0@${indexDigest}\n` +
        `chart/values.yaml:7:10: pinned ${reg.host}/library/tiny:1.0-amd64 -> ${reg.host}/library/tiny:1.0-amd64@${amd64Digest}\n` +
        'Pinned 2 images in 1 file.\n',
    );
    assert.equal(readFileSync(join(chart, 'values.yaml'), 'utf8'), values.replace('digest: ""', `digest: ${indexDigest}`).replace('tiny:1.0-amd64\n', `tiny:1.0-amd64@${amd64Digest}\n`));
    // Templates are not manifests to pin: they were left as they were.
    assert.match(readFileSync(join(chart, 'templates', 'deploy.yaml'), 'utf8'), /\{\{ \.Values\.agent\.image \| quote \}\}/);
  });

  it('with --helm-values, pins a values file the chart applies from outside its values.yaml (env/prod.yaml)', async () => {
    const chart = join(dir, 'chart-env');
    writeImageChart(chart, `image:\n  registry: ${reg.host}\n  repository: library/tiny\n  tag: "1.0-amd64"\n  digest: ${amd64Digest}\n`);
    mkdirSync(join(chart, 'env'));
    const prod = `image:\n  registry: ${reg.host}\n  repository: library/tiny\n  tag: "1.0"\n  digest: ""\n`;
    writeFileSync(join(chart, 'env', 'prod.yaml'), prod);
    // Without the flag env/prod.yaml is just YAML: nothing to pin there.
    assert.deepEqual(await run(['pin', '--registry-lookup', 'chart-env/env'], dir), { code: 0, stdout: 'Pinned 0 images in 0 files.\n' });
    const { code, stdout } = await run(['pin', '--registry-lookup', '--helm-values', 'chart-env/env/prod.yaml', 'chart-env/env'], dir);
    assert.equal(code, 0, stdout);
    assert.equal(stdout, `chart-env/env/prod.yaml:4:9: pinned ${reg.host}/library/tiny:1.0 -> ${reg.host}/library/tiny:1.0@${indexDigest}\nPinned 1 image in 1 file.\n`);
    assert.equal(readFileSync(join(chart, 'env', 'prod.yaml'), 'utf8'), prod.replace('digest: ""', `digest: ${indexDigest}`));
  });

  it('usage errors exit 2', async () => {
    assert.equal((await run(['pin'], dir)).code, 2);
    assert.equal((await run(['pin', '--timeout', 'soon', 'k8s'], dir)).code, 2);
  });
});
