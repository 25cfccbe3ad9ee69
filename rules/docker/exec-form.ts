import { replace } from '../../server/src/engine/dockerfile/edits';
import { shellCommands } from '../../server/src/engine/dockerfile/shell';
import type { DockerInstruction, DockerfileView } from '../../server/src/engine/dockerfile/parse';
import { defineDockerfileRule, type FixSpec } from '../../server/src/engine/rule';
import { isWindowsStage } from '../_lib/docker';

/** Characters that need a shell: with any of them the exec form would change meaning. */
const SHELL_SYNTAX = /[$|&;<>*?(){}`~\\]/;

function execFormFix(view: DockerfileView, instruction: DockerInstruction): FixSpec[] {
  const first = instruction.args[0];
  const last = instruction.args.at(-1);
  if (!first || !last) return [];
  const body = view.text.slice(first.start, last.end);
  if (SHELL_SYNTAX.test(body.replace(/\\\r?\n/g, ' ')) || /\r|\n/.test(body)) return [];
  const commands = shellCommands(view.text, first.start, last.end);
  if (commands.length !== 1) return [];
  const json = `[${commands[0].words.map((w) => JSON.stringify(w.value)).join(', ')}]`;
  return [{ title: `Use the exec form: ${instruction.keyword} ${json}`, safe: false, edits: [replace({ start: first.start, end: last.end }, json)] }];
}

export default defineDockerfileRule({
  meta: {
    id: 'docker/exec-form',
    title: 'Shell-form CMD or ENTRYPOINT',
    severity: 'info',
    category: 'images',
    docs: `In shell form (\`CMD node server.js\`) the container's PID 1 is \`/bin/sh -c\`, which does not forward
\`SIGTERM\`: on \`docker stop\` or a Kubernetes rollout the application gets no chance to shut down cleanly and is killed
after the grace period. A shell-form ENTRYPOINT also ignores \`CMD\` and arguments.

Only the final stage is judged; stages with a \`SHELL\` instruction and Windows images are not.

**Fix:** use the exec form, \`CMD ["node", "server.js"]\` (the quick fix converts commands without shell syntax), or
\`exec\` the process from a script.`,
    remediation: 'Use the JSON exec form for CMD and ENTRYPOINT.',
    references: ['https://docs.docker.com/reference/dockerfile/#shell-and-exec-form'],
    fixable: true,
    examples: {
      bad: 'FROM node:22-slim\nCMD node server.js\n',
      good: 'FROM node:22-slim\nCMD ["node", "server.js"]\n',
    },
  },
  check(view, ctx) {
    const final = view.finalStage;
    if (!final || isWindowsStage(view, final) || final.instructions.some((i) => i.keyword === 'SHELL')) return;
    for (const instruction of final.instructions) {
      if ((instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') || instruction.onbuild || instruction.execForm) continue;
      if (!instruction.args.length || instruction.args[0].value.startsWith('[')) continue;
      ctx.report({
        at: instruction.span,
        message: `Shell-form ${instruction.keyword}: PID 1 is \`/bin/sh -c\`, so SIGTERM does not reach the process.`,
        fixes: execFormFix(view, instruction),
      });
    }
  },
});
