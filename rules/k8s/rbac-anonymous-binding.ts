import { defineK8sRule } from '../../server/src/engine/rule';
import { bindingSubjectsOf, describeRole } from '../_lib/rbac';

/** Identities every request has, with or without credentials. */
export const PUBLIC_IDENTITIES: Readonly<Record<string, string>> = {
  'system:anonymous': 'every unauthenticated request',
  'system:unauthenticated': 'every unauthenticated request',
  'system:authenticated': 'every authenticated identity, including any service account in any namespace',
};

export default defineK8sRule({
  meta: {
    id: 'k8s/rbac-anonymous-binding',
    title: 'Binding to anonymous or all authenticated users',
    severity: 'error',
    category: 'cluster-config',
    docs: `\`system:anonymous\` and \`system:unauthenticated\` are whoever reaches the API server without credentials;
\`system:authenticated\` is everyone with any credentials, including every service account of every namespace and, on
some managed clusters, any account of the cloud provider. Permissions bound to them are effectively public.

**Fix:** bind the role to the specific users, groups or service accounts that need it.`,
    remediation: 'Bind the role to specific users, groups or service accounts instead.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles'],
    examples: {
      bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: open\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - kind: Group\n    name: system:unauthenticated\n    apiGroup: rbac.authorization.k8s.io\n',
      good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: open\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - kind: Group\n    name: auditors\n    apiGroup: rbac.authorization.k8s.io\n',
    },
  },
  check(object, ctx) {
    for (const subject of bindingSubjectsOf(object)) {
      const who = PUBLIC_IDENTITIES[subject.name];
      if (!who || subject.kind === 'ServiceAccount') continue;
      ctx.report({ at: subject.node, message: `${describeRole(object)} binds ${subject.name}: its role is granted to ${who}.` });
    }
  },
});
