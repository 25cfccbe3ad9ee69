import type { Node } from 'yaml';
import { defineFieldRule } from '../_lib/pss';

export default defineFieldRule(
  {
    id: 'k8s/privileged-container',
    title: 'Privileged container',
    severity: 'error',
    category: 'cluster-config',
    pss: { level: 'baseline', check: 'privileged' },
    docs: `A privileged container runs with every Linux capability and sees the host's devices: it is root on the node.
Anyone who can create such a pod in *any* namespace can take over the node, read other pods' secrets and move through the cluster.
Kubernetes allows it unless Pod Security Admission (baseline or restricted) or a policy engine blocks it.

**Fix:** remove \`privileged: true\` (or set it to \`false\`). If the workload needs one device or capability, grant only that.`,
    remediation: 'Remove securityContext.privileged or set it to false.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: shell\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n',
      good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: shell\n      image: busybox:1.36\n      securityContext:\n        privileged: false\n',
    },
  },
  (_pod, ctx) => ({
    path: ['privileged'],
    sites: 'containers',
    // Only the boolean true: `"true"` is rejected by the API server before any policy sees it.
    allowed: (value) => value !== true,
    message: (where) => `${where} runs privileged: it has full access to the node.`,
    fixes: (site, pair) => {
      // The only key: turning it off keeps the securityContext, where removing it would leave `securityContext: {}`
      // behind, or remove the block and make k8s/missing-security-context ask for one.
      if (site.context!.items.length === 1) return [{ title: 'Set `privileged: false`', edits: [ctx.edit.replaceNode(pair.value as Node, 'false')] }];
      return [{ title: 'Remove `privileged: true`', edits: [ctx.edit.removePair(site.context!, pair)] }];
    },
  }),
);
