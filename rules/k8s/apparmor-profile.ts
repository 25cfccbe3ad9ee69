import { isMap, isScalar } from 'yaml';
import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf } from '../../server/src/engine/yaml/nodes';
import { reportForbiddenValues, shown } from '../_lib/pss';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);

/** Annotation values baseline accepts: the runtime's default, a profile loaded on the node, or empty. */
function allowedAnnotation(value: unknown): boolean {
  return value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

export default defineK8sRule({
  meta: {
    id: 'k8s/apparmor-profile',
    title: 'AppArmor disabled or overridden',
    severity: 'error',
    category: 'cluster-config',
    pss: { level: 'baseline', check: 'appArmorProfile' },
    docs: `On nodes with AppArmor, the runtime confines each container with its default profile. Setting the profile to
\`Unconfined\` (field \`securityContext.appArmorProfile.type\`, pod or container level) or to \`unconfined\` (annotation
\`container.apparmor.security.beta.kubernetes.io/<container>\`) removes that confinement. Baseline allows only the
runtime default and profiles loaded on the node (\`Localhost\` / \`localhost/<name>\`).

**Fix:** remove the override, or use \`appArmorProfile.type: RuntimeDefault\`.`,
    remediation: 'Use appArmorProfile type RuntimeDefault or Localhost instead of Unconfined.',
    references: ['https://kubernetes.io/docs/tutorials/security/apparmor/'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        appArmorProfile:\n          type: Unconfined\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        appArmorProfile:\n          type: RuntimeDefault\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    reportForbiddenValues(pod, ctx, {
      path: ['appArmorProfile', 'type'],
      sites: 'pod-and-containers',
      allowed: (value) => ALLOWED_TYPES.has(value as string),
      message: (where, value) => `${where} sets appArmorProfile type ${shown(value)}; only RuntimeDefault or Localhost are allowed.`,
    });
    const annotations = pairOf(pod.podMetadata, 'annotations')?.value;
    if (!isMap(annotations)) return;
    for (const pair of annotations.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== 'string' || !key.startsWith(ANNOTATION_PREFIX)) continue;
      const value = isScalar(pair.value) ? pair.value.value : pair.value;
      if (allowedAnnotation(value ?? '')) continue;
      ctx.report({ at: pair as never, message: `Annotation ${key}: ${shown(value)} is not an allowed AppArmor profile (runtime/default, localhost/*).` });
    }
  },
});
