import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { exportPolicies, POLICY_FORMATS, type PolicyFormat } from '../../server/src/policy/export';
import { evaluate, toCel } from './cel';

// `--allow-ignore-annotations`: an object carrying `kubeward.io/ignore.<group>.<rule>` (on itself or its pod template,
// as the editor honours it) is exempt from that rule's policy. Evaluated from the generated YAML itself: match
// conditions first (any false: the policy does not apply), then the variables and the validation.

interface Policy {
  conditions: { expression: string }[];
  variables: { name: string; expression: string }[];
  validations: { expression: string }[];
}

/** The CEL parts of a generated policy file, wherever its format keeps them. */
function policyOf(format: PolicyFormat, text: string): Policy {
  const [first] = parseAllDocuments(text).map((d) => d.toJS());
  if (format === 'vap') return { conditions: first.spec.matchConditions ?? [], variables: first.spec.variables, validations: first.spec.validations };
  if (format === 'kyverno') {
    const rule = first.spec.rules[0];
    return { conditions: rule.celPreconditions ?? [], variables: rule.validate.cel.variables, validations: rule.validate.cel.expressions };
  }
  const source = first.spec.targets[0].code[0].source;
  return { conditions: source.matchCondition ?? [], variables: source.variables, validations: source.validations };
}

function admits(policy: Policy, object: unknown): boolean {
  const obj = toCel(object);
  if (policy.conditions.some((c) => evaluate(c.expression, { object: obj }) === false)) return true;
  const variables: Record<string, unknown> = {};
  for (const v of policy.variables) variables[v.name] = evaluate(v.expression, { object: obj, variables });
  return policy.validations.every((v) => evaluate(v.expression, { object: obj, variables }) === true);
}

const ANNOTATION = 'kubeward.io/ignore.k8s.privileged-container';
const privilegedSpec = { containers: [{ name: 'a', image: 'a:1', securityContext: { privileged: true } }] };
const pod = (annotations?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...(annotations ? { annotations } : {}) }, spec: privilegedSpec });
const deployment = (own?: Record<string, string>, template?: Record<string, string>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', ...(own ? { annotations: own } : {}) },
  spec: { template: { metadata: template ? { annotations: template } : {}, spec: privilegedSpec } },
});
const cronJob = (template: Record<string, string>) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'c' },
  spec: { jobTemplate: { spec: { template: { metadata: { annotations: template }, spec: privilegedSpec } } } },
});
const reason = { [ANNOTATION]: 'CNI agent needs it (ticket OPS-12)' };

const fileOf = (format: PolicyFormat, options = { ignoreAnnotations: true }, settings = {}) =>
  exportPolicies(format, 'restricted', settings, ['kube-system'], options).files.find((f) => f.name === 'kubeward-k8s-privileged-container.yaml')!.text;

