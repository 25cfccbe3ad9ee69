import { describeContainer } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { containerImagesOf } from '../_lib/container-images';
import { hasFloatingTag, isDigestPinned } from '../_lib/images';
import { spanInScalar } from '../_lib/ranges';

export default defineK8sRule({
  meta: {
    id: 'k8s/image-mutable-tag',
    title: 'Image uses the latest tag or no tag',
    severity: 'warning',
    category: 'images',
    docs: `\`image: nginx\` and \`image: nginx:latest\` both mean "whatever was pushed last". The running version changes
without a change to the manifest: a rollout, a node replacement or a rescheduled pod silently picks up a new (possibly
vulnerable or compromised) image, different pods of one Deployment run different code, and a rollback cannot return to
the previous version.

**Fix:** use an explicit version tag (\`nginx:1.27.3\`), ideally with its digest (\`nginx:1.27.3@sha256:…\`), so the image is
reproducible and reviewable. A reference with a digest is not reported.`,
    remediation: 'Reference a specific version tag, ideally pinned by digest.',
    references: ['https://kubernetes.io/docs/concepts/configuration/overview/#container-images'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n',
      good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27.3\n',
    },
  },
  check(object, ctx) {
    for (const { container, node, image, ref } of containerImagesOf(object)) {
      if (isDigestPinned(ref) || !hasFloatingTag(ref)) continue;
      // Point at `latest` itself when it is written; otherwise the whole reference lacks a tag.
      const at = ref.tagSpan ? spanInScalar(ctx.edit.fileText, node, ...ref.tagSpan) : node;
      const what = ref.tag ? 'the "latest" tag' : 'no tag (so "latest")';
      ctx.report({ at, message: `${describeContainer(container)} uses image "${image}" with ${what}: the version can change without a manifest change.` });
    }
  },
});
