import type { ClientSettings } from '../protocol';
import { isPssVersion } from './pss';
import { DEFAULT_SETTINGS, PROFILES, SEVERITIES, type Profile, type EngineSettings, type RuleSetting, type Severity } from './types';

/** Turns loosely typed editor settings into engine settings; unknown values fall back to defaults. */
export function toEngineSettings(raw: ClientSettings | undefined): EngineSettings {
  const rules: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(raw?.rules ?? {})) {
    const severity = typeof value === 'string' ? value : value?.severity;
    if (severity === 'off' || SEVERITIES.includes(severity as Severity)) rules[id] = { severity: severity as Severity | 'off' };
  }
  return {
    enable: raw?.enable ?? DEFAULT_SETTINGS.enable,
    rules,
    maxFileBytes: typeof raw?.maxFileBytes === 'number' && raw.maxFileBytes > 0 ? raw.maxFileBytes : DEFAULT_SETTINGS.maxFileBytes,
    profile: PROFILES.includes(raw?.profile as Profile) ? (raw!.profile as Profile) : DEFAULT_SETTINGS.profile,
    pssVersion: typeof raw?.pssVersion === 'string' && isPssVersion(raw.pssVersion.trim()) ? raw.pssVersion.trim() : DEFAULT_SETTINGS.pssVersion,
  };
}
