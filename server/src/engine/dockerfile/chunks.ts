// Incremental parsing: dockerfile-ast parses a whole text at a time, and a 500-line Dockerfile re-parsed on every
// keystroke cost more than the rest of its analysis. The text is cut into chunks at FROM lines (a stage each; the
// lines before the first FROM are chunk 0) and each chunk's parse is kept for the next text, keyed by the chunk's text,
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
  cache.startParse();
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
 * Parses of the chunks of the last two texts parsed: typing re-uses all but one chunk of the text before. What an
 * earlier keystroke left (the stage as it was two letters ago) goes at once: kept longer, those parses outlived two
 * scavenges, went to the old generation, and set off a full collection in the middle of typing.
 */
export class ChunkCache {
  // Keyed by the chunk's text alone, the directive lines it was parsed after beside it: the key is a slice of the
  // document, hashed where it is, where `prefix + slice` was a new string to copy and hash for every chunk.
  private current = new Map<string, { prefix: string; ast: Dockerfile }>();
  private previous = new Map<string, { prefix: string; ast: Dockerfile }>();
  /** Texts parsed so far (misses), for tests of what an edit re-parses. */
  parses = 0;

  /** A new text: the chunks of the one before stay until the next. */
  startParse(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** dockerfile-ast's parse of `prefix + chunk`. */
  parse(prefix: string, chunk: string): Dockerfile {
    const hit = this.current.get(chunk) ?? this.previous.get(chunk);
    const ast = hit?.prefix === prefix ? hit.ast : this.parsed(prefix + chunk);
    this.current.set(chunk, { prefix, ast });
    return ast;
  }

  private parsed(text: string): Dockerfile {
    this.parses++;
    return dockerfileAst().DockerfileParser.parse(text);
  }

  /** Chunks kept. */
  get size(): number {
    return new Set([...this.current.keys(), ...this.previous.keys()]).size;
  }
}
