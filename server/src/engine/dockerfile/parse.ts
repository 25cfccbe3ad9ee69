// The Dockerfile as rules see it: stages, instructions with offsets, resolved base images and shell commands.
// dockerfile-ast does the parsing (exact ranges, heredocs, directives, flags); this adapter turns its LSP ranges
// into offsets, resolves global ARGs in FROM, and re-reads image references itself (see image-ref.ts).
import type { Arg, Env, From, Heredoc, Instruction } from 'dockerfile-ast';
import { LineIndex } from '../text';
import { dockerfileAst } from './ast';
import { ChunkCache, parseInChunks, parseWhole, type ParsedDockerfile } from './chunks';
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

/**
 * Makes parseDockerfile parse chunk by chunk and keep the chunks (./chunks.ts), for the language server, which sees
 * the same Dockerfile again on every keystroke. An audit parses each file once: keeping parses would only cost it
 * memory and collection time, so it parses whole texts.
 */
export function reuseDockerfileChunks(cache = new ChunkCache()): void {
  defaultParse = (text) => parseInChunks(text, cache);
}

/** The view of a Dockerfile; `parse` is dockerfile-ast over the text (tests pass parseWhole or parseInChunks). */
export function parseDockerfile(text: string, parse = defaultParse): DockerfileView {
  const { From, Onbuild } = dockerfileAst();
  const ast = parse(text);
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
  const globalArgs: PropertyView[] = [];
  const stages: Stage[] = [];
  const instructions: DockerInstruction[] = [];

  const propertiesOf = (instruction: DockerInstruction): PropertyView[] => (instruction as InstructionView).properties;

  let stage: Stage | undefined;
  for (const { node, lineDelta } of ast.instructions) {
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

  return {
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
    out.push(...shellCommands(text, b.start, b.end, '\u0000').map((c, k) => (k === 0 ? { ...c, joinedBy: '\n' as const } : c)));
  }
  return out;
}

function moved(commands: readonly Command[], by: number): Command[] {
  return commands.map((c) => ({ ...c, words: c.words.map((w) => ({ ...w, start: w.start + by, end: w.end + by })) }));
}

function endOfLineAt(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
