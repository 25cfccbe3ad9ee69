import { defineK8sRule } from '../../server/src/engine/rule';
import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { pairOf } from '../../server/src/engine/yaml/nodes';

/** The host namespaces a pod can join, what joining one gives away, and what removing it may break. */
const HOST_NAMESPACES = [
  { field: 'hostNetwork', shares: "the node's network stack: it can bind node ports and reach services listening on localhost", breaks: 'ports and DNS change' },
  { field: 'hostPID', shares: "the node's process table: it can see and signal every process on the node", breaks: 'host processes become invisible' },
  { field: 'hostIPC', shares: "the node's IPC namespace: it can read shared memory of host processes", breaks: 'host shared memory becomes unreachable' },
] as const;

export default defineK8sRule({
  meta: {
    id: 'k8s/host-namespaces',
    title: 'Pod shares a host namespace',
    severity: 'error',
    category: 'exposure',
    pss: { level: 'baseline', check: 'hostNamespaces' },
    docs: `\`hostNetwork\`, \`hostPID\` and \`hostIPC\` put the pod into the node's own network, process or IPC namespace.
Its containers then see node traffic and services bound to localhost, other pods' processes (and their environment,
with secrets), or host shared memory: isolation between the pod and the node is gone. Pod Security baseline forbids all three.

**Fix:** remove the field (or set it to \`false\`). Only node agents (CNI, monitoring) need it; run them in a dedicated,
privileged namespace.`,
    remediation: 'Remove hostNetwork, hostPID and hostIPC from the pod spec, or set them to false.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  hostPID: true\n  containers:\n    - name: app\n      image: app:1\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  hostPID: false\n  containers:\n    - name: app\n      image: app:1\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    for (const { field, shares, breaks } of HOST_NAMESPACES) {
      const pair = pairOf(pod.spec, field);
      if ((pair?.value as { value?: unknown } | null | undefined)?.value !== true) continue;
      ctx.report({
        at: pair!,
        message: `The pod sets ${field}: true and shares ${shares}.`,
        // Not in fix-all: an agent that really needs the host namespace stops working.
        fixes: [{ title: `Remove \`${field}: true\` (${breaks} for the pod)`, edits: [ctx.edit.removePair(pod.spec, pair!)], safe: false }],
      });
    }
  },
});
