import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { Analyzer } from '../../server/src/engine/analyze';
import { exportPolicies, POLICY_FORMATS, checksForLevel } from '../../server/src/policy/export';
import { OVERRIDDEN_IN_RESTRICTED } from '../../server/src/policy/pss-cel';
import { PSS_CORPUS } from '../helpers/paths';
import { BASELINE, RESTRICTED } from '../helpers/pss';
import { deniedChecks } from './cel';

interface Fixture {
  level: 'baseline' | 'restricted';
  version: string;
  expect: 'pass' | 'fail';
  checkId: string;
  path: string;
}

const rows: Fixture[] = readFileSync(join(PSS_CORPUS, 'INDEX.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'))
  .map(([level, version, expect, , path, checkId]) => ({ level: level as Fixture['level'], version, expect: expect as Fixture['expect'], checkId, path }));
const minor = (v: string) => Number(v.replace('v1.', ''));
const newest = (level: string) => Math.max(...rows.filter((r) => r.level === level).map((r) => minor(r.version)));

/** The check a fixture is about at a level: a baseline check replaced at restricted maps to its replacement, as upstream. */
function expectedCheck(level: string, checkId: string): string {
  const id = Object.keys(OVERRIDDEN_IN_RESTRICTED).find((k) => k.toLowerCase() === checkId.toLowerCase());
  return (level === 'restricted' && id ? OVERRIDDEN_IN_RESTRICTED[id] : checkId).toLowerCase();
}

/** The same pod spec as a Deployment's template, as upstream also evaluates it. */
function asDeployment(pod: { metadata?: { annotations?: unknown }; spec: unknown }): unknown {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { metadata: { annotations: pod.metadata?.annotations ?? {} }, spec: pod.spec } } };
}

describe('admission policy export: CEL agrees with the engine on the PSS fixtures (newest version)', () => {
  for (const level of ['baseline', 'restricted'] as const) {
    it(`${level}: every fixture, as a Pod and as a Deployment`, () => {
      const fixtures = rows.filter((r) => r.level === level && minor(r.version) === newest(level));
      assert.ok(fixtures.length > 20);
      const checks = checksForLevel(level);
      const settings = level === 'baseline' ? BASELINE() : RESTRICTED();
      let agree = 0;
      const disagreements: string[] = [];
      for (const f of fixtures) {
        const text = readFileSync(join(PSS_CORPUS, f.path), 'utf8');
        const pod = parse(text);
        const engineFails = new Analyzer().analyze({ text, path: 'pod.yaml', settings }).findings.some((x) => x.ruleId.startsWith('k8s/'));
        for (const object of [pod, asDeployment(pod)]) {
          const denied = deniedChecks(object, checks);
          const celFails = denied.length > 0;
          const ok = celFails === engineFails && celFails === (f.expect === 'fail') && (f.expect === 'pass' || denied.some((c) => c.toLowerCase() === expectedCheck(level, f.checkId)));
          if (ok) agree++;
          else disagreements.push(`${f.path} (${(object as { kind: string }).kind}): expect ${f.expect}, engine ${engineFails ? 'fail' : 'pass'}, CEL denied [${denied.join(', ')}]`);
        }
      }
      process.stdout.write(`# policy export ${level} v1.${newest(level)}: ${agree}/${fixtures.length * 2} evaluations agree\n`);
      assert.deepEqual(disagreements, []);
    });
  }
});

describe('admission policy export: generated objects', () => {
  for (const format of POLICY_FORMATS) {
    it(`${format}: one parseable file per exported rule with the kinds and actions it needs`, () => {
      const out = exportPolicies(format, 'restricted', { profile: 'pss-restricted' }, ['kube-system']);
      assert.equal(out.exported.length, checksForLevel('restricted').length);
      const kinds = out.files.filter((f) => f.name.endsWith('.yaml')).flatMap((f) => parseAllDocuments(f.text).map((d) => d.toJS() as { kind: string; spec: Record<string, unknown> }));
      const expectedKinds = { vap: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], kyverno: ['ClusterPolicy'], gatekeeper: ['ConstraintTemplate'] }[format];
      for (const k of expectedKinds) assert.equal(kinds.filter((o) => o.kind === k).length, out.exported.length, `${k} per rule`);
      const privileged = out.files.find((f) => f.name.includes('privileged-container'))!;
      if (format === 'vap') assert.match(privileged.text, /validationActions:\n\s+- Deny/);
      if (format === 'kyverno') assert.match(privileged.text, /validationFailureAction: Enforce/);
      if (format === 'gatekeeper') assert.match(privileged.text, /enforcementAction: deny/);
      assert.match(privileged.text, /kube-system/, 'excluded namespaces reach the policy');
      assert.ok(out.files.some((f) => f.name === 'README.md' && /Not exported/.test(f.text)));
    });
  }

  it('a rule turned off is not exported, and non-PSS rules are listed with a reason', () => {
    const out = exportPolicies('vap', 'baseline', { rules: { 'k8s/privileged-container': { severity: 'off' } } });
    assert.equal(out.exported.some((e) => e.rule.meta.id === 'k8s/privileged-container'), false);
    assert.ok(out.notExported.length > 0);
    assert.ok(out.notExported.every((n) => n.reason.length > 5));
  });
});

describe('kubeward export-policy (CLI)', () => {
  it('writes the policies and a README, and refuses bad usage with exit code 2', async () => {
    const { mkdtempSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { main } = await import('../../server/src/cli/main');
    const dir = mkdtempSync(join(tmpdir(), 'kubeward-policy-'));
    const lines: string[] = [];
    const io = (out: (s: string) => void) => ({ stdout: out, stderr: out, readStdin: () => '', cwd: process.cwd() });
    assert.equal(await main(['export-policy', '--format', 'kyverno', '--profile', 'pss-baseline', '-o', dir], io((s) => lines.push(s))), 0);
    const files = readdirSync(dir).sort();
    assert.equal(files.filter((f) => f.endsWith('.yaml')).length, checksForLevel('baseline').length);
    assert.ok(files.includes('README.md'));
    for (const f of files.filter((x) => x.endsWith('.yaml'))) {
      const doc = parse(readFileSync(join(dir, f), 'utf8')) as { kind: string; spec: { validationFailureAction: string } };
      assert.equal(doc.kind, 'ClusterPolicy');
    }
    assert.match(lines.join('\n'), /wrote 12 kyverno policies \(baseline\)/);
    const vapDir = join(dir, 'vap');
    assert.equal(await main(['export-policy', '--format', 'vap', '--allow-ignore-annotations', '-o', vapDir], io((s) => lines.push(s))), 0);
    assert.match(readFileSync(join(vapDir, 'kubeward-k8s-writable-root-filesystem.yaml'), 'utf8'), /matchConditions:\n\s+# Exempt: objects annotated kubeward\.io\/ignore\.k8s\.writable-root-filesystem/);
    assert.match(lines.join('\n'), /wrote 24 vap policies \(restricted\)/, 'strict (the default profile): 15 restricted-level PSS checks and 9 more rules');
    assert.equal(await main(['export-policy', '--format', 'opa', '-o', dir], io(() => undefined)), 2);
    assert.equal(await main(['export-policy', '--format', 'vap'], io(() => undefined)), 2);
  });
});
