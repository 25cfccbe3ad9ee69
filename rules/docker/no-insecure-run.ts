import { deleteWord } from '../../server/src/engine/dockerfile/edits';
import { defineDockerfileInstructionRule } from '../../server/src/engine/rule';

export default defineDockerfileInstructionRule({
  meta: {
    id: 'docker/no-insecure-run',
    title: 'RUN --security=insecure',
    severity: 'error',
    category: 'images',
    docs: `\`RUN --security=insecure\` runs the step without the build sandbox — effectively a privileged container on the
build host (all capabilities, no seccomp/AppArmor). A malicious or compromised dependency installed in that step can
take over the builder and tamper with every image it builds. It needs the \`security.insecure\` entitlement, which
should stay disabled on shared builders.

**Fix:** remove the flag; if the step truly needs a device or capability, build that part outside the image.`,
    remediation: 'Remove --security=insecure from RUN.',
    references: ['https://docs.docker.com/reference/dockerfile/#run---security'],
    fixable: true,
    examples: {
      bad: 'FROM debian:12\nRUN --security=insecure make test\n',
      good: 'FROM debian:12\nRUN make test\n',
    },
  },
  keywords: ['RUN'],
  checkInstruction(run, view, ctx) {
    for (const flag of run.flags) {
      if (flag.name.toLowerCase() !== 'security' || flag.value?.toLowerCase() !== 'insecure') continue;
      ctx.report({
        at: flag.span,
        message: 'This RUN step runs unsandboxed, with full privileges on the build host.',
        fixes: [{ title: 'Remove --security=insecure (the step may need a rewrite)', safe: false, edits: [deleteWord(view.text, flag.span)] }],
      });
    }
  },
});
