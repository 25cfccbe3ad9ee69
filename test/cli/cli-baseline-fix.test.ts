import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempTree } from '../helpers/cli';
import { networkPolicy, pod } from '../helpers/manifests';

type Finding = { ruleId: string; path: string; startLine: number; message: string };
const findingsOf = (stdout: string) => (JSON.parse(stdout) as { findings: Finding[] }).findings;

describe('kubeward audit --baseline', () => {
  for (const format of ['json', 'sarif'] as const) {
    it(`reports only new findings after lines moved (baseline in ${format})`, async () => {
      const root = tempTree({ 'app.yaml': pod('old', 'shop', { privileged: true }) });
      const first = await runCli(['audit', '-f', format, '-o', `baseline.${format}`, 'app.yaml'], { cwd: root });
      assert.equal(first.code, 1);
      // Three comment lines push the old findings down; a second privileged pod is the only new problem.
      writeFileSync(join(root, 'app.yaml'), `# a\n# b\n# c\n${pod('old', 'shop', { privileged: true })}---\n${pod('new', 'shop', { privileged: true })}`);
      const r = await runCli(['audit', '-f', 'json', '--baseline', `baseline.${format}`, 'app.yaml'], { cwd: root });
      assert.equal(r.code, 1);
      // The pod is 23 lines: the new pod's document starts on line 3 + 23 + 1 + 1 = 28; `privileged: true` is its 18th line: 45.
      assert.deepEqual(findingsOf(r.stdout).map((f) => [f.ruleId, f.path, f.startLine]), [['k8s/privileged-container', 'app.yaml', 45]]);
      assert.deepEqual((JSON.parse(r.stdout) as { baseline: unknown }).baseline, { file: `baseline.${format}`, known: 2 });
    });
  }

  it('exits 0 when nothing is new', async () => {
    const root = tempTree({ 'app.yaml': pod('a', 'shop', { privileged: true }) });
    await runCli(['audit', '-f', 'sarif', '-o', 'base.sarif'], { cwd: root });
    const r = await runCli(['audit', '--baseline', 'base.sarif'], { cwd: root });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '0 findings (no findings) in 0 of 1 files; 0 skipped; 2 already in the baseline.\n');
  });

  it('rejects a file that is not a report', async () => {
    const root = tempTree({ 'app.yaml': pod('a', 'shop'), 'notes.json': '{"hello": 1}' });
    const r = await runCli(['audit', '--baseline', 'notes.json'], { cwd: root });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /neither a kubeward JSON report nor a SARIF 2\.1\.0 log/);
  });
});

describe('kubeward audit --fix', () => {
  it('applies safe fixes in place, prints them, and reports what is left', async () => {
    const before = `${pod('a', 'shop', { privileged: true })}---\n${networkPolicy('shop')}`;
    const root = tempTree({ 'app.yaml': before, 'clean.yaml': pod('b', 'shop') });
    const r = await runCli(['audit', '--fix', '.'], { cwd: root });
    assert.equal(r.stderr, 'fixed app.yaml: Remove `privileged: true`\n');
    assert.equal(readFileSync(join(root, 'app.yaml'), 'utf8'), before.replace('        privileged: true\n', ''));
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '0 findings (no findings) in 0 of 2 files; 0 skipped.\n');
  });

  it('leaves files without safe fixes untouched', async () => {
    // Its one finding (no NetworkPolicy for the namespace) has no fix.
    const text = pod('a', 'shop');
    const root = tempTree({ 'app.yaml': text });
    const r = await runCli(['audit', '--fix', '--fail-on', 'error', 'app.yaml'], { cwd: root });
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.equal(readFileSync(join(root, 'app.yaml'), 'utf8'), text);
  });
});
