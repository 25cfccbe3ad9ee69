import { defineDockerfileInstructionRule } from '../../server/src/engine/rule';
import { GIT_SOURCE, REMOTE_URL, sourcesOf } from '../_lib/docker-add';

export default defineDockerfileInstructionRule({
  meta: {
    id: 'docker/no-add-url',
    title: 'ADD downloads a remote file without a checksum',
    severity: 'warning',
    category: 'images',
    docs: `\`ADD https://…\` fetches whatever the server returns at build time and puts it in the image, with no
integrity check: a compromised or hijacked download server changes your image. Every stage is judged (build stages
feed the final image through \`COPY --from\`).

**Fix:** add \`--checksum=sha256:<hex>\` (Dockerfile syntax 1.6+), or download with \`curl\` and verify the checksum in the
same \`RUN\`.`,
    remediation: 'Verify remote downloads with ADD --checksum or an explicit checksum check.',
    references: ['https://docs.docker.com/reference/dockerfile/#add---checksum'],
    examples: {
      bad: 'FROM alpine:3.22\nADD https://example.com/tool.tar.gz /opt/\n',
      good: 'FROM alpine:3.22\nADD --checksum=sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb https://example.com/tool.tar.gz /opt/\n',
    },
  },
  keywords: ['ADD'],
  checkInstruction(add, view, ctx) {
    if (add.flags.some((f) => f.name.toLowerCase() === 'checksum')) return;
    for (const source of sourcesOf(view, add)) {
      if (REMOTE_URL.test(source.value) && !GIT_SOURCE.test(source.value)) ctx.report({ at: source, message: `ADD downloads \`${source.value}\` without verifying a checksum.` });
    }
  },
});
