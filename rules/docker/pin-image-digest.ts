import { defineDockerfileRule } from '../../server/src/engine/rule';

export default defineDockerfileRule({
  meta: {
    id: 'docker/pin-image-digest',
    title: 'Base image not pinned to a digest',
    severity: 'info',
    category: 'images',
    docs: `A tag such as \`python:3.12-slim\` is a pointer the publisher moves with every rebuild: two builds of the same
Dockerfile can contain different software, and a compromised registry account can change what you build on. A digest
(\`@sha256:…\`) names exactly one image; keep the tag in front of it for readers.

Untagged and \`latest\` images are reported by \`docker/no-latest-tag\` instead.

**Fix:** \`FROM python:3.12-slim@sha256:<digest>\` (the quick fix *Pin … to its digest* asks the registry when \`kubeward.registry.lookup\` is on), and let a bot
such as Renovate or Dependabot update the digest.`,
    remediation: 'Pin the base image to its digest (name:tag@sha256:...).',
    references: ['https://docs.docker.com/build/building/best-practices/#pin-base-image-versions'],
    fixable: true,
    examples: {
      bad: 'FROM python:3.13-slim\n',
      good: 'FROM python:3.13-slim@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n',
    },
  },
  check(view, ctx) {
    for (const stage of view.stages) {
      const { ref, writtenSpan } = stage.base;
      if (!ref || stage.base.stage || stage.base.scratch || ref.digest) continue;
      if (!ref.tag || ref.tag.value === 'latest') continue;
      ctx.report({
        at: writtenSpan,
        message: `Base image \`${ref.text}\` is not pinned to a digest.`,
      });
    }
  },
});
