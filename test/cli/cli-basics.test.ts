import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempTree } from '../helpers/cli';
import { networkPolicy, pod } from '../helpers/manifests';

interface JsonFinding {
  ruleId: string;
  path: string;
  severity: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

const json = (stdout: string) => JSON.parse(stdout) as { findings: JsonFinding[]; files: { path: string; kind: string; skipped?: { reason: string } }[]; skipped: { path: string; reason: string }[]; summary: { findings: number } };

describe('kubeward audit: exit codes', () => {
  const onlyInfo = tempTree({ 'app.yaml': `${pod('web', 'shop', { image: 'nginx:1.27' })}---\n${networkPolicy('shop')}` });
  const clean = tempTree({ 'app.yaml': `${pod('web', 'shop')}---\n${networkPolicy('shop')}` });

  it('exits 1 on any finding by default and 0 when clean', async () => {
    assert.equal((await runCli(['audit', '.'], { cwd: onlyInfo })).code, 1);
    const r = await runCli(['audit', '.'], { cwd: clean });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '0 findings (no findings) in 0 of 1 files; 0 skipped.\n');
  });

  it('--fail-on compares with the severity order', async () => {
    assert.equal((await runCli(['audit', '--fail-on', 'warning'], { cwd: onlyInfo })).code, 0);
    assert.equal((await runCli(['audit', '--fail-on', 'info'], { cwd: onlyInfo })).code, 1);
    assert.equal((await runCli(['audit', '--fail-on', 'hint'], { cwd: onlyInfo })).code, 1);
    assert.equal((await runCli(['audit', '--fail-on', 'none'], { cwd: onlyInfo })).code, 0);
  });

  for (const [what, args] of [
    ['an unknown flag', ['audit', '--bogus']],
    ['an unknown format', ['audit', '--format', 'pdf']],
    ['an unknown severity', ['audit', '--fail-on', 'critical']],
    ['a missing path', ['audit', 'nope/']],
    ['a missing config file', ['audit', '--config', 'missing.yaml']],
    ['a missing baseline', ['audit', '--baseline', 'missing.json']],
    ['--fix with standard input', ['audit', '--fix', '-']],
  ] as const) {
    it(`exits 2 on ${what}, saying why on stderr`, async () => {
      const r = await runCli([...args], { cwd: clean });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^kubeward: .+\nRun "kubeward audit --help" for usage\.\n$/);
      assert.equal(r.stdout, '');
    });
  }

  it('prints help with examples', async () => {
    const r = await runCli(['audit', '--help'], { cwd: clean });
    assert.equal(r.code, 0);
    for (const flag of ['--format', '--output', '--fail-on', '--config', '--baseline', '--fix', '--exclude', '--stdin-filename']) assert.ok(r.stdout.includes(flag), flag);
    assert.match(r.stdout, /Examples:\n {2}kubeward audit k8s\//);
  });
});

describe('kubeward audit: config, stdin and text output', () => {
  it('--config turns a rule off', async () => {
    const root = tempTree({ 'pod.yaml': `${pod('a', 'x', { privileged: true })}---\n${networkPolicy('x')}`, 'kubeward.yaml': 'rules:\n  k8s/privileged-container: "off"\n' });
    const on = await runCli(['audit', 'pod.yaml'], { cwd: root });
    assert.equal(on.stdout.split('\n')[0], 'pod.yaml:18:9: error k8s/privileged-container container "a-c" runs privileged: it has full access to the node.');
    const off = await runCli(['audit', '--config', 'kubeward.yaml', 'pod.yaml'], { cwd: root });
    assert.equal(off.code, 0);
  });

  it('rejects a config that is not a mapping', async () => {
    const root = tempTree({ 'bad.yaml': '- a\n- b\n' });
    const r = await runCli(['audit', '--config', 'bad.yaml'], { cwd: root });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kubeward: config bad\.yaml: .*must be object/);
  });

  it('reads "-" from standard input under --stdin-filename', async () => {
    const root = tempTree({});
    const yaml = await runCli(['audit', '-f', 'json', '-'], { cwd: root, input: pod('s', 'ns1', { privileged: true }) });
    assert.equal(yaml.code, 1);
    const report = json(yaml.stdout);
    assert.deepEqual(
      report.findings.map((f) => [f.path, f.ruleId, f.startLine, f.startColumn, f.endLine, f.endColumn]),
      [
        ['stdin.yaml', 'workspace/namespace-without-network-policy', 5, 3, 5, 17],
        ['stdin.yaml', 'k8s/privileged-container', 18, 9, 18, 25],
      ],
    );
    const docker = await runCli(['audit', '--stdin-filename', 'Dockerfile', '-'], { cwd: root, input: 'FROM busybox\n' });
    // Read as a Dockerfile: no USER (the whole stage, from 1:1) and an untagged base image (after `FROM `).
    assert.deepEqual(
      docker.stdout.split('\n').filter((l) => l.startsWith('Dockerfile:')).map((l) => l.split(' ').slice(0, 3).join(' ')),
      ['Dockerfile:1:1: error docker/no-root-user', 'Dockerfile:1:6: warning docker/no-latest-tag'],
    );
  });

  it('--output writes the report to a file and nothing to stdout', async () => {
    const root = tempTree({ 'pod.yaml': pod('a', 'x', { privileged: true }) });
    const r = await runCli(['audit', '-f', 'json', '-o', 'out.json', 'pod.yaml'], { cwd: root });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(json(readFileSync(join(root, 'out.json'), 'utf8')).summary.findings, 2);
  });
});

