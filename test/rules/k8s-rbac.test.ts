import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { at, findings, ofRule, underlined } from '../helpers/engine';

const role = (rules: string, kind = 'ClusterRole') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: r\nrules:\n${rules}`;
const binding = (roleName: string, subjects: string, kind = 'ClusterRoleBinding') =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${roleName}\nsubjects:\n${subjects}`;
const rbacIds = (text: string) => findings(text).filter((f) => f.ruleId.startsWith('k8s/rbac-')).map((f) => `${f.ruleId} ${text.slice(f.offset.start, f.offset.end)}`);

describe('k8s/rbac-wildcard', () => {
  it('underlines each * item in every list', () => {
    const text = role('- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: [get, "*"]\n- nonResourceURLs: ["*"]\n  verbs: [get]\n');
    const found = ofRule(text, 'k8s/rbac-wildcard');
    assert.deepEqual(found.map((f) => underlined(text, f)), ['"*"', '"*"', '"*"', '"*"']);
    assert.deepEqual(at(found[2]), [7, 15, 7, 18]);
    assert.equal(found[0].message, 'ClusterRole "r" grants all apiGroups with "*", including any added later.');
  });

  it('ignores bindings, non-RBAC kinds and explicit lists', () => {
    assert.deepEqual(ofRule(role('- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n'), 'k8s/rbac-wildcard'), []);
    assert.deepEqual(ofRule('apiVersion: v1\nkind: ConfigMap\nrules:\n- verbs: ["*"]\n', 'k8s/rbac-wildcard'), []);
  });
});

describe('RBAC privilege grants (one generic check, six rules)', () => {
  it('reports the resource entry that carries each dangerous grant', () => {
    const text = role(`- apiGroups: [""]
  resources: [secrets, pods/exec, pods/attach, nodes/proxy, configmaps]
  verbs: [get, create]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [clusterroles]
  verbs: [bind, escalate]
- apiGroups: [""]
  resources: [users, serviceaccounts]
  verbs: [impersonate]
`);
    assert.deepEqual(rbacIds(text), [
      'k8s/rbac-secrets-access secrets',
      'k8s/rbac-pod-exec pods/exec',
      'k8s/rbac-pod-exec pods/attach',
      'k8s/rbac-nodes-proxy nodes/proxy',
      'k8s/rbac-bind clusterroles',
      'k8s/rbac-escalate clusterroles',
      'k8s/rbac-impersonate users',
      'k8s/rbac-impersonate serviceaccounts',
    ]);
    const [secrets] = ofRule(text, 'k8s/rbac-secrets-access');
    assert.deepEqual(at(secrets), [6, 14, 6, 21]);
    assert.equal(secrets.message, 'ClusterRole "r" can get secrets: it reads every secret value in its scope.');
  });

  it('matches * verbs, * groups and resource/* subresources, but leaves a * resource to rbac-wildcard', () => {
    const text = role('- apiGroups: ["*"]\n  resources: ["secrets", "pods/*"]\n  verbs: ["*"]\n- apiGroups: [""]\n  resources: ["*"]\n  verbs: [get]\n', 'Role');
    assert.deepEqual(rbacIds(text), [
      'k8s/rbac-wildcard "*"',
      'k8s/rbac-secrets-access "secrets"',
      'k8s/rbac-pod-exec "pods/*"',
      'k8s/rbac-wildcard "*"',
      'k8s/rbac-wildcard "*"',
    ]);
    assert.match(ofRule(text, 'k8s/rbac-secrets-access')[0].message, /^Role "r" can \* secrets/);
  });

  it('respects groups, verbs and resourceNames', () => {
    // secrets of another API group, list-only verbs on pods/exec, and a secret scoped by name are all fine.
    const text = role('- apiGroups: [example.com]\n  resources: [secrets]\n  verbs: [get]\n- apiGroups: [""]\n  resources: [pods/exec]\n  verbs: [list]\n- apiGroups: [""]\n  resources: [secrets]\n  resourceNames: [app-token]\n  verbs: [get]\n- resources: [secrets]\n  verbs: [get]\n');
    assert.deepEqual(rbacIds(text), []);
  });
});

describe('k8s/rbac-cluster-admin-binding', () => {
  const id = 'k8s/rbac-cluster-admin-binding';

  it('underlines roleRef.name for ClusterRoleBinding and RoleBinding', () => {
    const text = binding('cluster-admin', '- kind: ServiceAccount\n  name: ci\n  namespace: tools\n');
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), 'cluster-admin');
    assert.deepEqual(at(f), [7, 8, 7, 21]);
    assert.match(f.message, /full control of the whole cluster/);
    const ns = binding('cluster-admin', '- kind: User\n  name: ann\n', 'RoleBinding');
    assert.match(ofRule(ns, id)[0].message, /full control of its namespace/);
  });

  it('ignores other roles and a namespaced Role that happens to be named cluster-admin', () => {
    assert.deepEqual(ofRule(binding('view', '- kind: User\n  name: ann\n'), id), []);
    assert.deepEqual(ofRule(binding('cluster-admin', '- kind: User\n  name: ann\n').replace('kind: ClusterRole\n', 'kind: Role\n'), id), []);
  });
});

describe('k8s/rbac-anonymous-binding', () => {
  const id = 'k8s/rbac-anonymous-binding';

  it('underlines each public identity subject name', () => {
    const text = binding('view', '- {kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io}\n- kind: User\n  name: "system:anonymous"\n- kind: Group\n  name: system:authenticated\n- kind: Group\n  name: auditors\n');
    const found = ofRule(text, id);
    assert.deepEqual(found.map((f) => underlined(text, f)), ['system:unauthenticated', '"system:anonymous"', 'system:authenticated']);
    assert.match(found[2].message, /every authenticated identity, including any service account/);
  });

  it('works in JSON lists (kind: List)', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', roleRef: { kind: 'Role', name: 'x' }, subjects: [{ kind: 'User', name: 'system:anonymous' }] }] }, null, 2);
    const [f] = ofRule(json, id, 'l.json');
    assert.equal(underlined(json, f), '"system:anonymous"');
  });
});
