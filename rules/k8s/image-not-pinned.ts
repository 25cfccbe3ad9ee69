import { defineK8sRule } from '../../server/src/engine/rule';
import { containersOf, describeContainer, podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { pairOf } from '../../server/src/engine/yaml/nodes';

export default defineK8sRule({
  meta: {
    id: 'k8s/image-not-pinned',
    title: 'Image not pinned to a digest',
    severity: 'info',
    category: 'images',
    docs: `A tag such as \`nginx:1.27\` is a moving pointer: whoever can push to the repository can change what runs in your
cluster, and two nodes may pull different images for the same manifest. A digest (\`@sha256:…\`) names exactly one image.

**Fix:** pin the image to its digest, keeping the tag for readers: \`nginx:1.27@sha256:<digest>\`. The quick fix
"Pin \`nginx:1.27\` to its digest" (and "Pin all images in this file", or \`kubeward pin --registry-lookup PATH…\`)
asks the image's registry for the digest of the tag — the multi-arch index digest when there is one. Registry lookups
are off by default: turn on \`kubeward.registry.lookup\` (never in untrusted workspaces).`,
    remediation: 'Reference the image by digest (name:tag@sha256:...).',
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    for (const container of containersOf(pod)) {
      const image = pairOf(container.node, 'image');
      const value = image?.value as { value?: unknown } | null | undefined;
      if (!image?.value || typeof value?.value !== 'string') continue;
      if (/@sha256:[a-f0-9]{64}$/.test(value.value)) continue;
      ctx.report({ at: image.value, message: `${describeContainer(container)} uses image "${value.value}" without a digest.` });
    }
  },
});
