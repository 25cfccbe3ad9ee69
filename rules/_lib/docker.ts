// Queries the Dockerfile rules share: RUN commands with their program, the user in effect, stage ancestry.
import type { Command, DockerInstruction, DockerfileView, Stage, Word } from '../../server/src/engine/dockerfile/parse';
import { programOf } from '../../server/src/engine/dockerfile/shell';

export const SHELL_PROGRAMS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

export interface RunCommand {
  run: DockerInstruction;
  command: Command;
  /** The program after `sudo`/`env` prefixes, and the words from it on. */
  program: string;
  args: Word[];
  /** The command's position in `commands` of its RUN. */
  index: number;
  commands: Command[];
}

/** The simple commands of one RUN in shell form (none for another instruction), with their effective program. */
export function runCommandsOf(view: DockerfileView, run: DockerInstruction): RunCommand[] {
  if (run.keyword !== 'RUN') return [];
  const commands = view.commandsOf(run);
  const out: RunCommand[] = [];
  for (let index = 0; index < commands.length; index++) {
    const command = commands[index];
    const effective = effectiveProgram(command);
    if (effective) out.push({ run, command, program: effective.name, args: command.words.slice(effective.index + 1), index, commands });
  }
  return out;
}

/** Programs that run the command after them (and their options). */
const PREFIX_PROGRAMS = new Set(['sudo', 'env', 'exec', 'nohup', 'time']);

/** `/usr/bin/curl` → `curl`. */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `sudo -E apt-get install` → `apt-get`; `env A=1 curl` → `curl`. */
export function effectiveProgram(command: Command): { name: string; index: number } | undefined {
  const first = programOf(command);
  if (!first) return undefined;
  let k = first.index;
  const words = command.words;
  while (k < words.length && PREFIX_PROGRAMS.has(baseName(words[k].value))) {
    k++;
    while (k < words.length && (words[k].value.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k].value))) k++;
  }
  const w = words[k];
  return w ? { name: baseName(w.value), index: k } : undefined;
}

/** The commands piped into each other with `command` (its pipeline), in order. */
export function pipelineOf(commands: readonly Command[], index: number): Command[] {
  let first = index;
  while (first > 0 && commands[first].joinedBy === '|') first--;
  let last = index;
  while (last + 1 < commands.length && commands[last + 1].joinedBy === '|') last++;
  return commands.slice(first, last + 1);
}

/** The stage and the stages it builds on through `FROM <stage>`, nearest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.base.stage) chain.push(s);
  return chain;
}

/** The USER instruction in effect at `at` (or at the end of `stage`), looking through parent stages. */
export function userInEffect(stage: Stage, at?: DockerInstruction): DockerInstruction | undefined {
  for (const s of stageChain(stage)) {
    const limit = s === stage && at ? at.span.start : Infinity;
    // Backwards, without a filtered copy: no-sudo asks this of every RUN on every keystroke.
    for (let k = s.instructions.length - 1; k >= 0; k--) {
      const i = s.instructions[k];
      if (i.keyword === 'USER' && !i.onbuild && i.span.start < limit) return i;
    }
  }
  return undefined;
}

/** `root`, `0`, `root:root`, `0:0`, `root:staff`… (the group does not matter: the UID is 0). */
export function isRootUser(value: string): boolean {
  const user = value.split(':')[0];
  return user === 'root' || /^0+$/.test(user);
}

/** Windows images have no root user; `ContainerUser`/`ContainerAdministrator` are another story. */
export function isWindowsStage(view: DockerfileView, stage: Stage): boolean {
  if (view.escape === '`') return true;
  const root = stageChain(stage).at(-1) ?? stage;
  return /windows|nanoserver|servercore|dotnet\/framework/i.test(root.base.written);
}

/** The source text of a word, with its quotes. */
export function sourceOf(view: DockerfileView, w: { start: number; end: number }): string {
  return view.text.slice(w.start, w.end);
}

/** Whether RUN mounts a cache (then package caches never reach the image). */
export function hasCacheMount(run: DockerInstruction): boolean {
  return run.flags.some((f) => f.name.toLowerCase() === 'mount' && /(^|,)type=cache(,|$)/.test(f.value ?? ''));
}
