import { defineK8sRule } from '../../server/src/engine/rule';
import { containersOf, describeContainer, podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { mapAt, pairOf } from '../../server/src/engine/yaml/nodes';

export default defineK8sRule({
  meta: {
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
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    for (const container of containersOf(pod)) {
      const securityContext = mapAt(container.node, 'securityContext');
      const privileged = pairOf(securityContext, 'privileged');
      const value = privileged?.value as { value?: unknown } | null | undefined;
      if (!securityContext || !privileged || value?.value !== true) continue;
      // An emptied securityContext is removed too, so the fix leaves no `securityContext: {}` behind.
      const onlyKey = securityContext.items.length === 1;
      const edit = onlyKey ? ctx.edit.removePair(container.node, pairOf(container.node, 'securityContext')!) : ctx.edit.removePair(securityContext, privileged);
      ctx.report({
        at: privileged,
        message: `${describeContainer(container)} runs privileged: it has full access to the node.`,
        fixes: [{ title: 'Remove `privileged: true`', edits: [edit] }],
      });
    }
  },
});
