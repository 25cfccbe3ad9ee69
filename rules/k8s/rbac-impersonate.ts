import { defineRbacGrantRule } from '../_lib/rbac';

export default defineRbacGrantRule({
  id: 'k8s/rbac-impersonate',
  title: 'Role can impersonate users, groups or service accounts',
  severity: 'error',
  category: 'cluster-config',
  docs: `\`impersonate\` lets a subject send requests as another user, group or service account (\`kubectl --as\`). Whoever can
impersonate \`system:masters\` or a controller's service account has that identity's permissions, and the audit log
shows the impersonated name.

**Fix:** remove \`impersonate\`, or restrict it with \`resourceNames\` to specific, unprivileged identities.`,
  remediation: 'Remove the impersonate verb, or restrict it to named identities with resourceNames.',
  references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation'],
  examples: {
    bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: sudo\nrules:\n  - apiGroups: [""]\n    resources: [users, groups]\n    verbs: [impersonate]\n',
    good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: sudo\nrules:\n  - apiGroups: [""]\n    resources: [users, groups]\n    verbs: [get]\n',
  },
  grant: {
    verbs: ['impersonate'],
    resources: ['users', 'groups', 'serviceaccounts', 'userextras', 'uids'],
    apiGroups: ['', 'authentication.k8s.io'],
    risk: 'it can act with another identity\'s permissions',
  },
});
