import { defineDockerfileRule } from '../../server/src/engine/rule';

export default defineDockerfileRule({
  meta: {
    id: 'docker/no-latest-tag',
    title: 'Base image uses latest or no tag',
    severity: 'warning',
    category: 'images',
    docs: `\`FROM node\` and \`FROM node:latest\` build on whatever \`latest\` points to today: the next build can get a new
major version, a different distribution, or an image someone pushed by mistake, without any change in your repository.
Stage aliases (\`FROM build\`), \`scratch\` and images given only as an unresolvable \`$ARG\` are not images and are not judged.

**Fix:** choose an explicit version tag (\`node:22.11-bookworm-slim\`), and better, pin it to a digest.`,
    remediation: 'Use an explicit version tag, ideally pinned to a digest.',
    references: ['https://docs.docker.com/build/building/best-practices/#from'],
    fixable: true,
    examples: {
      bad: 'FROM node:latest\n',
      good: 'FROM node:22.11-bookworm-slim\n',
    },
  },
  check(view, ctx) {
    for (const stage of view.stages) {
      const { ref, writtenSpan, written } = stage.base;
      if (!ref || stage.base.stage || stage.base.scratch || ref.digest) continue;
      const tag = ref.tag?.value;
      if (tag !== undefined && tag !== 'latest') continue;
      const shown = written === ref.text ? `\`${written}\`` : `\`${written}\` (= \`${ref.text}\`)`;
      const message = tag ? `Base image ${shown} uses the moving \`latest\` tag.` : `Base image ${shown} has no tag, so it means \`latest\`.`;
      ctx.report({ at: writtenSpan, message });
    }
  },
});
