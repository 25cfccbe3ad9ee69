import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { ALL_RULES } from '../../rules';
import { Analyzer } from '../../server/src/engine/analyze';
import { exportPolicies } from '../../server/src/policy/export';
import { NOT_EXPORTED, RULE_CEL } from '../../server/src/policy/rule-cel';
import { TARGETS } from '../../server/src/policy/targets';
import { PSS_CORPUS, REAL_CORPUS } from '../helpers/paths';
import { denied } from './cel';
import { EDGE_SAMPLES } from './edge-samples';

// The rules beyond the Pod Security Standards that are exported as CEL must deny exactly the objects the engine
// reports: each rule's documented good and bad examples, every newest-version PSS fixture (as a Pod and as a
// Deployment), and every object of the real-world corpus (../shared/corpus/real/k8s) of the kinds the rule's policy
// matches (workloads, Services, roles, bindings or Ingresses), plus the hand-written edge cases of edge-samples.ts.

interface Sample {
  where: string;
  /** The object's own YAML, analysed alone so the engine's verdict is about it. */
  text: string;
  object: { kind?: unknown };
}

/** A JSON file as one document; not JSON (e.g. JSON lines) as none. */
function jsonDoc(text: string): { toJS(): unknown; text: string; errors: unknown[] }[] {
  try {
    const value: unknown = JSON.parse(text);
    return [{ toJS: () => value, text, errors: [] }];
  } catch {
    return [];
  }
}

function samplesOf(text: string, where: string): Sample[] {
  // Merge keys resolved, as Kubernetes' YAML reader does; each document's own text, as written.
  const docs = where.endsWith('.json') ? jsonDoc(text) : parseAllDocuments(text, { merge: true }).map((d) => ({ toJS: () => d.toJS(), text: text.slice(d.range[0], d.range[2]), errors: d.errors }));
  return docs.flatMap((doc, i) => {
    if (doc.errors.length) return [];
    const object = doc.toJS() as Sample['object'] | null;
    if (!object || typeof object !== 'object' || typeof object.kind !== 'string') return [];
    return [{ where: `${where}#${i}`, text: doc.text, object }];
  });
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });

function pssFixtures(): Sample[] {
  const rows = readFileSync(join(PSS_CORPUS, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const minor = (v: string) => Number(v.replace('v1.', ''));
  const newest = Math.max(...rows.map((r) => minor(r[1])));
  const paths = [...new Set(rows.filter((r) => minor(r[1]) === newest).map((r) => r[4]))];
  return paths.flatMap((p) => {
    const text = readFileSync(join(PSS_CORPUS, p), 'utf8');
    const pod = parse(text) as { metadata?: { annotations?: unknown }; spec: unknown };
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { metadata: { annotations: pod.metadata?.annotations ?? {} }, spec: pod.spec } } };
    return [...samplesOf(text, p), { where: `${p} (Deployment)`, text: JSON.stringify(deployment), object: deployment }];
  });
}

const kindsOf = (id: string) => TARGETS[RULE_CEL[id].target ?? 'workloads'].kinds.flatMap((k) => k.kinds);
/** The samples a rule's policy matches. */
const matched = (id: string, samples: readonly Sample[]) => samples.filter((s) => kindsOf(id).includes(s.object.kind as string));

/** Objects of the real corpus, except files the engine does not judge (Go templates such as `replicas: {{n}}`). */
const realSamples = () =>
  walk(join(REAL_CORPUS, 'k8s')).flatMap((p) => {
    const text = readFileSync(p, 'utf8');
    if (new Analyzer().analyze({ text, path: p, settings: {} }).skipped) return [];
    return samplesOf(text, p.slice(REAL_CORPUS.length + 1));
  });

const engineReports = (ruleId: string, s: Sample, options: Record<string, unknown> = {}) =>
  new Analyzer()
    .analyze({ text: s.text, path: s.where.endsWith('.json') ? 'object.json' : 'object.yaml', settings: { rules: { [ruleId]: { options } } } })
    .findings.some((f) => f.ruleId === ruleId);

function agreement(ruleId: string, samples: readonly Sample[], options: Record<string, unknown> = {}) {
  const expression = RULE_CEL[ruleId].expression(options);
  let agree = 0;
  let denials = 0;
  const disagreements: string[] = [];
  for (const s of samples) {
    const engine = engineReports(ruleId, s, options);
    let cel: boolean | string;
    try {
      cel = denied(s.object, [{ name: ruleId, expression }], TARGETS[RULE_CEL[ruleId].target ?? 'workloads'].variables).length > 0;
    } catch (err) {
      cel = (err as Error).message;
    }
    if (cel === true) denials++;
    if (cel === engine) agree++;
    else disagreements.push(`${s.where}: engine ${engine ? 'reports' : 'passes'}, CEL ${typeof cel === 'string' ? cel : cel ? 'denies' : 'allows'}`);
  }
  return { agree, denials, disagreements };
}

