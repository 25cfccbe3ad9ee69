// The Dockerfile as rules see it: stages, instructions with offsets, resolved base images and shell commands.
// dockerfile-ast does the parsing (exact ranges, heredocs, directives, flags); this adapter turns its LSP ranges
// into offsets, resolves global ARGs in FROM, and re-reads image references itself (see image-ref.ts).
import type { Arg, Env, From, Heredoc, Instruction } from 'dockerfile-ast';
import { LineIndex } from '../text';
import { dockerfileAst } from './ast';
import { ChunkCache, parseInChunks, parseWhole, type ParsedDockerfile, type PlacedInstruction } from './chunks';
import { parseImageRef, type ImageRef } from './image-ref';
import { shellCommands, type Command, type Word } from './shell';
import { substitute } from './variables';

export type { Command, Word } from './shell';

/** A range as dockerfile-ast reports it (zero-based line and UTF-16 character). */
interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface Span {
  start: number;
  end: number;
}

export interface FlagView {
  name: string;
  value: string | null;
  span: Span;
}

export interface PropertyView {
  name: string;
  /** Unescaped value, or null for `ARG NAME` without a default. */
  value: string | null;
  nameSpan: Span;
  span: Span;
}

export interface DockerInstruction {
  /** Upper-case keyword (`RUN`); for an ONBUILD trigger, the trigger's keyword. */
  keyword: string;
  /** The whole instruction, heredoc bodies included. */
  span: Span;
  keywordSpan: Span;
  /** Arguments as dockerfile-ast splits them (flags excluded for instructions that take flags). */
  args: Word[];
  flags: FlagView[];
  /** JSON (exec) form of RUN/CMD/ENTRYPOINT/SHELL. */
  execForm: boolean;
  /** The stage it belongs to; undefined for ARGs before the first FROM. */
  stage: Stage | undefined;
  /** True for the instruction inside `ONBUILD …`. */
  onbuild: boolean;
  node: Instruction;
}

export interface BaseImage {
  /** The image text as written, e.g. `${BASE}:3.12`. */
  written: string;
  writtenSpan: Span;
  /** The reference after substituting global ARG defaults; undefined when a variable has no default. */
  ref: ImageRef | undefined;
  /** Whether `written` contained variables. */
  usesVariables: boolean;
  /** The earlier stage this FROM builds on (`FROM build AS x`): then it is not an image at all. */
  stage: Stage | undefined;
  /** `scratch`: the empty image. */
  scratch: boolean;
  platform?: FlagView;
}

export interface Stage {
  index: number;
  /** Lower-case stage name (`AS name`), if any. */
  name?: string;
  from: DockerInstruction;
  base: BaseImage;
  instructions: DockerInstruction[];
}

export interface DockerfileView {
  text: string;
  lines: LineIndex;
  escape: string;
  directives: { name: string; value: string }[];
  /** ARGs declared before the first FROM (their defaults are visible to FROM). */
  globalArgs: PropertyView[];
  stages: Stage[];
  /** Every instruction in order, ONBUILD triggers included right after their ONBUILD. */
  instructions: DockerInstruction[];
  finalStage: Stage | undefined;
  /** Shell commands of a RUN in shell form, its shell heredoc bodies included (cached). */
  commandsOf(instruction: DockerInstruction): Command[];
  propertiesOf(instruction: DockerInstruction): PropertyView[];
}

/** Programs that read a heredoc body as a shell script. */
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

/** How parseDockerfile parses by default: the whole text at once, unless reuseDockerfileChunks was called. */
let defaultParse: (text: string) => ParsedDockerfile = parseWhole;
let defaultReuse: StageReuse | undefined;

/**
 * Makes parseDockerfile parse chunk by chunk and keep the chunks (./chunks.ts), and take the stages an edit left in
 * place from the previous view (StageReuse), for the language server, which sees the same Dockerfile again on every
 * keystroke. An audit parses each file once: keeping parses would only cost it memory and collection time, so it
 * parses whole texts.
 */
export function reuseDockerfileChunks(cache = new ChunkCache()): void {
  defaultParse = (text) => parseInChunks(text, cache);
  defaultReuse = new StageReuse();
}

/**
 * The last view built, to take unchanged stages from. A keystroke changes one stage; the stages above it are the
 * same text at the same place, so their views (and what rules worked out on them: arguments, shell commands) are
 * kept instead of rebuilt. On a 500-line Dockerfile that halves what an edit in the middle allocates.
 */
export class StageReuse {
  private last: { view: DockerfileView; placed: readonly PlacedInstruction[]; fromIndexes: number[] } | undefined;

