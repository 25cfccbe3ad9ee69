/**
 * k8s/missing-network-policy — a namespace that runs workloads but has no NetworkPolicy.
 *
 * This concern spans objects (and files), so the per-object `check` reports nothing: the workspace audit calls
 * {@link findNamespacesWithoutNetworkPolicy} with every object it has collected (from one file or a folder tree).
 *
 * API:
 *   findNamespacesWithoutNetworkPolicy(objects, options?) → NamespaceExposure[]
 *     objects:  ManifestObject[] — everything parsed in the scope (a file or a folder); order does not matter.
 *     options.defaultNamespace: namespace of objects without metadata.namespace (default "default"; a kustomization's
 *               `namespace:` or the CLI's `--namespace` can be passed here).
 *     returns one entry per namespace with at least one workload and no NetworkPolicy, sorted by namespace; each entry
 *     lists the workloads, so the caller can report on the first (`workloads[0].object` + `workloads[0].at`) or on all.
 *   The caller builds findings with ruleId `k8s/missing-network-policy`, this rule's severity and
 *   `networkPolicyMessage(entry)`. Objects inside a Helm template are never passed (they are skipped before parsing).
 */
import type { Node } from 'yaml';
import type { ManifestObject } from '../../server/src/engine/k8s/objects';
import { isWorkloadKind } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf } from '../../server/src/engine/yaml/nodes';

export interface WorkloadRef {
  object: ManifestObject;
  /** The `kind:` value node: where a finding for this workload points. */
  at: Node;
}

export interface NamespaceExposure {
  namespace: string;
  workloads: WorkloadRef[];
}

export function findNamespacesWithoutNetworkPolicy(
  objects: readonly ManifestObject[],
  options: { defaultNamespace?: string } = {},
): NamespaceExposure[] {
  const fallback = options.defaultNamespace ?? 'default';
  const workloads = new Map<string, WorkloadRef[]>();
  const isolated = new Set<string>();
  for (const object of objects) {
    const namespace = object.namespace ?? fallback;
    if (object.kind === 'NetworkPolicy' && object.apiVersion.startsWith('networking.k8s.io/')) isolated.add(namespace);
    else if (isWorkloadKind(object.kind) && object.kind !== 'PodTemplate') {
      const at = pairOf(object.node, 'kind')?.value;
      if (at) workloads.set(namespace, [...(workloads.get(namespace) ?? []), { object, at }]);
    }
  }
  return [...workloads.entries()]
    .filter(([namespace]) => !isolated.has(namespace))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([namespace, refs]) => ({ namespace, workloads: refs }));
}

export function networkPolicyMessage(entry: NamespaceExposure): string {
  const n = entry.workloads.length;
  return `Namespace "${entry.namespace}" runs ${n} workload${n === 1 ? '' : 's'} but has no NetworkPolicy: every pod accepts traffic from every other pod in the cluster.`;
}

export default defineK8sRule({
  meta: {
    id: 'k8s/missing-network-policy',
    title: 'Namespace without a NetworkPolicy',
    severity: 'info',
    category: 'exposure',
    docs: `Kubernetes networking is flat by default: every pod can connect to every other pod in every namespace. Until a
NetworkPolicy selects a pod, nothing limits who talks to it, so one compromised workload can reach databases, internal
APIs and the metadata of the whole cluster.

This rule looks at a whole file or folder (the workspace audit): it reports namespaces that run workloads but define no
NetworkPolicy.

**Fix:** start with a default-deny policy per namespace and allow the flows you need:
\`\`\`yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
\`\`\`
The network plugin must enforce NetworkPolicy (Calico, Cilium, …), or the objects have no effect.`,
    remediation: 'Add a default-deny NetworkPolicy to the namespace and allow the required traffic explicitly.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies'],
  },
  // Per-object analysis cannot see the other objects of the namespace; see findNamespacesWithoutNetworkPolicy.
  check() {},
});
