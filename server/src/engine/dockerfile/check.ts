// Runs the Dockerfile rules over one parsed file: same isolation (one failing rule never hides the others), same
// severity overrides as for manifests. The suppression comment is offered by the code actions (suppress/insert.ts).
import { isInstructionRule, type DockerfileInstructionRule, type DockerfileRule, type DockerfileReport, type Rule } from '../rule';
import type { EngineSettings, OffsetEdit, Severity } from '../types';
import { InstructionReports, type PlacedInstruction } from './instruction-reports';
import { parseDockerfile, type DockerInstruction, type DockerfileView } from './parse';

/** Above these, parsing costs seconds (the parser is quadratic in stages × comments): skip with a notice. */
export const DOCKERFILE_MAX_BYTES = 1024 * 1024;
export const DOCKERFILE_MAX_STAGES = 1000;

export interface OffsetFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: { title: string; safe: boolean; edits: OffsetEdit[] }[];
}

/** Why a Dockerfile is too costly to parse live, or undefined when it is fine. */
export function dockerfileTooCostly(text: string): string | undefined {
  if (text.length > DOCKERFILE_MAX_BYTES) return `Dockerfile is larger than ${DOCKERFILE_MAX_BYTES} bytes; not analysed.`;
  const froms = text.match(/^[ \t]*from[ \t]/gim)?.length ?? 0;
  if (froms > DOCKERFILE_MAX_STAGES) return `Dockerfile has more than ${DOCKERFILE_MAX_STAGES} FROM lines; not analysed.`;
  return undefined;
}

export function todayIso(settings: EngineSettings): string {
  return settings.today ?? new Date().toISOString().slice(0, 10);
}

/** Where checkDockerfile keeps instruction rules' reports by default: nowhere, unless keepInstructionReports was called. */
let defaultKept: InstructionReports | undefined;

/**
 * Makes checkDockerfile keep what instruction rules report (./instruction-reports.ts), for the language server, which
 * sees the same instructions again on every keystroke. An audit checks each file once and keeps nothing.
 */
export function keepInstructionReports(kept = new InstructionReports()): void {
  defaultKept = kept;
}

export function checkDockerfile(
  text: string,
  rules: readonly Rule[],
  settings: EngineSettings,
  severityOf: (rule: Rule) => Severity | undefined,
  view: DockerfileView = parseDockerfile(text),
  kept = defaultKept,
): OffsetFinding[] {
  const today = todayIso(settings);
  const out: OffsetFinding[] = [];
  // Each instruction's kept reports (index in view.instructions), looked up once for all the rules.
  const placed: PlacedInstruction[] = [];
  kept?.startCheck();
  for (const rule of rules) {
    if (rule.language !== 'dockerfile') continue;
    const severity = severityOf(rule);
    if (!severity) continue;
    const report = (r: DockerfileReport) => out.push(toFinding(rule, severity, r));
    try {
      if (!isInstructionRule(rule)) rule.check(view, { report, settings, today });
      else if (!kept) checkEachInstruction(rule, view, report);
      else checkEachInstruction(rule, view, report, (instruction, k) => kept.reportsOf(rule, (placed[k] ??= kept.place(view, instruction)), view));
    } catch (err) {
      out.push({ ruleId: 'kubeward/internal-error', severity: 'warning', message: `Rule ${rule.meta.id} failed on this Dockerfile: ${String(err)}`, start: 0, end: Math.min(1, text.length), fixes: [] });
    }
  }
  return out;
}

/** Runs an instruction rule on the instructions it is for, or takes their reports from `keptReports`. */
function checkEachInstruction(
  rule: DockerfileInstructionRule,
  view: DockerfileView,
  report: (r: DockerfileReport) => void,
  keptReports?: (instruction: DockerInstruction, index: number) => DockerfileReport[],
): void {
  const { instructions } = view;
  for (let k = 0; k < instructions.length; k++) {
    const instruction = instructions[k];
    if (!rule.keywords.includes(instruction.keyword)) continue;
    if (keptReports) for (const r of keptReports(instruction, k)) report(r);
    else rule.checkInstruction(instruction, view, { report });
  }
}

function toFinding(rule: DockerfileRule, severity: Severity, r: DockerfileReport): OffsetFinding {
  const fixes = (r.fixes ?? []).map((f) => ({ title: f.title, safe: f.safe ?? true, edits: f.edits, ...(f.reveals ? { reveals: f.reveals } : {}) }));
  return { ruleId: rule.meta.id, severity, message: r.message, start: r.at.start, end: r.at.end, fixes };
}
