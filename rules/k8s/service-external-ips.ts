import { defineK8sRule } from '../../server/src/engine/rule';
import { mapAt, pairOf, seqAt } from '../../server/src/engine/yaml/nodes';

export default defineK8sRule({
  meta: {
    id: 'k8s/service-external-ips',
    title: 'Service sets externalIPs',
    severity: 'warning',
    category: 'exposure',
    docs: `\`spec.externalIPs\` makes kube-proxy on every node capture traffic for those addresses. Kubernetes does not check who
owns them: anyone allowed to create or edit a Service can intercept traffic meant for another IP, inside or outside the
cluster (CVE-2020-8554, unfixed by design). Clusters usually block the field with an admission policy
(\`DenyServiceExternalIPs\`); a manifest that needs it will fail there, or expose the service on an address nobody manages.

**Fix:** use a \`LoadBalancer\` Service (with \`loadBalancerSourceRanges\`) or an Ingress/Gateway instead.`,
    remediation: 'Remove spec.externalIPs and expose the Service through a LoadBalancer or an Ingress.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#external-ips', 'https://github.com/kubernetes/kubernetes/issues/97076'],
    examples: {
      bad: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  externalIPs: [198.51.100.7]\n  ports:\n    - port: 5432\n',
      good: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  ports:\n    - port: 5432\n',
    },
  },
  check(object, ctx) {
    if (object.kind !== 'Service' || object.apiVersion !== 'v1') return;
    const ips = seqAt(object.node, 'spec', 'externalIPs');
    if (!ips?.items.length) return;
    const name = object.name ? `Service "${object.name}"` : 'Service';
    ctx.report({ at: pairOf(mapAt(object.node, 'spec'), 'externalIPs')!, message: `${name} claims externalIPs: kube-proxy captures traffic for these addresses on every node.` });
  },
});
