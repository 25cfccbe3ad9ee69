import { containersOf, describeContainer, podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf, scalarOf, seqAt } from '../../server/src/engine/yaml/nodes';

export default defineK8sRule({
  meta: {
    id: 'k8s/host-ports',
    title: 'Container binds a host port',
    severity: 'error',
    category: 'exposure',
    pss: { level: 'baseline', check: 'hostPorts' },
    docs: `A \`hostPort\` opens the port on the node's own IP address and forwards it to the container: the workload is
reachable from wherever the node is, bypassing Services and often NetworkPolicies, and only one such pod fits on each node.
Pod Security baseline forbids host ports.

**Fix:** remove \`hostPort\` and expose the container through a Service (\`ClusterIP\`, or \`LoadBalancer\`/Ingress for
outside traffic).`,
    remediation: 'Remove hostPort and expose the port through a Service.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n      ports:\n        - containerPort: 8080\n          hostPort: 80\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n      ports:\n        - containerPort: 8080\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    for (const container of containersOf(pod)) {
      for (const port of seqAt(container.node, 'ports')?.items ?? []) {
        const hostPort = scalarOf(port, 'hostPort');
        // 0 means "no host port"; only a number reaches the policy (the API rejects other types).
        if (typeof hostPort !== 'number' || hostPort === 0) continue;
        ctx.report({ at: pairOf(port, 'hostPort')!, message: `${describeContainer(container)} binds host port ${hostPort} on the node.` });
      }
    }
  },
});
