import { Analyzer } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fix';
import type { AnalysisInput, Finding } from '../../server/src/engine/types';

export function findings(text: string, path = 'test.yaml', extra: Partial<AnalysisInput> = {}): Finding[] {
  return new Analyzer().analyze({ text, path, ...extra }).findings;
}

export function ofRule(text: string, ruleId: string, path = 'test.yaml'): Finding[] {
  return findings(text, path).filter((f) => f.ruleId === ruleId);
}

/** The source text a finding underlines. */
export function underlined(text: string, f: Finding): string {
  return text.slice(f.offset.start, f.offset.end);
}

/** [line, character, endLine, endCharacter] of a finding, 0-based. */
export function at(f: Finding): [number, number, number, number] {
  return [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character];
}

export function applyFix(text: string, f: Finding, index = 0): string {
  return applyEdits(text, f.fixes[index].edits);
}
