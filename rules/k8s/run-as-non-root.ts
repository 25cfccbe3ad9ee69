import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairAt } from '../_lib/pss';
import { checkInheritedSetting } from '../_lib/pod-wide';
import { RUN_AS_NON_ROOT_TITLE } from '../_lib/pss-fixes';
import { inUserNamespace, policyMinor } from '../_lib/pss';

export default defineK8sRule({
  meta: {
    id: 'k8s/run-as-non-root',
    title: 'Containers may run as root',
    severity: 'warning',
    category: 'cluster-config',
    pss: { level: 'restricted', check: 'runAsNonRoot' },
    docs: `Many images start as root (UID 0) unless told otherwise. Root in a container is still root to the kernel: a
container escape or a writable host mount then gives root on the node. \`runAsNonRoot: true\` makes the kubelet refuse to
start a container whose user would be root. The restricted level requires it in the pod's \`securityContext\` (inherited
by every container) or on every container; an explicit \`false\` anywhere fails. From policy v1.35, pods with
\`hostUsers: false\` (user namespaces, where root in the pod is not root on the node) are exempt.

**Fix:** \`spec.securityContext.runAsNonRoot: true\`, with a non-zero \`runAsUser\` if the image has no non-root USER.`,
    remediation: 'Set runAsNonRoot: true in the pod securityContext (and a non-root runAsUser if the image needs one).',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: web\n      image: web:1\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod || (policyMinor(ctx) >= 35 && inUserNamespace(pod))) return;
    checkInheritedSetting(pod, ctx, {
      path: ['runAsNonRoot'],
      good: (value) => value === true,
      podFix: { runAsNonRoot: true },
      podFixTitle: RUN_AS_NON_ROOT_TITLE,
      explicitMessage: (where, value) => `${where} sets runAsNonRoot: ${String(value)}; it must be true.`,
      implicitMessage: (containers) => `runAsNonRoot must be true in the pod securityContext or in ${containers.join(', ')}.`,
      explicitFix: (site) => [
        {
          title: `Set runAsNonRoot: true on the ${site.label === 'pod' ? 'pod' : site.label} (an image that runs as root will fail to start)`,
          edits: [ctx.edit.replaceNode(pairAt(site.context, ['runAsNonRoot'])!.value!, 'true')],
          safe: false,
        },
      ],
    });
  },
});
