import { isScalar } from 'yaml';
import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf } from '../../server/src/engine/yaml/nodes';
import { editableAlong, lookupScalar } from '../_lib/lookup';
import { podSpecPair } from '../_lib/pod';

const TITLE = 'Set automountServiceAccountToken: false (the pod loses Kubernetes API access)';

export default defineK8sRule({
  meta: {
    id: 'k8s/service-account-token-automount',
    title: 'Service account token mounted into the pod',
    severity: 'warning',
    category: 'cluster-config',
    docs: `By default every container gets its service account's API token at
\`/var/run/secrets/kubernetes.io/serviceaccount/token\`. Most applications never call the Kubernetes API, but an attacker
who gets code execution or a file-read bug in the container can use the token with all of the account's RBAC permissions.

**Fix:** set \`automountServiceAccountToken: false\` in the pod spec. Workloads that do call the API (operators,
controllers, CI runners) must keep the token: leave it on for them, or mount a projected token with a short lifetime and an
audience only where it is used. The pod-level field overrides the ServiceAccount's setting.`,
    remediation: 'Set automountServiceAccountToken: false in the pod spec unless the workload calls the Kubernetes API.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n',
      good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: web\n      image: nginx:1.27\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    const field = pairOf(pod.spec, 'automountServiceAccountToken');
    const value = isScalar(field?.value) ? field.value.value : undefined;
    if (value === false || lookupScalar(object.source.doc, pod.spec, 'automountServiceAccountToken') === false) return;
    const what = object.name ? `${object.kind} "${object.name}"` : object.kind;
    if (field?.value && value === true) {
      ctx.report({
        at: field,
        message: `${what} mounts its service account token into every container: a compromised container can call the API with it.`,
        fixes: [{ title: TITLE, edits: [ctx.edit.replaceNode(field.value, 'false')] }],
      });
      return;
    }
    const at = podSpecPair(pod)?.key;
    if (!at) return;
    ctx.report({
      at,
      message: `${what} does not set automountServiceAccountToken: false, so its service account token is mounted into every container.`,
      fixes: editableAlong(pod.spec) ? [{ title: TITLE, edits: ctx.edit.ensure(pod.spec, { automountServiceAccountToken: false }) }] : [],
    });
  },
});
