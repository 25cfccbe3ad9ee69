import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';

/** Runs the CLI in-process; returns its exit code and the finding lines of the text report (not workspace-level rules). */
async function audit(args: string[], lines: string[]): Promise<number> {
  const io = { stdout: (s: string) => lines.push(...s.split('\n').filter((l) => /:\d+:\d+: /.test(l) && !/ workspace\//.test(l))), stderr: () => undefined, readStdin: () => '', cwd: process.cwd() };
  return main(['audit', ...args], io);
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: web
      image: nginx@sha256:${'0'.repeat(64)}
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
        privileged: true
        readOnlyRootFilesystem: true
      resources: {limits: {memory: 64Mi}}
  serviceAccountName: tools
  automountServiceAccountToken: false
`;

describe('kubeward audit reads config files like the editor', () => {
  let dir: string;
  const cwd = process.cwd();
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubeward-cli-config-'));
    mkdirSync(join(dir, 'team'));
    mkdirSync(join(dir, 'vendor'));
    mkdirSync(join(dir, 'base'));
    writeFileSync(join(dir, 'base', '.kubeward.json'), '{"profile": "pss-baseline"}\n');
    writeFileSync(join(dir, 'base', 'pod.yaml'), POD.replace('    runAsNonRoot: true\n', '').replace('        privileged: true\n', ''));
    writeFileSync(join(dir, '.kubeward.yaml'), 'rules:\n  k8s/privileged-container: warning\nexclude: [vendor/]\n');
    writeFileSync(join(dir, 'pod.yaml'), POD);
    writeFileSync(join(dir, 'vendor', 'pod.yaml'), POD);
    writeFileSync(join(dir, 'team', '.kubeward.yml'), 'rules:\n  k8s/privileged-container: off\nprofile: lax\n');
    writeFileSync(join(dir, 'team', 'pod.yaml'), POD);
    process.chdir(dir);
  });
  after(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the nearest config over the outer one, skips excluded files, and reports config errors', async () => {
    const lines: string[] = [];
    const code = await audit(['.'], lines);
    assert.deepEqual(lines, [
      'pod.yaml:17:9: warning k8s/privileged-container container "web" runs privileged: it has full access to the node.',
      'team/.kubeward.yml:3:10: error kubeward/config-error `profile` is one of: strict, pss-baseline, pss-restricted.',
    ]);
    assert.equal(code, 1);
  });

  it('command-line flags win over config files', async () => {
    const configured: string[] = [];
    assert.equal(await audit(['base/pod.yaml'], configured), 0, 'pss-baseline from base/.kubeward.json: runAsNonRoot is not checked');
    assert.deepEqual(configured, []);
    const flagged: string[] = [];
    await audit(['base/pod.yaml', '--profile', 'strict'], flagged);
    assert.ok(flagged.some((l) => l.includes(' k8s/run-as-non-root ')), flagged.join('\n'));
  });
});

describe('kubeward audit: config `ignore` entries', () => {
  let dir: string;
  const cwd = process.cwd();
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubeward-cli-ignore-'));
    writeFileSync(join(dir, '.kubeward.yaml'), 'ignore:\n  - rules: k8s/privileged-container\n    name: tools\n    container: web\n    reason: packet capture, approved in SEC-7\n');
    writeFileSync(join(dir, 'pod.yaml'), POD);
    process.chdir(dir);
  });
  after(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the ignored finding leaves the text report, and SARIF lists it as an external suppression with the reason', async () => {
    const lines: string[] = [];
    await audit(['.'], lines);
    assert.deepEqual(lines, [], 'no file finding left (the workspace NetworkPolicy note is not a file finding)');
    let sarif = '';
    const io = { stdout: (s: string) => void (sarif += s), stderr: () => undefined, readStdin: () => '', cwd: dir };
    await main(['audit', '.', '--format', 'sarif'], io);
    const results = JSON.parse(sarif).runs[0].results as { ruleId: string; suppressions?: { kind: string; justification?: string }[] }[];
    const privileged = results.filter((r) => r.ruleId === 'k8s/privileged-container');
    assert.deepEqual(privileged.map((r) => r.suppressions), [[{ kind: 'external', justification: 'packet capture, approved in SEC-7' }]]);
  });
});
