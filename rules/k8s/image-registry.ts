import { describeContainer } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { containerImagesOf } from '../_lib/container-images';
import { isFromTrustedRegistry } from '../_lib/images';
import { spanInScalar } from '../_lib/ranges';

export default defineK8sRule({
  meta: {
    id: 'k8s/image-registry',
    title: 'Image from a registry outside the trusted list',
    severity: 'warning',
    category: 'images',
    docs: `Images from arbitrary registries bypass the scanning, signing and retention your own registry enforces, and a
typo-squatted or abandoned public repository can serve anything. This rule is **off until you list trusted registries** in
the \`trustedRegistries\` setting.

Entries are a registry (\`registry.example.com\`), a registry with a path prefix (\`ghcr.io/acme\`), or a host wildcard
(\`*.dkr.ecr.eu-west-1.amazonaws.com\`). Images without a registry come from Docker Hub: list \`docker.io\` (or
\`docker.io/library\` for official images only) to allow them.

**Fix:** mirror the image into a trusted registry and reference it there, or add the registry to the list.`,
    remediation: 'Pull the image from a registry listed in trustedRegistries, or add its registry to the list.',
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  },
  check(object, ctx) {
    const trusted = ctx.settings.trustedRegistries ?? [];
    if (!trusted.length) return;
    for (const { container, node, image, ref } of containerImagesOf(object)) {
      if (isFromTrustedRegistry(ref, trusted)) continue;
      const at = ref.registrySpan ? spanInScalar(ctx.edit.fileText, node, ...ref.registrySpan) : node;
      ctx.report({ at, message: `${describeContainer(container)} pulls "${image}" from ${ref.effectiveRegistry}, which is not in trustedRegistries.` });
    }
  },
});
