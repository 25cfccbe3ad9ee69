import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { checkInheritedSetting } from '../_lib/pod-wide';
import { isWindowsPod, policyMinor, shown } from '../_lib/pss';
import { RUNTIME_DEFAULT_SECCOMP_TITLE } from '../_lib/pss-fixes';
import { VALID_SECCOMP_TYPES } from '../_lib/seccomp';

export default defineK8sRule({
  meta: {
    id: 'k8s/seccomp-profile-restricted',
    title: 'No seccomp profile',
    severity: 'warning',
    category: 'cluster-config',
    pss: { level: 'restricted', check: 'seccompProfile_restricted' },
    docs: `seccomp filters the system calls a container may make. Kubernetes runs containers \`Unconfined\` unless a profile
is set, leaving the whole kernel interface open to an exploit. The restricted level (from policy v1.19) requires
\`RuntimeDefault\` or \`Localhost\`, set in the pod's \`securityContext\` (inherited by every container) or on every
container; \`Unconfined\` anywhere fails. Windows pods are exempt from v1.25.

**Fix:** \`spec.securityContext.seccompProfile.type: RuntimeDefault\`.`,
    remediation: 'Set seccompProfile.type: RuntimeDefault in the pod securityContext.',
    references: ['https://kubernetes.io/docs/tutorials/security/seccomp/'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: web\n      image: web:1\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod || (policyMinor(ctx) >= 25 && isWindowsPod(pod))) return;
    checkInheritedSetting(pod, ctx, {
      path: ['seccompProfile', 'type'],
      good: (value) => VALID_SECCOMP_TYPES.has(value as string),
      podFix: { seccompProfile: { type: 'RuntimeDefault' } },
      podFixTitle: RUNTIME_DEFAULT_SECCOMP_TITLE,
      explicitMessage: (where, value) => `${where} sets seccompProfile type ${value === '' ? 'unset' : shown(value)}; it must be RuntimeDefault or Localhost.`,
      implicitMessage: (containers) => `seccompProfile type must be RuntimeDefault or Localhost in the pod securityContext or in ${containers.join(', ')}.`,
    });
  },
});