  /**
   * How many leading stages of the last view `placed` (the new parse) leaves as they were, and where the first
   * other instruction is in `placed` and in the last view's instructions. A stage is kept when the parse re-used
   * (./chunks.ts) the very nodes of every instruction up to the next stage's FROM, each at the same line: then the
   * text up to that FROM is the same, and so is everything a view holds (offsets, global ARGs, earlier stages).
   */
  kept(text: string, placed: readonly PlacedInstruction[]): { stages: Stage[]; instructions: DockerInstruction[]; placedCount: number; globalArgs: PropertyView[] } | undefined {
    const last = this.last;
    if (!last) return undefined;
    let stages = 0;
    for (let i = 0; stages + 1 < last.fromIndexes.length; i++) {
      if (i === last.fromIndexes[stages + 1]) stages++;
      if (i >= placed.length || placed[i].node !== last.placed[i].node || placed[i].lineDelta !== last.placed[i].lineDelta) break;
    }
    const placedCount = last.fromIndexes[stages];
    if (stages === 0 || !(placed[placedCount]?.node instanceof dockerfileAst().From)) return undefined;
    const next = last.view.stages[stages].from;
    // Same nodes imply the same text; checked anyway, as the offsets kept depend on it.
    if (text.slice(0, next.span.start) !== last.view.text.slice(0, next.span.start)) return undefined;
    return {
      stages: last.view.stages.slice(0, stages),
      instructions: last.view.instructions.slice(0, last.view.instructions.indexOf(next)),
      placedCount,
      globalArgs: [...last.view.globalArgs],
    };
  }

  remember(view: DockerfileView, placed: readonly PlacedInstruction[]): void {
    const fromIndexes: number[] = [];
    const { From } = dockerfileAst();
    placed.forEach((p, i) => p.node instanceof From && fromIndexes.push(i));
    this.last = fromIndexes.length === view.stages.length ? { view, placed, fromIndexes } : undefined;
  }
}

/**
 * The view of a Dockerfile; `parse` is dockerfile-ast over the text (tests pass parseWhole or parseInChunks), and
 * `reuse` the views of stages an edit did not touch.
 */
export function parseDockerfile(text: string, parse = defaultParse, reuse = defaultReuse): DockerfileView {
  const { From, Onbuild } = dockerfileAst();
  const ast = parse(text);
  const kept = reuse?.kept(text, ast.instructions);
  const lines = new LineIndex(text);
  // One range-to-offsets function per chunk: its ranges sit `lineDelta` lines above their place in `text`.
  const spanFunctions = new Map<number, SpanOf>();
  const spanOf = (lineDelta: number): SpanOf => {
    let fn = spanFunctions.get(lineDelta);
    if (!fn) {
      fn = (r) => ({
        start: lines.offsetAt({ line: r.start.line + lineDelta, character: r.start.character }),
        end: lines.offsetAt({ line: r.end.line + lineDelta, character: r.end.character }),
      });
      spanFunctions.set(lineDelta, fn);
    }
    return fn;
  };
  const escape = ast.escape;
  const globalArgs: PropertyView[] = kept ? kept.globalArgs : [];
  const stages: Stage[] = kept ? kept.stages : [];
  const instructions: DockerInstruction[] = kept ? kept.instructions : [];

  const propertiesOf = (instruction: DockerInstruction): PropertyView[] => (instruction as InstructionView).properties;

  let stage: Stage | undefined;
  for (let k = kept?.placedCount ?? 0; k < ast.instructions.length; k++) {
    const { node, lineDelta } = ast.instructions[k];
    const span = spanOf(lineDelta);
    if (node instanceof From) {
      const view = new InstructionView(node, span, undefined, false);
      stage = { index: stages.length, name: node.getBuildStage()?.toLowerCase() ?? undefined, from: view, base: baseImageOf(node, view, globalArgs, stages), instructions: [] };
      view.stage = stage;
      stages.push(stage);
      instructions.push(view);
      stage.instructions.push(view);
      continue;
    }
    const view = new InstructionView(node, span, stage, false);
    instructions.push(view);
    stage?.instructions.push(view);
    if (!stage && view.keyword === 'ARG') globalArgs.push(...propertiesOf(view));
    if (node instanceof Onbuild) {
      const trigger = node.getTriggerInstruction();
      if (trigger) {
        const inner = new InstructionView(trigger, span, stage, true);
        instructions.push(inner);
        stage?.instructions.push(inner);
      }
    }
  }

  const commandsOf = (instruction: DockerInstruction): Command[] => {
    if (instruction.keyword !== 'RUN' || instruction.execForm) return [];
    return (instruction as InstructionView).commandsIn(text, escape);
  };

  const view: DockerfileView = {
    text,
    lines,
    escape,
    directives: ast.directives,
    globalArgs,
    stages,
    instructions,
    finalStage: stages.at(-1),
    commandsOf,
    propertiesOf,
  };
  reuse?.remember(view, ast.instructions);
  return view;
}

type SpanOf = (r: LspRange) => Span;

// A RUN's commands, with offsets from the instruction's start, kept on dockerfile-ast's node: a node is re-used
// (./chunks.ts) only where the instruction's text is the same, so they only need moving to where it now starts.
const RELATIVE_COMMANDS = Symbol('relativeCommands');
type WithCommands = Instruction & { [RELATIVE_COMMANDS]?: Command[] };

/**
 * An instruction as rules see it. Arguments, flags and the JSON form are read from dockerfile-ast on first use: most
 * rules look at a few keywords only, and building them for every instruction on every keystroke cost a third of
 * the analysis.
 */
