import { defineRbacGrantRule } from '../_lib/rbac';

export default defineRbacGrantRule({
  id: 'k8s/rbac-escalate',
  title: 'Role can escalate its own permissions',
  severity: 'error',
  category: 'cluster-config',
  docs: `Kubernetes refuses to let a user create or update a role that grants more than the user already has, unless the
user holds the \`escalate\` verb on \`roles\` or \`clusterroles\`. With \`escalate\`, a subject can edit a role it is bound to
and give itself any permission, up to \`cluster-admin\`.

**Fix:** remove \`escalate\`. Role management belongs to cluster administrators or to GitOps tooling with its own audited
identity.`,
  remediation: 'Remove the escalate verb from the rule.',
  references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb'],
  examples: {
    bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: role-admin\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [get, update, escalate]\n',
    good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: role-admin\nrules:\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [get, list]\n',
  },
  grant: {
    verbs: ['escalate'],
    resources: ['roles', 'clusterroles'],
    apiGroups: ['rbac.authorization.k8s.io'],
    risk: 'it can grant itself any permission',
  },
});
