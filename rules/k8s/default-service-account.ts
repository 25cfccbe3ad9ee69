import { isScalar } from 'yaml';
import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf } from '../../server/src/engine/yaml/nodes';
import { podSpecPair } from '../_lib/pod';

export default defineK8sRule({
  meta: {
    id: 'k8s/default-service-account',
    title: 'Pod runs as the default service account',
    severity: 'info',
    category: 'cluster-config',
    docs: `Every namespace has a \`default\` ServiceAccount, and pods that name no account run as it. All such pods share one
identity: a RoleBinding added to \`default\` for one workload is granted to every other, and audit logs cannot tell them
apart.

**Fix:** create a ServiceAccount per workload and set \`serviceAccountName\`. Pair it with
\`automountServiceAccountToken: false\` when the workload does not call the API.`,
    remediation: 'Create a dedicated ServiceAccount for the workload and set spec.serviceAccountName.',
    references: ['https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: default\n  containers:\n    - name: web\n      image: nginx:1.27\n',
      good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: web\n  containers:\n    - name: web\n      image: nginx:1.27\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    const what = object.name ? `${object.kind} "${object.name}"` : object.kind;
    // `serviceAccount` is the deprecated alias, still honoured when serviceAccountName is absent.
    const field = pairOf(pod.spec, 'serviceAccountName') ?? pairOf(pod.spec, 'serviceAccount');
    const value = isScalar(field?.value) ? field.value.value : undefined;
    if (field?.value && typeof value === 'string' && value !== '') {
      if (value === 'default') ctx.report({ at: field.value, message: `${what} runs as the namespace's default service account, shared by every pod that names none.` });
      return;
    }
    const at = podSpecPair(pod)?.key;
    if (at) ctx.report({ at, message: `${what} sets no serviceAccountName, so it runs as the namespace's default service account.` });
  },
});