describe('kubeward audit: a folder mixing YAML, JSON, Dockerfiles, Helm charts and other files', () => {
  const big = `# padding\n${'#'.repeat(3000)}\n${pod('big', 'x', { privileged: true })}`;
  const root = tempTree({
    '.gitignore': 'ignored/\n*.generated.yaml\n',
    'Dockerfile': 'FROM busybox:1.36\nUSER 1000\n',
    'README.md': '# not a manifest\n',
    'package.json': '{ "name": "demo", "version": "1.0.0" }\n',
    '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n',
    'chart/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
    'chart/values.yaml': 'image: nginx\n',
    'chart/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n    - name: c\n      image: {{ .Values.image }}\n',
    'deploy/pod.yaml': `${pod('web', 'shop', { privileged: true })}---\n${networkPolicy('shop')}`,
    'deploy/pod.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j', namespace: 'shop' }, spec: { containers: [{ name: 'j', image: 'nginx:1.27', securityContext: { privileged: true } }] } }, null, 2),
    'deploy/app.generated.yaml': pod('gen', 'shop', { privileged: true }),
    'ignored/pod.yaml': pod('ign', 'shop', { privileged: true }),
    'node_modules/dep/pod.yaml': pod('dep', 'shop', { privileged: true }),
    'vendor/lib/pod.yaml': pod('ven', 'shop', { privileged: true }),
    'excluded/pod.yaml': pod('exc', 'shop', { privileged: true }),
    'big.yaml': big,
  });

  it('lists exactly the files it should, skipping big ones with the reason', async () => {
    const r = await runCli(['audit', '-f', 'json', '--exclude', 'excluded/**', '--max-file-bytes', '2000'], { cwd: root });
    assert.equal(r.code, 1, r.stderr);
    const report = json(r.stdout);
    assert.deepEqual(
      report.files.map((f) => [f.path, f.kind, f.skipped?.reason]),
      [
        ['.github/workflows/ci.yml', 'yaml', undefined],
        ['Dockerfile', 'dockerfile', undefined],
        ['chart/Chart.yaml', 'yaml', undefined],
        ['chart/templates/pod.yaml', 'yaml', 'helm-template'],
        ['chart/values.yaml', 'yaml', undefined],
        ['deploy/pod.json', 'json', undefined],
        ['deploy/pod.yaml', 'yaml', undefined],
        ['package.json', 'json', undefined],
      ],
    );
    assert.deepEqual(report.skipped.map((s) => [s.path, s.reason]), [['big.yaml', 'too-large']]);
    // deploy/pod.json (2-space JSON): `"privileged": true` is line 14, 10 spaces in.
    assert.deepEqual(
      report.findings.filter((f) => f.severity === 'error').map((f) => [f.path, f.ruleId, f.startLine, f.startColumn]),
      [
        ['deploy/pod.json', 'k8s/privileged-container', 14, 11],
        ['deploy/pod.yaml', 'k8s/privileged-container', 18, 9],
      ],
    );
  });

  it('--no-gitignore brings ignored files back; dependency trees stay out', async () => {
    const r = await runCli(['audit', '-f', 'json', '--no-gitignore', '--exclude', 'excluded/**', '--max-file-bytes', '2000'], { cwd: root });
    const paths = json(r.stdout).files.map((f) => f.path);
    assert.ok(paths.includes('ignored/pod.yaml') && paths.includes('deploy/app.generated.yaml'));
    assert.ok(!paths.some((p) => p.startsWith('node_modules/') || p.startsWith('vendor/')));
  });

  it('a file named explicitly is audited even when ignored', async () => {
    const r = await runCli(['audit', '-f', 'json', 'ignored/pod.yaml'], { cwd: root });
    assert.deepEqual(json(r.stdout).files.map((f) => f.path), ['ignored/pod.yaml']);
  });
});
