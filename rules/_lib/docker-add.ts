// Sources of ADD/COPY, in either form: `ADD a b /dest/` or `ADD ["a", "b", "/dest/"]`.
import type { DockerInstruction, DockerfileView, Word } from '../../server/src/engine/dockerfile/parse';

export const ARCHIVE = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lz|gz|bz2|xz|zst)$/i;
export const REMOTE_URL = /^https?:\/\//i;
export const GIT_SOURCE = /^git@|\.git(?:#.*)?$|^git:\/\//i;

export function sourcesOf(view: DockerfileView, instruction: DockerInstruction): Word[] {
  const args = instruction.args;
  if (!args.length) return [];
  if (instruction.execForm || args[0].value.startsWith('[')) {
    const start = args[0].start;
    const end = args[args.length - 1].end;
    try {
      const list = JSON.parse(view.text.slice(start, end).replace(/\\\r?\n/g, '')) as unknown;
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) return [];
      return (list as string[]).slice(0, -1).map((value) => {
        const at = view.text.indexOf(JSON.stringify(value), start);
        return at >= 0 && at < end ? { value, start: at + 1, end: at + 1 + value.length } : { value, start, end };
      });
    } catch {
      return [];
    }
  }
  return args.filter((a) => !a.value.startsWith('<<')).slice(0, -1);
}
