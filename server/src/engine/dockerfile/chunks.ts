// Incremental parsing: dockerfile-ast parses a whole text at a time, and a 500-line Dockerfile re-parsed on every
// keystroke cost more than the rest of its analysis. The text is cut into chunks at FROM lines (a stage each; the
// lines before the first FROM are chunk 0) and each chunk's parse is kept, keyed by exactly the text that was parsed,
// so an edit re-parses only its own stage, and lines added or removed above a stage do not re-parse it.
//
// A chunk after the first is parsed after the file's parser-directive lines (they set the escape character), so
// dockerfile-ast reports its ranges a fixed number of lines (`lineDelta`) above where they are in the whole text;
// characters within a line are the same.
//
// Why the instructions are the same as in one parse of the whole text: dockerfile-ast reads the text forward,
// between instructions it only skips blank lines and comments, and an instruction that ends before the chunk's end
// has read nothing past it. So a cut at the start of line L is exact when the previous chunk's last instruction ends
// on a line before L; when it does not (a `\` continuation or an unterminated heredoc running into the FROM line),
// that chunk goes on to the end of the text. Texts with a lone `\r` line break are parsed whole (lines are counted
// here by `\n` only).
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import { dockerfileAst } from './ast';

/** An instruction of a chunk, and how many lines above its place in the whole text the chunk's parse put it. */
export interface PlacedInstruction {
  node: Instruction;
  lineDelta: number;
}

export interface ParsedDockerfile {
  escape: string;
  directives: { name: string; value: string }[];
  /** Top-level instructions in text order (ONBUILD triggers stay inside their ONBUILD). */
  instructions: PlacedInstruction[];
}

/** Parses the whole text at once: what the chunks must add up to. */
export function parseWhole(text: string): ParsedDockerfile {
  const ast = dockerfileAst().DockerfileParser.parse(text);
  return resultOf(ast, placed(ast, 0));
}

/** Parses the text chunk by chunk, re-using the parse of every chunk `cache` holds. */
export function parseInChunks(text: string, cache: ChunkCache): ParsedDockerfile {
  const cuts = /\r(?!\n)/.test(text) ? [] : fromLines(text);
  const head = cache.parse('', text.slice(0, cuts[0]?.offset ?? text.length));
  const directiveCount = head.getDirectives().length;
  // The directive lines come before the first FROM line, so with a cut they all end in `\n`.
  const prefix = directiveCount && cuts.length ? text.slice(0, lineStartOffset(text, directiveCount)) : '';
  const parseFrom = (start: Cut, end: number): PlacedInstruction[] =>
    start.offset === 0 ? placed(cache.parse('', text.slice(0, end)), 0) : placed(cache.parse(prefix, text.slice(start.offset, end)), start.line - directiveCount);
  const instructions = placed(head, 0);
  let last: { start: Cut; index: number } = { start: { offset: 0, line: 0 }, index: 0 };
  for (let k = 0; k < cuts.length; k++) {
    const cut = cuts[k];
    const previous = instructions.at(-1);
    if (previous && previous.node.getRange().end.line + previous.lineDelta >= cut.line) {
      // The last chunk's last instruction runs into this FROM line: that chunk goes on to the end of the text.
      instructions.length = last.index;
      instructions.push(...parseFrom(last.start, text.length));
      break;
    }
    last = { start: cut, index: instructions.length };
    instructions.push(...parseFrom(cut, cuts[k + 1]?.offset ?? text.length));
  }
  return resultOf(head, instructions);
}

function placed(ast: Dockerfile, lineDelta: number): PlacedInstruction[] {
  return ast.getInstructions().map((node) => ({ node, lineDelta }));
}

function resultOf(head: Dockerfile, instructions: PlacedInstruction[]): ParsedDockerfile {
  return {
    escape: head.getEscapeCharacter(),
    directives: head.getDirectives().map((d) => ({ name: d.getName().toLowerCase(), value: d.getValue() })),
    instructions,
  };
}

interface Cut {
  /** Offset of the line's first character. */
  offset: number;
  /** Zero-based line number. */
  line: number;
}

const FROM_AT = /[ \t]*from[ \t]/iy;

/** Lines after the first that start with FROM (whatever they turn out to be: the cut is checked when parsed). */
function fromLines(text: string): Cut[] {
  const cuts: Cut[] = [];
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    line++;
    FROM_AT.lastIndex = i + 1;
    if (FROM_AT.test(text)) cuts.push({ offset: i + 1, line });
  }
  return cuts;
}

/** Offset where zero-based line `line` starts (the text has `\n` line breaks, `\r\n` included). */
function lineStartOffset(text: string, line: number): number {
  let offset = 0;
  for (let n = 0; n < line; n++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

/**
 * Parses of recently seen chunks, bounded by the characters parsed: an editor session re-uses all but one chunk per
 * keystroke. Two generations instead of a least-recently-used order: a hit in the newer one changes nothing (moving
 * fifty entries to the end of a Map on every keystroke cost more than finding them), and when the newer one is full
 * it replaces the older one, so what the open files use stays and what earlier keystrokes left goes.
 */
export class ChunkCache {
  // Keyed by the chunk's text alone, the directive lines it was parsed after beside it: the key is a slice of the
  // document, hashed where it is, where `prefix + slice` was a new string to copy and hash for every chunk.
  private newer = new Map<string, { prefix: string; ast: Dockerfile }>();
  private older = new Map<string, { prefix: string; ast: Dockerfile }>();
  private newerChars = 0;
  private olderChars = 0;
  /** Texts parsed so far (misses), for tests of what an edit re-parses. */
  parses = 0;

  /** The default holds about ten 500-line Dockerfiles: the files being edited, not an audit's thousands. */
  constructor(private readonly maxChars = 256 * 1024) {}

  /** dockerfile-ast's parse of `prefix + chunk`. */
  parse(prefix: string, chunk: string): Dockerfile {
    const hit = this.newer.get(chunk);
    if (hit?.prefix === prefix) return hit.ast;
    const old = this.older.get(chunk);
    if (old) {
      this.older.delete(chunk);
      this.olderChars -= chunk.length;
    }
    const ast = old?.prefix === prefix ? old.ast : this.parsed(prefix + chunk);
    this.keep(chunk, { prefix, ast });
    return ast;
  }

  private parsed(text: string): Dockerfile {
    this.parses++;
    return dockerfileAst().DockerfileParser.parse(text);
  }

  private keep(chunk: string, entry: { prefix: string; ast: Dockerfile }): void {
    // The same chunk parsed after other directive lines replaces the one kept.
    if (this.newer.delete(chunk)) this.newerChars -= chunk.length;
    if (this.newerChars + chunk.length > this.maxChars / 2) {
      this.older = this.newer;
      this.olderChars = this.newerChars;
      this.newer = new Map();
      this.newerChars = 0;
      // A chunk larger than half the budget is kept alone.
      if (chunk.length > this.maxChars / 2) {
        this.older = new Map();
        this.olderChars = 0;
      }
    }
    this.newer.set(chunk, entry);
    this.newerChars += chunk.length;
  }

  get size(): number {
    return this.newer.size + this.older.size;
  }

  /** Characters of the texts kept. */
  get chars(): number {
    return this.newerChars + this.olderChars;
  }
}
