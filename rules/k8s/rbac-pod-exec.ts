import { defineRbacGrantRule } from '../_lib/rbac';

export default defineRbacGrantRule({
  id: 'k8s/rbac-pod-exec',
  title: 'Role can exec into or attach to pods',
  severity: 'warning',
  category: 'cluster-config',
  docs: `\`pods/exec\` and \`pods/attach\` open a shell or a terminal in running containers. Inside, the subject reads the
container's mounted secrets and service account token and acts with the workload's identity, whatever its own RBAC says.
\`kubectl exec\` needs \`create\` (and \`get\` over WebSockets on recent versions), so both are reported.

**Fix:** keep exec for break-glass administrators; use logs, metrics and ephemeral debug tooling with their own audited
roles for day-to-day work.`,
  remediation: 'Remove pods/exec and pods/attach from the rule, or keep them for break-glass roles only.',
  references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation'],
  examples: {
    bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debug\nrules:\n  - apiGroups: [""]\n    resources: [pods, pods/exec]\n    verbs: [get, create]\n',
    good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: debug\nrules:\n  - apiGroups: [""]\n    resources: [pods, pods/log]\n    verbs: [get]\n',
  },
  grant: {
    verbs: ['create', 'get'],
    resources: ['pods/exec', 'pods/attach'],
    apiGroups: [''],
    risk: 'it can run commands inside pods and use their credentials',
  },
});
