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
import { startOfLine } from '../text';
import type { DockerInstruction, DockerfileView } from './parse';

/** The lines an instruction is on: where they start in the text, and the key its reports are kept by. */
export interface InstructionLines {
  start: number;
  end: number;
  key: string;
}

export function instructionLines(view: DockerfileView, instruction: DockerInstruction): InstructionLines {
  const text = view.text;
  const { span } = instruction;
  const start = startOfLine(text, span.start);
  let end = span.end;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start, end, key: `${view.escape}${instruction.onbuild ? 1 : 0}${span.start - start},${span.end - start}\u0000${text.slice(start, end)}` };
}

/**
 * Reports per instruction key and rule (its id, and its context when it has one), with offsets from the start of the
 * instruction's lines. Bounded by the number of keys: when the newer generation is full it replaces the older one,
 * so what the open files use stays and what earlier keystrokes left goes.
 */
export class InstructionReports {
  private newer = new Map<string, Map<string, DockerfileReport[]>>();
  private older = new Map<string, Map<string, DockerfileReport[]>>();
  /** Rule runs on an instruction (the reports were not kept), for tests of what an edit re-checks. */
  checks = 0;

  /** The default holds the instructions of about twenty 500-line Dockerfiles. */
  constructor(private readonly maxInstructions = 10_000) {}

  /** The reports of `rule` on the instruction at `lines`: kept ones moved into place, else checked now. */
  reportsOf(rule: DockerfileInstructionRule, instruction: DockerInstruction, view: DockerfileView, lines: InstructionLines): DockerfileReport[] {
    const entry = this.entryOf(lines.key);
    const ruleKey = rule.context ? `${rule.meta.id}\u0000${rule.context(instruction, view)}` : rule.meta.id;
    const kept = entry.get(ruleKey);
    if (kept) return kept.length ? kept.map((r) => moved(r, lines.start)) : kept;
    this.checks++;
    const reports: DockerfileReport[] = [];
    rule.checkInstruction(instruction, view, { report: (r) => reports.push(r) });
    if (reports.every((r) => within(r, lines))) entry.set(ruleKey, reports.map((r) => moved(r, -lines.start)));
    return reports;
  }

  private entryOf(key: string): Map<string, DockerfileReport[]> {
    let entry = this.newer.get(key);
    if (entry) return entry;
    entry = this.older.get(key) ?? new Map<string, DockerfileReport[]>();
    if (this.newer.size >= this.maxInstructions) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, entry);
    return entry;
  }
}

function within(r: DockerfileReport, lines: InstructionLines): boolean {
  const inside = (s: { start: number; end: number }) => s.start >= lines.start && s.end <= lines.end;
  return inside(r.at) && (r.fixes ?? []).every((f) => f.edits.every(inside));
}

function moved(r: DockerfileReport, by: number): DockerfileReport {
  const at = { start: r.at.start + by, end: r.at.end + by };
  if (!r.fixes) return { at, message: r.message };
  return { at, message: r.message, fixes: r.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ start: e.start + by, end: e.end + by, newText: e.newText })) })) };
}
