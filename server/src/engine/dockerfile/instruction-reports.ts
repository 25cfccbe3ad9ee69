// What instruction rules (rule.ts: DockerfileInstructionRule) reported, kept by the lines of the instruction they
// were about. A keystroke changes one instruction; the language server re-checks that one and takes every other
// instruction's reports from here, moved to where its lines now start. Before, every rule walked the whole file on
// every keystroke, and on a 500-line Dockerfile the rules cost more than the parse of the stage that changed.
//
// The key is everything an instruction rule may read: the text of the instruction's lines (from the start of its
// first line to past the line break after it: a fix may delete the whole lines), where in them the instruction
// starts and ends, whether it is an ONBUILD trigger, and the escape character (it decides how lines continue and how
// RUN splits into commands). A report or edit outside those lines would not be right elsewhere: it is not kept.
import type { DockerfileInstructionRule, DockerfileReport } from '../rule';
import { endOfLine, startOfLine } from '../text';
import type { DockerInstruction, DockerfileView } from './parse';

/** Kept reports of one instruction, per rule and its context ('' without one). Offsets from its lines' start. */
type Entry = Map<DockerfileInstructionRule, Map<string, DockerfileReport[]>>;

/** An instruction of the view being checked, with where its lines start and its kept reports. */
export interface PlacedInstruction {
  instruction: DockerInstruction;
  start: number;
  entry: Entry;
}

// The entry is also kept on dockerfile-ast's node: a node is re-used (./chunks.ts) only where the text of its chunk is
// the same, so the lines of its instruction are too, and the entry is found without building its key.
const KEPT = Symbol('keptReports');
type WithEntry = DockerInstruction['node'] & { [KEPT]?: { by: InstructionReports; entry: Entry } };

/**
 * Reports per instruction key, from the last two checks (like the chunks, ./chunks.ts): an instruction of the chunk a
 * keystroke re-parsed is found by its key in the check before; the others are found on their nodes.
 */
export class InstructionReports {
  private current = new Map<string, Entry>();
  private previous = new Map<string, Entry>();
  /** Rule runs on an instruction (the reports were not kept), for tests of what an edit re-checks. */
  checks = 0;

  /** A new check: the entries found by key in the one before stay until the next. */
  startCheck(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  place(view: DockerfileView, instruction: DockerInstruction): PlacedInstruction {
    const start = startOfLine(view.text, instruction.span.start);
    // An ONBUILD trigger's node is made anew each time it is asked for: it is found by its key.
    const node = instruction.node as WithEntry;
    const onNode = instruction.onbuild ? undefined : node[KEPT];
    if (onNode?.by === this) return { instruction, start, entry: onNode.entry };
    const entry = this.entryOf(keyOf(view, instruction, start, endOfLine(view.text, instruction.span.end)));
    if (!instruction.onbuild) node[KEPT] = { by: this, entry };
    return { instruction, start, entry };
  }

  /** The reports of `rule` on a placed instruction: kept ones moved into place, else checked now. */
  reportsOf(rule: DockerfileInstructionRule, placed: PlacedInstruction, view: DockerfileView): DockerfileReport[] {
    const { instruction, start, entry } = placed;
    let byContext = entry.get(rule);
    if (!byContext) entry.set(rule, (byContext = new Map()));
    const context = rule.context?.(instruction, view) ?? '';
    const kept = byContext.get(context);
    if (kept) return kept.length ? kept.map((r) => moved(r, start)) : kept;
    this.checks++;
    const reports: DockerfileReport[] = [];
    rule.checkInstruction(instruction, view, { report: (r) => reports.push(r) });
    const end = endOfLine(view.text, instruction.span.end);
    if (reports.every((r) => within(r, start, end))) byContext.set(context, reports.map((r) => moved(r, -start)));
    return reports;
  }

  private entryOf(key: string): Entry {
    let entry = this.current.get(key);
    if (!entry) {
      entry = this.previous.get(key) ?? new Map();
      this.current.set(key, entry);
    }
    return entry;
  }
}

function keyOf(view: DockerfileView, instruction: DockerInstruction, start: number, end: number): string {
  const { span } = instruction;
  return `${view.escape}${instruction.onbuild ? 1 : 0}${span.start - start},${span.end - start}\u0000${view.text.slice(start, end)}`;
}

function within(r: DockerfileReport, start: number, end: number): boolean {
  const inside = (s: { start: number; end: number }) => s.start >= start && s.end <= end;
  return inside(r.at) && (r.fixes ?? []).every((f) => f.edits.every(inside));
}

function moved(r: DockerfileReport, by: number): DockerfileReport {
  const at = { start: r.at.start + by, end: r.at.end + by };
  if (!r.fixes) return { at, message: r.message };
  return { at, message: r.message, fixes: r.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ start: e.start + by, end: e.end + by, newText: e.newText })) })) };
}
