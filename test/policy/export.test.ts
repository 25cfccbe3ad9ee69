import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { Analyzer } from '../../server/src/engine/analyze';
import { exportPolicies, POLICY_FORMATS, checksForLevel } from '../../server/src/policy/export';
import { PSS_CHECKS } from '../../server/src/engine/pss';
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

/** The check a fixture is about at a level and version: a baseline check replaced at restricted maps to its replacement, as upstream. */
function expectedCheck(level: string, checkId: string, version: number): string {
  const id = Object.keys(PSS_CHECKS).find((k) => k.toLowerCase() === checkId.toLowerCase());
  const replacement = id ? PSS_CHECKS[id].overriddenBy : undefined;
  return (level === 'restricted' && replacement && version >= PSS_CHECKS[replacement].since ? replacement : checkId).toLowerCase();
}

/** The same pod spec as a Deployment's template, as upstream also evaluates it. */
function asDeployment(pod: { metadata?: { annotations?: unknown }; spec: unknown }): unknown {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { metadata: { annotations: pod.metadata?.annotations ?? {} }, spec: pod.spec } } };
}

/** CEL against engine and expected verdict on every fixture of a level and policy version, as a Pod and as a Deployment. */
function agreementAt(level: 'baseline' | 'restricted', version: number) {
  const fixtures = rows.filter((r) => r.level === level && minor(r.version) === version);
  const checks = checksForLevel(level, version);
  const settings = level === 'baseline' ? BASELINE(`v1.${version}`) : RESTRICTED(`v1.${version}`);
  let agree = 0;
  const disagreements: string[] = [];
  for (const f of fixtures) {
    const text = readFileSync(join(PSS_CORPUS, f.path), 'utf8');
    const pod = parse(text);
    const engineFails = new Analyzer().analyze({ text, path: 'pod.yaml', settings }).findings.some((x) => x.ruleId.startsWith('k8s/'));
    for (const object of [pod, asDeployment(pod)]) {
      const denied = deniedChecks(object, checks, version);
      const celFails = denied.length > 0;
      const ok = celFails === engineFails && celFails === (f.expect === 'fail') && (f.expect === 'pass' || denied.some((c) => c.toLowerCase() === expectedCheck(level, f.checkId, version)));
      if (ok) agree++;
      else disagreements.push(`${f.path} (${(object as { kind: string }).kind}): expect ${f.expect}, engine ${engineFails ? 'fail' : 'pass'}, CEL denied [${denied.join(', ')}]`);
    }
  }
  return { agree, total: fixtures.length * 2, disagreements };
}

