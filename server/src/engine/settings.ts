import type { ClientSettings } from '../protocol';
import { isPssVersion } from './pss';
import { DEFAULT_SETTINGS, PROFILES, SEVERITIES, type Profile, type EngineSettings, type RuleSetting, type Severity } from './types';

/** Turns loosely typed editor settings into engine settings; unknown values fall back to defaults. */
export function toEngineSettings(raw: ClientSettings | undefined): EngineSettings {
  const rules: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(raw?.rules ?? {})) {
    const severity = typeof value === 'string' ? value : value?.severity;
    const setting: RuleSetting = {};
    if (severity === 'off' || SEVERITIES.includes(severity as Severity)) setting.severity = severity as Severity | 'off';
    if (typeof value === 'object' && value?.options && typeof value.options === 'object') setting.options = { ...value.options };
    if (setting.severity || setting.options) rules[id] = setting;
  }
  const registries = Array.isArray(raw?.trustedRegistries) ? raw.trustedRegistries.filter((r): r is string => typeof r === 'string' && r.length > 0) : [];
  return {
    enable: raw?.enable ?? DEFAULT_SETTINGS.enable,
    rules,
    maxFileBytes: typeof raw?.maxFileBytes === 'number' && raw.maxFileBytes > 0 ? raw.maxFileBytes : DEFAULT_SETTINGS.maxFileBytes,
    profile: PROFILES.includes(raw?.profile as Profile) ? (raw!.profile as Profile) : DEFAULT_SETTINGS.profile,
    pssVersion: typeof raw?.pssVersion === 'string' && isPssVersion(raw.pssVersion.trim()) ? raw.pssVersion.trim() : DEFAULT_SETTINGS.pssVersion,
    kubernetesVersion: typeof raw?.kubernetesVersion === 'string' && /^v?1\.\d{1,3}$/.test(raw.kubernetesVersion.trim()) ? raw.kubernetesVersion.trim().replace(/^v/, '') : undefined,
    trustedRegistries: registries,
    exclude: [],
    allowInlineSuppressions: typeof raw?.allowInlineSuppressions === 'boolean' ? raw.allowInlineSuppressions : DEFAULT_SETTINGS.allowInlineSuppressions,
    requireReason: typeof raw?.requireReason === 'boolean' ? raw.requireReason : DEFAULT_SETTINGS.requireReason,
    // Only config files write ignore entries: they need a folder to anchor `paths` and a place to report problems.
    ignores: [],
    helmValuesFiles: Array.isArray(raw?.helm?.valuesFiles) ? raw.helm.valuesFiles.filter((f): f is string => typeof f === 'string' && f.length > 0) : [],
  };
}
