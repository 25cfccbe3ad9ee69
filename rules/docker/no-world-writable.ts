import { replace } from '../../server/src/engine/dockerfile/edits';
import { defineDockerfileInstructionRule, type FixSpec } from '../../server/src/engine/rule';
import { runCommandsOf } from '../_lib/docker';

/** Octal modes whose "other" digit grants write (2, 3, 6, 7). Sticky directories (`1777`, like /tmp) are the safe form. */
const OCTAL_WORLD_WRITABLE = /^0?[0-7]{0,2}[2367]$|^[02-7][0-7]{2}[2367]$/;
/** Symbolic modes giving write to others: `o+w`, `a+rwx`, `ugo=rwx`, `+w` is excluded (it respects the umask). */
const SYMBOLIC_WORLD_WRITABLE = /(?:^|,)[ug]*[oa][ugoa]*[+=][rwxXst]*w/;
const WITHOUT_WORLD_WRITE: Record<string, string> = { '2': '0', '3': '1', '6': '4', '7': '5' };

function octalFix(mode: string, at: { start: number; end: number }): FixSpec[] {
  if (!/^[0-7]{3,4}$/.test(mode)) return [];
  const safer = mode.slice(0, -1) + WITHOUT_WORLD_WRITE[mode.slice(-1)];
  return [{ title: `Use mode ${safer} (no write for others; the app may need another owner instead)`, safe: false, edits: [replace(at, safer)] }];
}

export default defineDockerfileInstructionRule({
  meta: {
    id: 'docker/no-world-writable',
    title: 'World-writable permissions',
    severity: 'warning',
    category: 'images',
    docs: `\`chmod 777\` (or \`o+w\`, \`a+rwx\`, \`COPY --chmod=777\`) lets every user in the container change those files:
any process that gets code execution can rewrite binaries, configuration or scripts that others (root included) run
later. It usually papers over an ownership problem.

**Fix:** give the files to the user that needs them (\`COPY --chown=10001:10001\`, \`chown\`) and use \`755\`/\`644\`.`,
    remediation: 'Set ownership for the runtime user instead of making files world-writable.',
    references: ['https://docs.docker.com/reference/dockerfile/#copy---chown---chmod'],
    fixable: true,
    examples: {
      bad: 'FROM alpine:3.22\nRUN chmod -R 777 /app\n',
      good: 'FROM alpine:3.22\nRUN chown -R 10001:10001 /app && chmod -R 755 /app\n',
    },
  },
  keywords: ['RUN', 'COPY', 'ADD'],
  checkInstruction(instruction, view, ctx) {
    for (const { program, args } of runCommandsOf(view, instruction)) {
      if (program !== 'chmod') continue;
      const mode = args.find((w) => !/^-[A-Za-z]+$/.test(w.value) && !w.value.startsWith('--'));
      if (!mode) continue;
      if (OCTAL_WORLD_WRITABLE.test(mode.value) || SYMBOLIC_WORLD_WRITABLE.test(mode.value)) {
        ctx.report({ at: mode, message: `\`chmod ${mode.value}\` makes files writable by every user in the container.`, fixes: octalFix(mode.value, mode) });
      }
    }
    if (instruction.keyword === 'RUN') return;
    const flag = instruction.flags.find((f) => f.name.toLowerCase() === 'chmod');
    if (!flag?.value || !(OCTAL_WORLD_WRITABLE.test(flag.value) || SYMBOLIC_WORLD_WRITABLE.test(flag.value))) return;
    const valueStart = flag.span.end - flag.value.length;
    ctx.report({ at: flag.span, message: `\`--chmod=${flag.value}\` makes the copied files writable by every user in the container.`, fixes: octalFix(flag.value, { start: valueStart, end: flag.span.end }) });
  },
});
