import { defineK8sRule } from '../../server/src/engine/rule';
import { describeRole, policyRulesOf } from '../_lib/rbac';

const FIELDS = ['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const;

export default defineK8sRule({
  meta: {
    id: 'k8s/rbac-wildcard',
    title: 'Wildcard in an RBAC rule',
    severity: 'warning',
    category: 'cluster-config',
    docs: `A \`*\` in \`apiGroups\`, \`resources\`, \`verbs\` or \`nonResourceURLs\` grants everything that exists **and everything added
later**: a new CRD, a new subresource or a new verb is granted the day it appears. \`resources: ["*"]\` includes Secrets,
\`pods/exec\` and \`nodes/proxy\`; \`verbs: ["*"]\` includes \`escalate\`, \`bind\` and \`impersonate\`.

**Fix:** list the groups, resources and verbs the subject needs. \`kubectl auth can-i --list --as=<subject>\` and the audit
log show what it really uses.`,
    remediation: 'Replace each * with the explicit API groups, resources and verbs the subject needs.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege'],
    examples: {
      bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app\nrules:\n  - apiGroups: ["apps"]\n    resources: ["*"]\n    verbs: ["get"]\n',
      good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app\nrules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get"]\n',
    },
  },
  check(object, ctx) {
    for (const rule of policyRulesOf(object)) {
      for (const field of FIELDS) {
        for (const item of rule[field]) {
          if (item.value !== '*') continue;
          ctx.report({ at: item.node, message: `${describeRole(object)} grants all ${field} with "*", including any added later.` });
        }
      }
    }
  },
});
