import { defineWorkspaceRule } from '../../server/src/engine/workspace/rule';
import type { ObjectSummary } from '../../server/src/engine/workspace/objects';

// Objects without metadata.namespace land in whatever namespace they are applied to; they form one group of their
// own, covered only by NetworkPolicies that also leave the namespace open.
const UNSET = '';

export default defineWorkspaceRule({
  meta: {
    id: 'workspace/namespace-without-network-policy',
    title: 'Namespace with workloads but no NetworkPolicy',
    severity: 'warning',
    category: 'exposure',
    docs: `Without a NetworkPolicy selecting them, pods accept traffic from every other pod in the cluster and may connect anywhere.
A compromised pod in any namespace can then reach this namespace's services directly.
This rule looks at all audited manifests together: it reports each namespace that has workloads but no NetworkPolicy
in it, once, on the first workload found (in path order).

**Fix:** add a default-deny NetworkPolicy to the namespace and allow only the traffic the workloads need.`,
    remediation: 'Add a default-deny NetworkPolicy to the namespace, then allow the flows the workloads need.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies'],
  },
  check(objects, report) {
    const covered = new Set(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.namespace ?? UNSET));
    const workloads = new Map<string, ObjectSummary[]>();
    for (const o of objects) {
      if (!o.isWorkload) continue;
      const ns = o.namespace ?? UNSET;
      workloads.set(ns, [...(workloads.get(ns) ?? []), o]);
    }
    for (const [ns, list] of workloads) {
      if (covered.has(ns)) continue;
      const first = [...list].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.anchor.offset.start - b.anchor.offset.start))[0];
      const count = list.length === 1 ? '1 workload' : `${list.length} workloads`;
      const message =
        ns === UNSET
          ? `${count} without metadata.namespace but no NetworkPolicy without a namespace among the audited manifests: their pods accept all traffic.`
          : `Namespace "${ns}" has ${count} but no NetworkPolicy among the audited manifests: its pods accept all traffic.`;
      report({ path: first.path, at: first.anchor, message });
    }
  },
});
