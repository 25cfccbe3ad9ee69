import { isScalar } from 'yaml';
import { describeContainer } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf } from '../../server/src/engine/yaml/nodes';
import { containerImagesOf } from '../_lib/container-images';
import { hasFloatingTag, isDigestPinned } from '../_lib/images';
import { editableAlong, lookupScalar } from '../_lib/lookup';
import { sameStyleScalar } from '../_lib/ranges';

export default defineK8sRule({
  meta: {
    id: 'k8s/image-pull-policy',
    title: 'Mutable image tag without imagePullPolicy: Always',
    severity: 'info',
    category: 'images',
    docs: `A tag is mutable: \`app:1.4\` can be re-pushed. With \`imagePullPolicy: IfNotPresent\` (the default for any tag other
than \`latest\`) or \`Never\`, each node keeps running whichever \`app:1.4\` it cached first, so pods of one Deployment can run
different code, and a fixed image never reaches nodes that already have the old one. \`Always\` also makes the kubelet
check the registry credentials on every start, so a pod cannot reuse an image that another tenant pulled on the node.

Images pinned by digest are not reported: a digest cannot change.

**Fix:** set \`imagePullPolicy: Always\` (the registry must be reachable whenever a pod starts), or pin the image by digest.`,
    remediation: 'Set imagePullPolicy: Always, or pin the image by digest.',
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: shop/web:1.4\n      imagePullPolicy: IfNotPresent\n',
      good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: shop/web:1.4\n      imagePullPolicy: Always\n',
    },
  },
  check(object, ctx) {
    for (const { container, node, image, ref } of containerImagesOf(object)) {
      if (isDigestPinned(ref)) continue;
      const policy = pairOf(container.node, 'imagePullPolicy');
      const value = isScalar(policy?.value) ? policy.value.value : undefined;
      const who = describeContainer(container);
      if (policy && policy.value) {
        if (value === 'Always' || typeof value !== 'string') continue;
        // `Never` is a deliberate choice (preloaded or air-gapped images): offered, never applied by fix-all.
        const never = value === 'Never';
        ctx.report({
          at: policy,
          message: `${who} pulls "${image}" with imagePullPolicy ${value}: a re-pushed tag is not picked up and nodes may run different images.`,
          fixes: [{
            title: never ? 'Set imagePullPolicy: Always (pods then need the registry at start)' : 'Set imagePullPolicy: Always',
            edits: [ctx.edit.replaceNode(policy.value, sameStyleScalar(ctx.edit.fileText, policy.value, 'Always', ctx.edit.json))],
            safe: !never,
          }],
        });
        continue;
      }
      // Without the field, Kubernetes uses Always for `latest`/no tag and IfNotPresent otherwise.
      if (hasFloatingTag(ref) || lookupScalar(object.source.doc, container.node, 'imagePullPolicy') === 'Always') continue;
      ctx.report({
        at: node,
        message: `${who} uses mutable tag "${image}" without imagePullPolicy, which defaults to IfNotPresent: a re-pushed tag is not picked up.`,
        fixes: editableAlong(container.node) ? [{ title: 'Add imagePullPolicy: Always', edits: ctx.edit.ensure(container.node, { imagePullPolicy: 'Always' }) }] : [],
      });
    }
  },
});