describe('admission policy export: CEL agrees with the engine on the PSS fixtures', () => {
  for (const level of ['baseline', 'restricted'] as const) {
    it(`${level}, newest version: every fixture, as a Pod and as a Deployment`, () => {
      const { agree, total, disagreements } = agreementAt(level, newest(level));
      assert.ok(total > 40);
      process.stdout.write(`# policy export ${level} v1.${newest(level)}: ${agree}/${total} evaluations agree\n`);
      assert.deepEqual(disagreements, []);
    });

    it(`${level}, every policy version (--pss-version): every fixture, as a Pod and as a Deployment`, () => {
      const versions = [...new Set(rows.filter((r) => r.level === level).map((r) => minor(r.version)))].sort((a, b) => a - b);
      assert.ok(versions.length > 10);
      let agree = 0;
      let total = 0;
      const disagreements: string[] = [];
      for (const v of versions) {
        const r = agreementAt(level, v);
        agree += r.agree;
        total += r.total;
        disagreements.push(...r.disagreements.map((d) => `v1.${v} ${d}`));
      }
      process.stdout.write(`# policy export ${level} v1.${versions[0]}–v1.${versions.at(-1)}: ${agree}/${total} evaluations agree\n`);
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

  it('Service and RBAC rules match only their kinds, workload rules only workloads, in every format', () => {
    type Doc = { kind: string; spec: any };
    const docsOf = (format: 'vap' | 'kyverno' | 'gatekeeper', id: string) => {
      const file = exportPolicies(format, 'restricted').files.find((f) => f.name === `kubeward-${id.replace('/', '-')}.yaml`)!;
      return parseAllDocuments(file.text).map((d) => d.toJS() as Doc);
    };
    for (const [id, resources, kinds] of [
      ['k8s/service-exposed', ['services'], ['Service']],
      ['k8s/service-external-ips', ['services'], ['Service']],
      ['k8s/rbac-wildcard', ['roles', 'clusterroles'], ['Role', 'ClusterRole']],
      ['k8s/rbac-anonymous-binding', ['rolebindings', 'clusterrolebindings'], ['RoleBinding', 'ClusterRoleBinding']],
      ['k8s/writable-root-filesystem', ['pods', 'replicationcontrollers', 'podtemplates', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs'], ['Pod', 'ReplicationController', 'PodTemplate', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']],
    ] as const) {
      const vap = docsOf('vap', id)[0];
      assert.deepEqual(vap.spec.matchConstraints.resourceRules.flatMap((r: { resources: string[] }) => r.resources), resources, id);
      assert.deepEqual(docsOf('kyverno', id)[0].spec.rules[0].match.any[0].resources.kinds, kinds, id);
      assert.deepEqual(docsOf('gatekeeper', id)[1].spec.match.kinds[0].kinds, kinds, id);
      // The expression reads only the variables its target defines.
      const names = new Set(vap.spec.variables.map((v: { name: string }) => v.name));
      const read = [...vap.spec.validations[0].expression.matchAll(/variables\.(\w+)/g)].map((m: RegExpMatchArray) => m[1]);
      assert.ok(read.length > 0 && read.every((n) => names.has(n)), `${id} reads ${read.join(', ')}`);
    }
  });

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
    assert.match(lines.join('\n'), /wrote 12 kyverno policies \(baseline, PSS v1\.37\)/);
    const vapDir = join(dir, 'vap');
    assert.equal(await main(['export-policy', '--format', 'vap', '--allow-ignore-annotations', '-o', vapDir], io((s) => lines.push(s))), 0);
    assert.match(readFileSync(join(vapDir, 'kubeward-k8s-writable-root-filesystem.yaml'), 'utf8'), /matchConditions:\n\s+# Exempt: objects annotated kubeward\.io\/ignore\.k8s\.writable-root-filesystem/);
    assert.match(lines.join('\n'), /wrote 37 vap policies \(restricted, PSS v1\.37\)/, 'strict (the default profile): 15 restricted-level PSS checks and 22 more rules');
    // v1.18 restricted: 13 checks, without hostProbesAndHostLifecycle (v1.34), runAsUser (v1.23), capabilities_restricted (v1.22),
    // seccompProfile_restricted (v1.19), procMount_restricted (v1.35); capabilities_baseline not yet replaced;
    // allowPrivilegeEscalation (v1.8) is there, and seccompProfile_baseline reads the annotations.
    const oldDir = join(dir, 'v1.18');
    assert.equal(await main(['export-policy', '--format', 'vap', '--profile', 'pss-restricted', '--pss-version', 'v1.18', '-o', oldDir], io((s) => lines.push(s))), 0);
    assert.match(lines.join('\n'), /wrote 13 vap policies \(restricted, PSS v1\.18\)/);
    assert.equal(readdirSync(oldDir).some((f) => f.includes('host-probes') || f.includes('run-as-user') || f.includes('capabilities-restricted')), false);
    assert.match(readFileSync(join(oldDir, 'kubeward-k8s-seccomp-profile-baseline.yaml'), 'utf8'), /seccomp\.security\.alpha\.kubernetes\.io\/pod/);
    assert.equal(await main(['export-policy', '--format', 'vap', '--pss-version', 'v2', '-o', oldDir], io(() => undefined)), 2);
    // A config `ignore` entry narrowed to a namespace reaches the policy through --config.
    const { writeFileSync } = await import('node:fs');
    const config = join(dir, '.kubeward.yaml');
    writeFileSync(config, 'ignore:\n  - rules: [k8s/privileged-container]\n    namespace: cni\n    reason: CNI agent, NET-7\n');
    assert.equal(await main(['export-policy', '--format', 'gatekeeper', '--config', config, '-o', join(dir, 'gk')], io(() => undefined)), 0);
    assert.match(readFileSync(join(dir, 'gk', 'kubeward-k8s-privileged-container.yaml'), 'utf8'), /# Exempt namespaces: kube-system .*; cni \(ignore entry in \.kubeward\.yaml: CNI agent, NET-7\)\n\s+- kube-system\n\s+- cni\n/);
    assert.equal(await main(['export-policy', '--format', 'opa', '-o', dir], io(() => undefined)), 2);
    assert.equal(await main(['export-policy', '--format', 'vap'], io(() => undefined)), 2);
  });
});
