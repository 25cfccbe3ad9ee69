import { isScalar } from 'yaml';
import { defineK8sRule } from '../../server/src/engine/rule';
import { mapAt, pairOf, seqAt, stringOf } from '../../server/src/engine/yaml/nodes';

// Cloud load balancers read allowed client ranges from the field or, on older controllers, from this annotation.
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const OPEN_RANGES = new Set(['0.0.0.0/0', '::/0']);

/** The ranges a LoadBalancer accepts clients from; undefined when unrestricted. */
function sourceRanges(node: unknown): string[] | undefined {
  const field = seqAt(node, 'spec', 'loadBalancerSourceRanges')?.items.flatMap((n) => (isScalar(n) ? [String(n.value)] : []));
  const annotation = stringOf(mapAt(node, 'metadata', 'annotations'), SOURCE_RANGES_ANNOTATION)?.split(',').map((r) => r.trim());
  const ranges = (field?.length ? field : annotation)?.filter((r) => r !== '');
  return ranges?.length ? ranges : undefined;
}

export default defineK8sRule({
  meta: {
    id: 'k8s/service-exposed',
    title: 'Service exposed outside the cluster without source ranges',
    severity: 'warning',
    category: 'exposure',
    docs: `A \`NodePort\` Service opens its port on **every node**, and a \`LoadBalancer\` Service usually gets a public address
from the cloud provider. Unless the clients are restricted, anyone who can reach the nodes or the load balancer reaches the
pods, bypassing the Ingress controller's TLS, authentication and logging.

- \`LoadBalancer\`: set \`spec.loadBalancerSourceRanges\` to the client CIDRs (\`0.0.0.0/0\` counts as unrestricted).
- \`NodePort\`: source ranges do not apply; prefer \`ClusterIP\` behind an Ingress or Gateway, or firewall the node ports.
- Internal load balancers (provider annotations) are still reachable from the whole VPC: restrict them too.`,
    remediation: 'Use ClusterIP behind an Ingress, or set spec.loadBalancerSourceRanges to the allowed client CIDRs.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'],
    examples: {
      bad: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  ports:\n    - port: 443\n',
      good: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.0/24]\n  ports:\n    - port: 443\n',
    },
  },
  check(object, ctx) {
    if (object.kind !== 'Service' || object.apiVersion !== 'v1') return;
    const type = pairOf(mapAt(object.node, 'spec'), 'type');
    const value = isScalar(type?.value) ? type.value.value : undefined;
    if (!type || (value !== 'NodePort' && value !== 'LoadBalancer')) return;
    const name = object.name ? `Service "${object.name}"` : 'Service';
    if (value === 'NodePort') {
      ctx.report({ at: type, message: `${name} is a NodePort: its port is open on every node to any client that reaches the nodes.` });
      return;
    }
    const ranges = sourceRanges(object.node);
    const open = ranges?.filter((r) => OPEN_RANGES.has(r));
    if (ranges && !open?.length) return;
    const why = ranges ? `loadBalancerSourceRanges allows ${open!.join(', ')}` : 'no loadBalancerSourceRanges';
    ctx.report({ at: type, message: `${name} is a LoadBalancer with ${why}: any client that reaches the load balancer reaches the pods.` });
  },
});
