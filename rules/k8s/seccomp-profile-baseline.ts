import { isScalar } from 'yaml';
import { containersOf, podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf } from '../../server/src/engine/yaml/nodes';
import { policyMinor, reportForbiddenValues, shown } from '../_lib/pss';
import { CONTAINER_SECCOMP_ANNOTATION_PREFIX, POD_SECCOMP_ANNOTATION, VALID_SECCOMP_TYPES, validSeccompAnnotation } from '../_lib/seccomp';

export default defineK8sRule({
  meta: {
    id: 'k8s/seccomp-profile-baseline',
    title: 'seccomp explicitly disabled',
    severity: 'error',
    category: 'cluster-config',
    pss: { level: 'baseline', check: 'seccompProfile_baseline' },
    docs: `seccomp filters the system calls a container may make. Setting the profile to \`Unconfined\` (or any type other
than \`RuntimeDefault\` or \`Localhost\`) switches the filter off explicitly, at the pod or container level. Up to policy
v1.18, Pod Security reads the alpha annotations \`seccomp.security.alpha.kubernetes.io/pod\` and
\`container.seccomp.security.alpha.kubernetes.io/<container>\` instead (allowed: \`runtime/default\`, \`docker/default\`,
\`localhost/*\`); from v1.19 it reads only the \`securityContext.seccompProfile\` fields.

**Fix:** remove the \`Unconfined\` profile, or better set \`seccompProfile.type: RuntimeDefault\`.`,
    remediation: 'Use seccompProfile.type RuntimeDefault or Localhost instead of Unconfined.',
    references: ['https://kubernetes.io/docs/tutorials/security/seccomp/'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers:\n    - name: web\n      image: web:1\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: web\n      image: web:1\n',
      settings: { profile: 'pss-baseline' },
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    if (policyMinor(ctx) >= 19) {
      reportForbiddenValues(pod, ctx, {
        path: ['seccompProfile', 'type'],
        sites: 'pod-and-containers',
        allowed: (value) => VALID_SECCOMP_TYPES.has(value as string),
        message: (where, value) => `${where} sets seccompProfile type ${shown(value)}; only RuntimeDefault or Localhost are allowed.`,
      });
      return;
    }
    const annotations = pairOf(pod.podMetadata, 'annotations')?.value;
    const keys = [POD_SECCOMP_ANNOTATION, ...containersOf(pod).filter((c) => c.name).map((c) => CONTAINER_SECCOMP_ANNOTATION_PREFIX + c.name)];
    for (const key of keys) {
      const pair = pairOf(annotations, key);
      if (!pair) continue;
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (validSeccompAnnotation(value)) continue;
      ctx.report({ at: pair, message: `Annotation ${key}: ${shown(value)} is not an allowed seccomp profile (runtime/default, docker/default, localhost/*).` });
    }
  },
});
