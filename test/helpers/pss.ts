import { Analyzer } from '../../server/src/engine/analyze';
import type { EngineSettings, Finding } from '../../server/src/engine/types';

/** Findings of one rule under the given settings (default: the editor's `strict` profile, latest policy). */
export function pss(text: string, ruleId: string, settings: Partial<EngineSettings> = {}, path = 'test.yaml'): Finding[] {
  return new Analyzer().analyze({ text, path, settings }).findings.filter((f) => f.ruleId === ruleId);
}

export const BASELINE = (pssVersion = 'latest'): Partial<EngineSettings> => ({ profile: 'pss-baseline', pssVersion });
export const RESTRICTED = (pssVersion = 'latest'): Partial<EngineSettings> => ({ profile: 'pss-restricted', pssVersion });

export function titles(f: Finding): string[] {
  return f.fixes.map((x) => `${x.safe ? 'safe' : 'manual'}: ${x.title}`);
}
