import type { Command, DockerInstruction, DockerfileView } from '../../server/src/engine/dockerfile/parse';
import { defineDockerfileInstructionRule, type FixSpec } from '../../server/src/engine/rule';
import { hasCacheMount, runCommandsOf } from '../_lib/docker';

const APT_LISTS = '/var/lib/apt/lists';

function runText(commands: readonly Command[]): string {
  return commands.map((c) => c.words.map((w) => w.value).join(' ')).join('\n');
}

/** `pip install`, `pip3 install`, `python -m pip install`: the index of the `install` word, if any. */
function pipInstall(program: string, words: readonly { value: string }[]): number {
  if (/^pip[0-9.]*$/.test(program)) return words[0]?.value === 'install' ? 0 : -1;
  if (/^python[0-9.]*$/.test(program) && words[0]?.value === '-m' && /^pip[0-9.]*$/.test(words[1]?.value ?? '')) return words[2]?.value === 'install' ? 2 : -1;
  return -1;
}

function pipCacheDisabled(view: DockerfileView, run: DockerInstruction): boolean {
  const stage = run.stage?.instructions ?? [];
  return stage.some((i) => i.keyword === 'ENV' && i.span.start < run.span.start && view.propertiesOf(i).some((p) => p.name === 'PIP_NO_CACHE_DIR'));
}

/** Appends ` && rm -rf /var/lib/apt/lists/*` after the last word of the RUN command line. */
function appendAptCleanup(commands: readonly Command[]): FixSpec[] {
  const last = commands.at(-1)?.words.at(-1);
  if (!last) return [];
  return [{ title: 'Remove the apt package lists at the end of this RUN', safe: false, edits: [{ start: last.end, end: last.end, newText: ` && rm -rf ${APT_LISTS}/*` }] }];
}

export default defineDockerfileInstructionRule({
  meta: {
    id: 'docker/clean-package-cache',
    title: 'Package manager cache left in the image',
    severity: 'info',
    category: 'patching',
    docs: `Package indexes and download caches left in a layer (\`/var/lib/apt/lists\`, \`/var/cache/apk\`, pip's cache,
\`yum\`/\`dnf\` metadata) make the image bigger and ship a stale package index. Cleaning must happen in the same \`RUN\`:
a later \`RUN rm …\` does not shrink the earlier layer. Not reported when the RUN mounts a build cache.

**Fix:** \`apk add --no-cache\`, \`pip install --no-cache-dir\`, \`apt-get install … && rm -rf /var/lib/apt/lists/*\`,
\`yum install … && yum clean all\`.`,
    remediation: 'Clean the package manager cache in the same RUN that installs packages.',
    references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
    fixable: true,
    examples: {
      bad: 'FROM alpine:3.22\nRUN apk add git\n',
      good: 'FROM alpine:3.22\nRUN apk add --no-cache git\n',
    },
  },
  keywords: ['RUN'],
  // pip's cache can be turned off for the whole stage (ENV PIP_NO_CACHE_DIR); the rest is in the RUN itself.
  context: (run, view) => (pipCacheDisabled(view, run) ? 'PIP_NO_CACHE_DIR' : ''),
  checkInstruction(run, view, ctx) {
    if (hasCacheMount(run)) return;
    let reportedApt = false;
    for (const { program, args, commands, command } of runCommandsOf(view, run)) {
      const words = args.map((w) => w.value);
      const head = command.words[0];
      if (program === 'apk' && words.includes('add') && !words.includes('--no-cache')) {
        if (runText(commands).includes('/var/cache/apk')) continue;
        const add = args[words.indexOf('add')];
        ctx.report({ at: { start: head.start, end: add.end }, message: '`apk add` without `--no-cache` keeps the package index in the image.', fixes: [{ title: 'Add --no-cache', safe: true, edits: [{ start: add.end, end: add.end, newText: ' --no-cache' }] }] });
      } else if ((program === 'apt-get' || program === 'apt') && words.includes('install') && !reportedApt) {
        if (runText(commands).includes(APT_LISTS) || /\bapt(?:-get)? dist-clean\b/.test(runText(commands))) continue;
        reportedApt = true;
        const install = args[words.indexOf('install')];
        ctx.report({ at: { start: head.start, end: install.end }, message: `\`${program} install\` without removing ${APT_LISTS} in the same RUN keeps the package lists in the image.`, fixes: appendAptCleanup(commands) });
      } else if (['yum', 'dnf', 'microdnf', 'tdnf'].includes(program) && words.includes('install')) {
        if (/\b(?:yum|dnf|microdnf|tdnf) clean all\b|\/var\/cache\/(?:yum|dnf)/.test(runText(commands))) continue;
        const install = args[words.indexOf('install')];
        ctx.report({ at: { start: head.start, end: install.end }, message: `\`${program} install\` without \`${program} clean all\` in the same RUN keeps its cache in the image.` });
      } else {
        const at = pipInstall(program, args);
        if (at < 0 || words.includes('--no-cache-dir') || pipCacheDisabled(view, run)) continue;
        const install = args[at];
        ctx.report({ at: { start: head.start, end: install.end }, message: '`pip install` without `--no-cache-dir` keeps downloaded packages in the image.', fixes: [{ title: 'Add --no-cache-dir', safe: true, edits: [{ start: install.end, end: install.end, newText: ' --no-cache-dir' }] }] });
      }
    }
  },
});
