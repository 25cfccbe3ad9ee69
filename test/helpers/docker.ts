import { Analyzer } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fix';
import type { EngineSettings, Finding } from '../../server/src/engine/types';

/** The date Dockerfile tests judge end-of-life data against. */
export const TODAY = '2026-11-23';

export function dockerFindings(text: string, settings: Partial<EngineSettings> = {}): Finding[] {
  return new Analyzer().analyze({ text, path: 'Dockerfile', settings: { today: TODAY, ...settings } }).findings;
}

export function dockerRule(text: string, ruleId: string, settings: Partial<EngineSettings> = {}): Finding[] {
  return dockerFindings(text, settings).filter((f) => f.ruleId === ruleId);
}

/** Applies the fix whose title matches, failing loudly when there is none. */
export function applyFixTitled(text: string, f: Finding, title: RegExp): string {
  const fix = f.fixes.find((x) => title.test(x.title));
  if (!fix) throw new Error(`no fix matching ${title} on ${f.ruleId}: ${f.fixes.map((x) => x.title).join(' | ')}`);
  return applyEdits(text, fix.edits);
}