describe('admission policy export: ignore annotations become exemptions', () => {
  for (const format of POLICY_FORMATS) {
    it(`${format}: the annotated object is admitted, the same object without it (or with another rule's) is denied`, () => {
      const text = fileOf(format);
      const policy = policyOf(format, text);
      assert.equal(policy.conditions.length, 1);
      assert.equal(admits(policy, pod(reason)), true);
      assert.equal(admits(policy, pod()), false);
      assert.equal(admits(policy, pod({ 'kubeward.io/ignore.k8s.host-ports': 'x' })), false);
      assert.equal(admits(policy, pod({ 'team.example/owner': 'x' })), false);
      assert.equal(admits(policy, deployment(reason)), true, 'on the Deployment itself');
      assert.equal(admits(policy, deployment(undefined, reason)), true, 'on its pod template');
      assert.equal(admits(policy, deployment()), false);
      assert.equal(admits(policy, cronJob(reason)), true);
      assert.equal(admits(policy, cronJob({})), false);
      assert.match(text, /# Exempt: objects annotated kubeward\.io\/ignore\.k8s\.privileged-container: "<reason>"/);
      assert.match(text, /# Exempt namespaces: kube-system \(kubeward export-policy --exclude-namespace\)/);
    });

    it(`${format}: off by default and with allowInlineSuppressions: false, so the annotation exempts nothing`, () => {
      for (const text of [fileOf(format, { ignoreAnnotations: false }), fileOf(format, { ignoreAnnotations: true }, { allowInlineSuppressions: false })]) {
        const policy = policyOf(format, text);
        assert.equal(policy.conditions.length, 0);
        assert.equal(admits(policy, pod(reason)), false);
        assert.doesNotMatch(text, /# Exempt: objects annotated/);
      }
    });
  }
});

describe('admission policy export: config ignore entries', () => {
  const source = { path: '/repo/.kubeward.yaml', start: 0, end: 10 };
  const ignores = [
    { rules: ['k8s/privileged-container'], namespaces: ['cni'], reason: 'CNI agent, NET-7', source },
    { rules: ['*'], namespaces: ['sandbox'], reason: 'throwaway demos', source },
    { rules: ['k8s/image-not-pinned'], reason: 'pinned by the registry mirror', source },
    { rules: ['k8s/host-ports'], names: ['legacy-*'], reason: 'old ingress', source },
    { rules: ['k8s/run-as-user'], paths: ['/repo/vendor/**'], reason: 'vendored chart', source },
  ];
  const out = (format: PolicyFormat) => exportPolicies(format, 'restricted', { ignores }, ['kube-system']);
  const file = (format: PolicyFormat, name: string) => out(format).files.find((f) => f.name === name)?.text;

  for (const format of POLICY_FORMATS) {
    it(`${format}: a namespace-only entry becomes a namespace exclusion of its rules' policies, with the reason in a comment`, () => {
      const privileged = file(format, 'kubeward-k8s-privileged-container.yaml')!;
      const docs = parseAllDocuments(privileged).map((d) => d.toJS());
      const excluded =
        format === 'vap' ? docs[1].spec.matchResources.namespaceSelector.matchExpressions[0].values : format === 'kyverno' ? docs[0].spec.rules[0].exclude.any[0].resources.namespaces : docs[1].spec.match.excludedNamespaces;
      assert.deepEqual(excluded, ['kube-system', 'cni', 'sandbox']);
      assert.match(privileged, /# Exempt namespaces: kube-system \(kubeward export-policy --exclude-namespace\); cni \(ignore entry in \.kubeward\.yaml: CNI agent, NET-7\); sandbox \(ignore entry in \.kubeward\.yaml: throwaway demos\)/);
      const hostPorts = file(format, 'kubeward-k8s-host-ports.yaml')!;
      assert.match(hostPorts, /kube-system \(kubeward export-policy --exclude-namespace\); sandbox \(ignore entry/);
      assert.doesNotMatch(hostPorts, /\bcni\b/, "another rule's entry does not reach this policy");
    });
  }

  it('an entry without narrowing leaves its rule out; entries narrowed by name or path are listed as not enforced', () => {
    const result = out('vap');
    assert.equal(result.files.some((f) => f.name === 'kubeward-k8s-image-not-pinned.yaml'), false);
    assert.ok(result.notExported.some((n) => n.id === 'k8s/image-not-pinned' && /ignored everywhere by the config \(\.kubeward\.yaml: pinned by the registry mirror\)/.test(n.reason)));
    const readme = result.files.find((f) => f.name === 'README.md')!.text;
    assert.match(readme, /## Config `ignore` entries not enforced here/);
    assert.match(readme, /- \.kubeward\.yaml: old ingress \(rules k8s\/host-ports\): narrowed by kind or name/);
    assert.match(readme, /- \.kubeward\.yaml: vendored chart \(rules k8s\/run-as-user\): narrowed by file paths, which admission does not see/);
  });
});
