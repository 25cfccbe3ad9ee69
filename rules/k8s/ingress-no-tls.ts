import { isMap, isScalar, type Node } from 'yaml';
import { defineK8sRule } from '../../server/src/engine/rule';
import { mapAt, pairOf, seqAt } from '../../server/src/engine/yaml/nodes';

/** Hosts listed under `spec.tls[*].hosts`; `*.example.com` covers one label. */
function tlsHosts(spec: unknown): string[] {
  return (seqAt(spec, 'tls')?.items ?? []).flatMap((t) => (seqAt(t, 'hosts')?.items ?? []).flatMap((h) => (isScalar(h) ? [String(h.value)] : [])));
}

function covered(host: string, tls: readonly string[]): boolean {
  return tls.some((t) => t === host || (t.startsWith('*.') && host.endsWith(t.slice(1)) && !host.slice(0, -t.length + 1).includes('.')));
}

export default defineK8sRule({
  meta: {
    id: 'k8s/ingress-no-tls',
    title: 'Ingress serves plain HTTP',
    severity: 'warning',
    category: 'exposure',
    docs: `Without \`spec.tls\`, the Ingress controller serves the hosts over plain HTTP: passwords, session cookies and API
tokens cross the network readable and modifiable by anyone on the path. A host missing from every \`tls[].hosts\` list is
served without its own certificate (usually the controller's default, which clients reject).

**Fix:** add a \`tls\` entry naming the hosts and the Secret with their certificate (cert-manager can issue it):
\`\`\`yaml
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
\`\`\``,
    remediation: 'Add spec.tls with every host of the rules and the Secret holding its certificate.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'],
    examples: {
      bad: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  rules:\n    - host: shop.example.com\n',
      good: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n  rules:\n    - host: shop.example.com\n',
    },
  },
  check(object, ctx) {
    if (object.kind !== 'Ingress') return;
    const spec = mapAt(object.node, 'spec');
    const rules = pairOf(spec, 'rules');
    const name = object.name ? `Ingress "${object.name}"` : 'Ingress';
    const tls = seqAt(spec, 'tls');
    if (!tls?.items.length) {
      const at = rules?.key ?? pairOf(spec, 'defaultBackend')?.key ?? pairOf(spec, 'backend')?.key;
      if (at) ctx.report({ at: at as Node, message: `${name} has no tls section: its hosts are served over plain HTTP.` });
      return;
    }
    // A tls entry without hosts applies its certificate to every host (the controller's choice of default).
    if (tls.items.some((t) => !seqAt(t, 'hosts')?.items.length)) return;
    const hosts = tlsHosts(spec);
    for (const rule of seqAt(spec, 'rules')?.items ?? []) {
      const host = isMap(rule) ? pairOf(rule, 'host')?.value : undefined;
      if (!isScalar(host) || typeof host.value !== 'string' || covered(host.value, hosts)) continue;
      ctx.report({ at: host, message: `${name}: host "${host.value}" is not listed in any tls entry, so it is served without its certificate.` });
    }
  },
});