describe('admission policy export: rules beyond PSS agree with the engine', () => {
  const pss = pssFixtures();
  const real = realSamples();
  const corpus = [...pss, ...real];
  process.stdout.write(
    `# policy export samples: ${pss.length} PSS fixture objects (Pods and Deployments), ${matched('k8s/writable-root-filesystem', real).length} real-corpus workload objects, ${matched('k8s/service-exposed', real).length} real-corpus Services, ${matched('k8s/rbac-wildcard', real).length} Roles/ClusterRoles, ${matched('k8s/rbac-cluster-admin-binding', real).length} RoleBindings/ClusterRoleBindings, ${matched('k8s/ingress-no-tls', real).length} Ingresses\n`,
  );
  let total = 0;
  let agreed = 0;
  for (const id of Object.keys(RULE_CEL)) {
    it(`${id}: examples, PSS fixtures and the real corpus`, () => {
      const rule = ALL_RULES.find((r) => r.meta.id === id)!;
      const examples = matched(id, [rule.meta.examples?.good, rule.meta.examples?.bad].flatMap((t, i) => (t ? samplesOf(t, i ? 'examples.bad' : 'examples.good') : [])));
      const edges = (EDGE_SAMPLES[id] ?? []).map((e) => ({ ...samplesOf(e.text, `edge: ${e.why}`)[0], reported: e.reported }));
      assert.deepEqual(
        edges.filter((e) => engineReports(id, e) !== e.reported).map((e) => e.where),
        [],
        'the engine reports exactly the edge samples marked reported',
      );
      assert.equal(matched(id, edges).length, edges.length, "the rule's policy matches every edge sample");
      const samples = [...examples, ...edges, ...matched(id, corpus)];
      if (rule.meta.examples) {
        assert.equal(examples.length, 2, 'both examples are objects the policy matches');
        const ex = agreement(id, examples);
        assert.deepEqual(ex.disagreements, []);
        assert.equal(ex.denials, 1, 'the bad example is denied, the good one allowed');
      }
      const { agree, denials, disagreements } = agreement(id, samples);
      total += samples.length;
      agreed += agree;
      process.stdout.write(`# policy export ${id}: ${agree}/${samples.length} agree (${denials} denied)\n`);
      assert.ok(denials > 0 && denials < samples.length, 'the samples exercise both verdicts');
      assert.deepEqual(disagreements, []);
    });
  }
  it('every edge sample belongs to an exported rule', () => {
    assert.deepEqual(Object.keys(EDGE_SAMPLES).filter((id) => !RULE_CEL[id]), []);
  });
  it('all exported rules beyond PSS together', () => {
    process.stdout.write(`# policy export, rules beyond PSS: ${agreed}/${total} evaluations agree\n`);
    assert.equal(agreed, total);
  });

  it('rule options reach the exported expression: requireCpuLimit', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: a:1\n      resources:\n        limits: {memory: 1Gi}\n';
    const samples = samplesOf(pod, 'memory-only');
    assert.equal(agreement('k8s/resource-limits-missing', samples).denials, 0);
    const strict = agreement('k8s/resource-limits-missing', samples, { requireCpuLimit: true });
    assert.deepEqual([strict.denials, strict.disagreements], [1, []]);
    const out = exportPolicies('vap', 'restricted', { rules: { 'k8s/resource-limits-missing': { options: { requireCpuLimit: true } } } });
    assert.match(out.exported.find((e) => e.rule.meta.id === 'k8s/resource-limits-missing')!.expression, /limits\.cpu/);
  });
});

describe('admission policy export: which rules', () => {
  it('strict exports every rule with a CEL translation; a PSS profile only its checks; the rest are listed with a reason', () => {
    const strict = exportPolicies('vap', 'restricted', {});
    for (const id of Object.keys(RULE_CEL)) assert.ok(strict.exported.some((e) => e.rule.meta.id === id), id);
    const readme = strict.files.find((f) => f.name === 'README.md')!.text;
    assert.match(readme, /`k8s\/missing-network-policy`: needs the other objects of the namespace/);
    const pss = exportPolicies('vap', 'restricted', { profile: 'pss-restricted' });
    assert.equal(pss.exported.some((e) => !e.rule.meta.pss), false);
    const k8sRules = ALL_RULES.filter((r) => r.language === 'k8s').length;
    assert.equal(strict.exported.length + strict.notExported.length, k8sRules, 'every Kubernetes rule is either exported or listed');
    assert.deepEqual(
      strict.notExported.filter((n) => !NOT_EXPORTED[n.id] && !ALL_RULES.find((r) => r.meta.id === n.id)!.meta.pss).map((n) => n.id),
      [],
      'no rule is left out without a reason of its own (NOT_EXPORTED) or its PSS level',
    );
  });

  it('standard CEL only, except substring (strings extension) in k8s/ingress-no-tls', () => {
    const extension = /\.(substring|charAt|indexOf|lastIndexOf|lowerAscii|upperAscii|replace|split|join|trim|format|quote)\(/g;
    const used = exportPolicies('vap', 'restricted', {}).exported.flatMap((e) => [...e.expression.matchAll(extension)].map((m) => `${e.rule.meta.id} ${m[1]}`));
    assert.deepEqual([...new Set(used)], ['k8s/ingress-no-tls substring']);
  });
});
