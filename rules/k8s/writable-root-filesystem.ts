import { isScalar } from 'yaml';
import { containersOf, describeContainer, podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { mapAt, pairOf, stringOf } from '../../server/src/engine/yaml/nodes';
import { editableAlong, lookupScalar } from '../_lib/lookup';

const TITLE = 'Set readOnlyRootFilesystem: true (writes outside mounted volumes will fail)';

export default defineK8sRule({
  meta: {
    id: 'k8s/writable-root-filesystem',
    title: 'Container root filesystem is writable',
    severity: 'warning',
    category: 'cluster-config',
    docs: `A writable root filesystem lets an attacker who gets code execution drop tools, modify binaries and configuration of
the running container, and persist until the pod is replaced. A read-only root filesystem turns most of these steps into
errors and makes tampering visible.

**Fix:** set \`securityContext.readOnlyRootFilesystem: true\` on each container and mount an \`emptyDir\` where the
application must write (\`/tmp\`, caches, PID files):
\`\`\`yaml
securityContext:
  readOnlyRootFilesystem: true
volumeMounts:
  - {name: tmp, mountPath: /tmp}
\`\`\`
The quick fix sets the field only: test the workload, and add the volumes it needs. Windows pods are not reported (the
field is not supported there).`,
    remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the application writes.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n',
      good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        readOnlyRootFilesystem: true\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod || stringOf(mapAt(pod.spec, 'os'), 'name') === 'windows') return;
    for (const container of containersOf(pod)) {
      const securityContext = pairOf(container.node, 'securityContext');
      const field = pairOf(mapAt(container.node, 'securityContext'), 'readOnlyRootFilesystem');
      const value = isScalar(field?.value) ? field.value.value : undefined;
      if (value === true || lookupScalar(object.source.doc, container.node, 'securityContext', 'readOnlyRootFilesystem') === true) continue;
      const who = describeContainer(container);
      if (field?.value && value === false) {
        ctx.report({ at: field, message: `${who} has a writable root filesystem.`, fixes: [{ title: TITLE, edits: [ctx.edit.replaceNode(field.value, 'true')] }] });
        continue;
      }
      const at = securityContext?.key ?? pairOf(container.node, 'name')?.key ?? container.node;
      ctx.report({
        at,
        message: `${who} does not set readOnlyRootFilesystem: true, so its root filesystem is writable.`,
        fixes: editableAlong(container.node, 'securityContext') ? [{ title: TITLE, edits: ctx.edit.ensure(container.node, { securityContext: { readOnlyRootFilesystem: true } }) }] : [],
      });
    }
  },
});
