import { appendLine, insertLineAbove } from '../../server/src/engine/dockerfile/edits';
import type { DockerfileView, Stage } from '../../server/src/engine/dockerfile/parse';
import { defineDockerfileRule, type FixSpec } from '../../server/src/engine/rule';
import { isRootUser, isWindowsStage, stageChain, userInEffect } from '../_lib/docker';

/** A non-root numeric UID: numeric so Kubernetes `runAsNonRoot` can verify it, high so it clashes with no system user. */
export const NON_ROOT_UID = '10001';

export default defineDockerfileRule({
  meta: {
    id: 'docker/no-root-user',
    title: 'Container runs as root',
    severity: 'error',
    category: 'images',
    docs: `The final stage decides the user the container runs as. Without a \`USER\` instruction (in the final stage or a
stage it builds on) or with \`USER root\` / \`USER 0\` last, the process runs as UID 0: a bug in the application, or a
container escape, starts with root privileges, and Kubernetes \`runAsNonRoot: true\` will refuse to start the pod.

Build stages may run as root; only the final stage is judged. Images whose base already sets a non-root user
(e.g. distroless \`:nonroot\`) are not reported.

**Fix:** add \`USER 10001\` (a numeric UID, so \`runAsNonRoot\` can verify it) before \`CMD\`/\`ENTRYPOINT\`, and make sure
the files the application writes are owned by that UID (\`COPY --chown=10001:10001 …\`).`,
    remediation: 'Add a USER instruction with a non-root numeric UID to the final stage.',
    references: ['https://docs.docker.com/build/building/best-practices/#user'],
    fixable: true,
    examples: {
      bad: 'FROM node:22-slim\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
      good: 'FROM node:22-slim\nCOPY --chown=10001:10001 . /app\nUSER 10001\nCMD ["node", "/app/server.js"]\n',
    },
  },
  check(view, ctx) {
    const final = view.finalStage;
    if (!final || isWindowsStage(view, final)) return;
    const user = userInEffect(final);
    if (user) {
      const value = user.args[0]?.value ?? '';
      if (!isRootUser(value)) return;
      ctx.report({ at: user.span, message: `The final stage runs as root (\`${value}\`): the container's process has UID 0.`, fixes: addUserFix(view, final) });
      return;
    }
    const origin = stageChain(final).at(-1) ?? final;
    if (/nonroot|rootless/i.test(origin.base.ref?.tag?.value ?? '')) return;
    ctx.report({ at: final.from.span, message: 'The final stage sets no USER, so the container runs as root (UID 0).', fixes: addUserFix(view, final) });
  },
});

function addUserFix(view: DockerfileView, final: Stage): FixSpec[] {
  const user = final.instructions.filter((i) => i.keyword === 'USER' && !i.onbuild).at(-1);
  const after = user?.span.start ?? final.from.span.end;
  const start = final.instructions.find((i) => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && !i.onbuild && i.span.start > after);
  const line = `USER ${NON_ROOT_UID}`;
  // A file ending in a dangling line continuation would swallow an appended line into its last instruction (comment
  // and blank lines do not end a continuation: Docker skips them).
  if (!start && endsInContinuation(view.text, view.escape)) return [];
  // An unterminated heredoc (`RUN <<EOF` with no closing `EOF` line) would swallow it into the heredoc's body.
  if (!start && hasOpenHeredoc(view.text)) return [];
  return [{
    title: `Run as non-root: add \`${line}\` (the image must let UID ${NON_ROOT_UID} read and write what the app needs)`,
    safe: false,
    edits: [start ? insertLineAbove(view.text, start.span.start, line) : appendLine(view.text, line)],
  }];
}

/**
 * Whether the last line that is neither blank nor a comment ends with the escape character. Read from the end, line
 * by line: splitting the whole text cost this rule most of its time on every keystroke.
 */
function endsInContinuation(text: string, escape: string): boolean {
  let end = text.length;
  while (end > 0) {
    // Back to the line's start by hand: lastIndexOf('\r') in a file without one reads the whole file, for each line.
    let start = end;
    while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
    const line = text.slice(start, end);
    end = start - 1;
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) return line.trimEnd().endsWith(escape);
  }
  return false;
}

/** Whether some heredoc opened by `<<WORD` / `<<-WORD` has no closing `WORD` line after it. */
function hasOpenHeredoc(text: string): boolean {
  const opener = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const eol = text.indexOf('\n', m.index);
    if (!closingLineAfter(text, eol < 0 ? text.length : eol + 1, m[3], m[1] === '-')) return true;
  }
  return false;
}

/**
 * Whether a line from offset `from` on is exactly `word` (after leading tabs with `<<-`), lines ending at `\n` or
 * `\r\n`. Found with indexOf: splitting the whole file into lines for every heredoc was most of this rule's time.
 */
function closingLineAfter(text: string, from: number, word: string, stripTabs: boolean): boolean {
  for (let i = text.indexOf(word, from); i >= 0; i = text.indexOf(word, i + 1)) {
    let start = i;
    while (stripTabs && start > from && text[start - 1] === '\t') start--;
    if (start > from && text[start - 1] !== '\n') continue;
    const end = i + word.length;
    if (end === text.length || text[end] === '\n' || (text[end] === '\r' && text[end + 1] === '\n')) return true;
  }
  return false;
}
