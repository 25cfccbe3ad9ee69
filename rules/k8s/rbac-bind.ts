import { defineRbacGrantRule } from '../_lib/rbac';

export default defineRbacGrantRule({
  id: 'k8s/rbac-bind',
  title: 'Role can bind any role',
  severity: 'error',
  category: 'cluster-config',
  docs: `A user may normally bind only roles whose permissions they already hold. The \`bind\` verb on \`roles\` or
\`clusterroles\` lifts that check: together with permission to create (Cluster)RoleBindings, the subject can bind
\`cluster-admin\` to itself.

**Fix:** remove \`bind\`, or limit it with \`resourceNames\` to the few roles the subject must hand out (the finding stays,
as a reminder to review that list).`,
  remediation: 'Remove the bind verb, or restrict it to named roles with resourceNames.',
  references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#bind-verb'],
  examples: {
    bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: binder\nrules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    verbs: ["bind"]\n',
    good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: binder\nrules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["rolebindings"]\n    verbs: ["get"]\n',
  },
  grant: {
    verbs: ['bind'],
    resources: ['roles', 'clusterroles'],
    apiGroups: ['rbac.authorization.k8s.io'],
    risk: 'it can bind roles it does not hold, including cluster-admin',
  },
});
