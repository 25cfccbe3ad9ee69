import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderRuleDoc, ruleDocPath } from '../../server/src/engine/rule-docs';
import { WORKSPACE_RULES, workspaceFindings } from '../../server/src/engine/workspace';
import { summarizeObjects } from '../../server/src/engine/workspace/objects';
import { fingerprintOf, reportFindings } from '../../server/src/report/model';
import { findings as analyze } from '../helpers/engine';
import { networkPolicy, pod } from '../helpers/manifests';
import { REPO_ROOT } from '../helpers/paths';

function run(files: Record<string, string>, rules: Record<string, { severity?: 'off' | 'info' }> = {}) {
  const objects = Object.entries(files).flatMap(([path, text]) => summarizeObjects(text, path, path.endsWith('.json') ? 'json' : 'yaml'));
  const out = workspaceFindings(objects, { rules, profile: 'strict', pssVersion: 'latest' });
  return [...out].flatMap(([path, list]) => list.map((f) => ({ path, ruleId: f.ruleId, severity: f.severity, message: f.message, at: [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character] })));
}

describe('workspace/namespace-without-network-policy', () => {
  it('reports each uncovered namespace once, on its first workload in path order', () => {
    const got = run({ 'b.yaml': pod('b', 'shop'), 'a.yaml': `${pod('a', 'shop')}---\n${pod('c', 'pay')}`, 'np.yaml': networkPolicy('pay') });
    assert.deepEqual(got, [
      {
        path: 'a.yaml',
        ruleId: 'workspace/namespace-without-network-policy',
        severity: 'warning',
        message: 'Namespace "shop" has 2 workloads but no NetworkPolicy among the audited manifests: its pods accept all traffic.',
        at: [4, 2, 4, 17],
      },
    ]);
  });

  it('groups workloads without a namespace and points at their kind', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: []\n';
    const got = run({ 'd.yaml': text });
    assert.equal(got.length, 1);
    assert.equal(got[0].message, '1 workload without metadata.namespace but no NetworkPolicy without a namespace among the audited manifests: their pods accept all traffic.');
    assert.deepEqual(got[0].at, [1, 0, 1, 16]);
    assert.deepEqual(run({ 'd.yaml': text, 'np.yaml': networkPolicy('x').replace('  namespace: x\n', '') }), []);
  });

  it('is left out of the Pod Security Standards profiles', () => {
    const objects = summarizeObjects(pod('a', 'shop'), 'a.yaml', 'yaml');
    assert.equal(workspaceFindings(objects, { rules: {}, profile: 'strict', pssVersion: 'latest' }).size, 1);
    assert.equal(workspaceFindings(objects, { rules: {}, profile: 'pss-restricted', pssVersion: 'latest' }).size, 0);
  });

  it('can be turned off like any rule', () => {
    assert.deepEqual(run({ 'a.yaml': pod('a', 'shop') }, { 'workspace/namespace-without-network-policy': { severity: 'off' } }), []);
  });
});

describe('workspace/rolebinding-unknown-serviceaccount', () => {
  const binding = (subjectNs: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
  - kind: ServiceAccount
    name: robot
    namespace: ${subjectNs}
  - kind: ServiceAccount
    name: default
  - kind: User
    name: alice
`;
  const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n  namespace: shop\n';

  it('reports a subject no manifest defines, at the subject entry (info)', () => {
    const got = run({ 'rb.yaml': binding('shop') });
    assert.deepEqual(got, [
      { path: 'rb.yaml', ruleId: 'workspace/rolebinding-unknown-serviceaccount', severity: 'info', message: 'RoleBinding "reader" binds ServiceAccount "shop/robot", which no audited manifest defines.', at: [10, 4, 12, 19] },
    ]);
  });

  it('is quiet when the ServiceAccount is defined in the same namespace, and not otherwise', () => {
    assert.deepEqual(run({ 'rb.yaml': binding('shop'), 'sa.yaml': sa }), []);
    assert.equal(run({ 'rb.yaml': binding('other'), 'sa.yaml': sa }).length, 1);
  });
});

describe('report fingerprints', () => {
  it('survive lines moving and re-indentation, and tell repeated lines apart', () => {
    const text = pod('a', 'shop', { privileged: true });
    const moved = `# new comment\n\n${text}`;
    const fp = (t: string) => reportFindings('app.yaml', t, analyze(t, 'app.yaml')).map((f) => [f.ruleId, f.fingerprint]);
    assert.deepEqual(fp(moved), fp(text));
    assert.equal(fingerprintOf('r', 'p', '  privileged:   true', 0), fingerprintOf('r', 'p', 'privileged: true', 0));
    assert.notEqual(fingerprintOf('r', 'p', 'privileged: true', 0), fingerprintOf('r', 'p', 'privileged: true', 1));
    assert.notEqual(fingerprintOf('r', 'p', 'privileged: true', 0), fingerprintOf('r', 'q', 'privileged: true', 0));
  });
});

describe('workspace rule pages', () => {
  for (const { meta } of WORKSPACE_RULES) {
    it(`${meta.id} has its generated page (the SARIF helpUri)`, () => {
      assert.equal(readFileSync(join(REPO_ROOT, ruleDocPath(meta.id)), 'utf8'), renderRuleDoc(meta), 'run npm run gen:docs');
    });
  }
});
