import { deleteWord } from '../../server/src/engine/dockerfile/edits';
import { defineDockerfileInstructionRule, type FixSpec } from '../../server/src/engine/rule';
import type { DockerInstruction } from '../../server/src/engine/dockerfile/parse';
import { isRootUser, runCommandsOf, userInEffect } from '../_lib/docker';

function runsAsRoot(run: DockerInstruction): boolean {
  const user = run.stage ? userInEffect(run.stage, run) : undefined;
  return !user || isRootUser(user.args[0]?.value ?? '');
}

export default defineDockerfileInstructionRule({
  meta: {
    id: 'docker/no-sudo',
    title: 'sudo used in RUN',
    severity: 'warning',
    category: 'images',
    docs: `\`sudo\` in a Dockerfile means the image ships \`sudo\` and a user allowed to use it — a ready-made privilege
escalation for anyone who gets a shell in the container. It also has TTY and signal quirks that make builds flaky.

**Fix:** run root-only steps before \`USER\` switches to the unprivileged user (then \`sudo\` is not needed), and do not
install \`sudo\` in the image. The quick fix removes \`sudo\` when the step already runs as root.`,
    remediation: 'Run privileged steps as root before switching USER, without sudo.',
    references: ['https://docs.docker.com/build/building/best-practices/#user'],
    fixable: true,
    examples: {
      bad: 'FROM debian:12\nRUN sudo apt-get update\n',
      good: 'FROM debian:12\nRUN apt-get update\n',
    },
  },
  keywords: ['RUN'],
  // Whether the step runs as root depends on the USER before it (in its stage or one it builds on).
  context: (run) => (runsAsRoot(run) ? 'root' : 'user'),
  checkInstruction(run, view, ctx) {
    for (const { command } of runCommandsOf(view, run)) {
      for (let k = 0; k < command.words.length; k++) {
        const word = command.words[k];
        if (word.value !== 'sudo' && !word.value.endsWith('/sudo')) continue;
        if (k > 0 && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(command.words[k - 1].value)) break;
        const asRoot = runsAsRoot(run);
        const next = command.words[k + 1];
        const fixes: FixSpec[] = asRoot && next && !next.value.startsWith('-') ? [{ title: 'Remove sudo (this step already runs as root)', safe: true, edits: [deleteWord(view.text, word)] }] : [];
        ctx.report({ at: word, message: asRoot ? '`sudo` is not needed: this step already runs as root.' : '`sudo` in the image lets its user become root.', fixes });
        break;
      }
    }
  },
});
