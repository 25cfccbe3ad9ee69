import { isScalar } from 'yaml';
import { defineK8sRule } from '../../server/src/engine/rule';
import { mapAt, pairOf, stringOf } from '../../server/src/engine/yaml/nodes';
import { describeRole, isRbacObject } from '../_lib/rbac';

export default defineK8sRule({
  meta: {
    id: 'k8s/rbac-cluster-admin-binding',
    title: 'Binding grants cluster-admin',
    severity: 'error',
    category: 'cluster-config',
    docs: `\`cluster-admin\` allows every verb on every resource. A ClusterRoleBinding to it makes the subjects superusers of the
whole cluster; a RoleBinding to it gives full control of the namespace, including its Secrets, its RBAC and every pod.
If the subject is a workload's service account, anyone who compromises that workload owns the cluster.

**Fix:** bind a role with only the permissions the subject uses. For people, prefer the built-in \`admin\`, \`edit\` or
\`view\` ClusterRoles through namespace-scoped RoleBindings.`,
    remediation: 'Bind a least-privilege role instead of cluster-admin.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles'],
    examples: {
      bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: tools\n',
      good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: tools\n',
    },
  },
  check(object, ctx) {
    if (!isRbacObject(object, ['RoleBinding', 'ClusterRoleBinding'])) return;
    const roleRef = mapAt(object.node, 'roleRef');
    const name = pairOf(roleRef, 'name')?.value;
    if (!isScalar(name) || name.value !== 'cluster-admin' || stringOf(roleRef, 'kind') !== 'ClusterRole') return;
    const scope = object.kind === 'ClusterRoleBinding' ? 'the whole cluster' : 'its namespace';
    ctx.report({ at: name, message: `${describeRole(object)} grants cluster-admin: its subjects get full control of ${scope}.` });
  },
});
