import { replace } from '../../server/src/engine/dockerfile/edits';
import { defineDockerfileInstructionRule } from '../../server/src/engine/rule';
import { ARCHIVE, GIT_SOURCE, REMOTE_URL, sourcesOf } from '../_lib/docker-add';

/** Flags only ADD understands: with them, COPY is not a replacement. */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

export default defineDockerfileInstructionRule({
  meta: {
    id: 'docker/prefer-copy',
    title: 'ADD used where COPY does the job',
    severity: 'info',
    category: 'images',
    docs: `\`ADD\` has hidden behaviour: it unpacks local archives and fetches URLs. For plain local files that magic is a
surprise waiting to happen (a file renamed to \`.tar.gz\` suddenly gets extracted). \`COPY\` does only what it says.

Not reported when a source is a URL, a git repository or an archive, or when ADD-only flags are used.

**Fix:** replace \`ADD\` with \`COPY\` (the quick fix does it).`,
    remediation: 'Use COPY for local files and directories.',
    references: ['https://docs.docker.com/build/building/best-practices/#add-or-copy'],
    fixable: true,
    examples: {
      bad: 'FROM alpine:3.22\nADD app/ /app/\n',
      good: 'FROM alpine:3.22\nCOPY app/ /app/\n',
    },
  },
  keywords: ['ADD'],
  checkInstruction(add, view, ctx) {
    if (add.flags.some((f) => ADD_ONLY_FLAGS.has(f.name.toLowerCase()))) return;
    const sources = sourcesOf(view, add);
    if (!sources.length || sources.some((s) => REMOTE_URL.test(s.value) || GIT_SOURCE.test(s.value) || ARCHIVE.test(s.value) || s.value.includes('$'))) return;
    const written = view.text.slice(add.keywordSpan.start, add.keywordSpan.end);
    const copy = written === written.toLowerCase() ? 'copy' : written === written.toUpperCase() ? 'COPY' : 'Copy';
    ctx.report({
      at: add.keywordSpan,
      message: 'ADD copies only local files here: COPY does the same without unpacking or downloading surprises.',
      fixes: [{ title: 'Replace ADD with COPY', safe: true, edits: [replace(add.keywordSpan, copy)] }],
    });
  },
});
