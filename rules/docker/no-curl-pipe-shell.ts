import { defineDockerfileInstructionRule } from '../../server/src/engine/rule';
import { effectiveProgram, pipelineOf, runCommandsOf, SHELL_PROGRAMS } from '../_lib/docker';

const DOWNLOADERS = new Set(['curl', 'wget']);
const SUBSTITUTED_DOWNLOAD = /(?:\$\(|<\(|`)\s*(?:\S*\/)?(?:curl|wget)\b/;

export default defineDockerfileInstructionRule({
  meta: {
    id: 'docker/no-curl-pipe-shell',
    title: 'Remote script piped into a shell',
    severity: 'error',
    category: 'images',
    docs: `\`curl … | sh\` (also \`wget -O- … | bash\`, \`sh -c "$(curl …)"\`, \`bash <(curl …)\`) runs whatever the server
sends, as the build user (often root), with no integrity check. A compromised server, DNS or CDN owns your image,
and a half-downloaded script can run half its commands. Every stage is judged.

**Fix:** download to a file, verify its checksum (\`echo "<sha256>  install.sh" | sha256sum -c -\`), then run it; or
install the tool from a package repository with signature checks.`,
    remediation: 'Download scripts to a file, verify their checksum, then run them.',
    references: ['https://docs.docker.com/build/building/best-practices/#using-pipes'],
    examples: {
      bad: 'FROM debian:12\nRUN curl -fsSL https://example.com/install.sh | sh\n',
      good: 'FROM debian:12\nRUN curl -fsSLo install.sh https://example.com/install.sh \\\n    && echo "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc  install.sh" | sha256sum -c - \\\n    && sh install.sh\n',
    },
  },
  keywords: ['RUN'],
  checkInstruction(run, view, ctx) {
    for (const { command, program, commands, index } of runCommandsOf(view, run)) {
      if (DOWNLOADERS.has(program)) {
        const pipeline = pipelineOf(commands, index);
        const at = pipeline.indexOf(command);
        const shell = pipeline.slice(at + 1).find((c) => SHELL_PROGRAMS.has(effectiveProgram(c)?.name ?? ''));
        if (shell) {
          const shellName = effectiveProgram(shell)?.name ?? 'sh';
          const start = command.words[0].start;
          const end = shell.words[shell.words.length - 1].end;
          ctx.report({ at: { start, end }, message: `The output of \`${program}\` is run by \`${shellName}\` without any integrity check.` });
        }
      } else if (SHELL_PROGRAMS.has(program) && command.words.some((w) => SUBSTITUTED_DOWNLOAD.test(w.value))) {
        const start = command.words[0].start;
        const end = command.words[command.words.length - 1].end;
        ctx.report({ at: { start, end }, message: `\`${program}\` runs a script downloaded on the fly, without any integrity check.` });
      }
    }
  },
});
