import { defineRbacGrantRule } from '../_lib/rbac';

export default defineRbacGrantRule({
  id: 'k8s/rbac-nodes-proxy',
  title: 'Role can reach the kubelet API through nodes/proxy',
  severity: 'warning',
  category: 'cluster-config',
  docs: `\`nodes/proxy\` forwards requests to the kubelet API of any node. The kubelet API can run commands in every container
on the node, and requests through the proxy bypass admission control and audit the kubelet call only as a proxy request.
Even \`get\` is enough for some kubelet endpoints.

**Fix:** grant \`nodes/metrics\` or \`nodes/stats\` for monitoring instead; keep \`nodes/proxy\` for cluster administrators.`,
  remediation: 'Replace nodes/proxy with nodes/metrics or nodes/stats, or remove it.',
  references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes'],
  examples: {
    bad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: scraper\nrules:\n  - apiGroups: [""]\n    resources: [nodes/proxy]\n    verbs: [get]\n',
    good: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: scraper\nrules:\n  - apiGroups: [""]\n    resources: [nodes/metrics]\n    verbs: [get]\n',
  },
  grant: {
    verbs: ['get', 'create', 'update', 'patch', 'delete', 'list', 'watch'],
    resources: ['nodes/proxy'],
    apiGroups: [''],
    risk: 'it can reach every node\'s kubelet API and run commands in its containers',
  },
});