class InstructionView implements DockerInstruction {
  readonly keyword: string;
  readonly span: Span;
  readonly keywordSpan: Span;
  private argsMemo: Word[] | undefined;
  private flagsMemo: FlagView[] | undefined;
  private execFormMemo: boolean | undefined;
  private propertiesMemo: PropertyView[] | undefined;
  private commandsMemo: Command[] | undefined;

  constructor(
    readonly node: Instruction,
    /** Offsets in the whole text of a range dockerfile-ast reports for this instruction. */
    readonly spanOf: SpanOf,
    public stage: Stage | undefined,
    readonly onbuild: boolean,
  ) {
    this.keyword = node.getKeyword();
    this.span = spanOf(node.getRange());
    this.keywordSpan = spanOf(node.getInstructionRange());
  }

  get args(): Word[] {
    return (this.argsMemo ??= this.node.getArguments().map((a) => ({ value: a.getValue(), ...this.spanOf(a.getRange()) })));
  }

  get flags(): FlagView[] {
    const flagged = this.node as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null; getRange(): LspRange }[] };
    return (this.flagsMemo ??= (flagged.getFlags?.() ?? []).map((f) => ({ name: f.getName(), value: f.getValue(), span: this.spanOf(f.getRange()) })));
  }

  get execForm(): boolean {
    const json = this.node as Instruction & { getJSONStrings?: () => unknown[] };
    return (this.execFormMemo ??= (json.getJSONStrings?.() ?? []).length > 0);
  }

  /** Shell commands of a shell-form RUN (see runCommands). */
  commandsIn(text: string, escape: string): Command[] {
    const node = this.node as WithCommands;
    const start = this.span.start;
    return (this.commandsMemo ??= moved((node[RELATIVE_COMMANDS] ??= moved(runCommands(text, this, escape), -start)), start));
  }

  /** ARG and ENV properties (empty for other instructions). */
  get properties(): PropertyView[] {
    const node = this.node as Partial<Arg & Env>;
    return (this.propertiesMemo ??= (node.getProperties?.() ?? []).map((p) => ({
      name: p.getName(),
      value: p.getValue() === null ? null : (p.getUnescapedValue() ?? p.getValue()),
      nameSpan: this.spanOf(p.getNameRange()),
      span: this.spanOf(p.getRange()),
    })));
  }
}

function baseImageOf(node: From, view: InstructionView, globalArgs: readonly PropertyView[], earlier: readonly Stage[]): BaseImage {
  const range = node.getImageRange();
  const writtenSpan = range ? view.spanOf(range) : { start: view.keywordSpan.end, end: view.keywordSpan.end };
  const written = view.args.find((a) => a.start === writtenSpan.start)?.value ?? node.getImage() ?? '';
  const usesVariables = written.includes('$');
  const resolved = usesVariables ? substitute(written, globalArgs) : written;
  const platformFlag = view.flags.find((f) => f.name.toLowerCase() === 'platform');
  const lower = resolved?.toLowerCase();
  const stage = lower ? earlier.find((s) => s.name === lower) : undefined;
  return {
    written,
    writtenSpan,
    ref: resolved && !stage ? parseImageRef(resolved) : undefined,
    usesVariables,
    stage,
    scratch: lower === 'scratch',
    platform: platformFlag,
  };
}

/** Shell commands of a shell-form RUN: its command line, then the bodies of heredocs a shell reads. */
function runCommands(text: string, instruction: InstructionView, escape: string): Command[] {
  const { node, spanOf: span } = instruction;
  const heredocs: Heredoc[] = node instanceof dockerfileAst().Run ? node.getHeredocs() : [];
  const lastFlag = instruction.flags.at(-1);
  const from = lastFlag ? lastFlag.span.end : instruction.keywordSpan.end;
  let to = instruction.span.end;
  if (heredocs.length) to = endOfLineAt(text, span(heredocs[0].getStartRange()).end);
  const commands = shellCommands(text, from, to, escape);
  if (!heredocs.length) return commands;
  // `RUN <<EOF` (no command) and `RUN bash <<EOF` feed the body to a shell; `RUN python3 <<EOF` does not.
  const line = commands.filter((c) => !c.words.every((w) => w.value.startsWith('<<')));
  const shellReads = line.length === 0 || line.some((c) => SHELLS.has(c.words[0]?.value.split('/').pop() ?? ''));
  if (!shellReads) return line;
  const out = [...line];
  for (const h of heredocs) {
    const body = h.getContentRange();
    if (!body) continue;
    const b = span(body);
    out.push(...shellCommands(text, b.start, b.end, '\u0000').map((c, k): Command => (k === 0 ? { words: c.words, joinedBy: '\n' } : c)));
  }
  return out;
}

// Commands and words are built with the same literal shapes as in shell.ts (no spreads): objects of one shape keep
// the code that reads them optimised; spread copies took other shapes, and V8 threw away that code mid-keystroke.
function moved(commands: readonly Command[], by: number): Command[] {
  return commands.map((c) => ({ words: c.words.map((w) => ({ value: w.value, start: w.start + by, end: w.end + by })), joinedBy: c.joinedBy }));
}

function endOfLineAt(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
