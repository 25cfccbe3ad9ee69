import type { EngineSettings, Profile, PssLevel } from './types';

// Pod Security Standards bookkeeping shared by the engine (which rules run) and the rules (behaviour per version).
// Facts from kubernetes/pod-security-admission `policy/check_*.go`; see ../shared/research/pss-checks.md.

/** The newest policy version kubeward knows; `latest` and any newer version mean this one, as upstream clamps. */
export const PSS_LATEST_MINOR = 37;

export interface PssCheckInfo {
  level: PssLevel;
  /** First policy version (minor of v1.N) that has the check. */
  since: number;
  /** A restricted check that replaces this baseline check at the restricted level, from its `since` version on. */
  overriddenBy?: string;
}

export const PSS_CHECKS: Readonly<Record<string, PssCheckInfo>> = {
  privileged: { level: 'baseline', since: 0 },
  hostNamespaces: { level: 'baseline', since: 0 },
  hostPathVolumes: { level: 'baseline', since: 0, overriddenBy: 'restrictedVolumes' },
  hostPorts: { level: 'baseline', since: 0 },
  hostProbesAndHostLifecycle: { level: 'baseline', since: 34 },
  capabilities_baseline: { level: 'baseline', since: 0, overriddenBy: 'capabilities_restricted' },
  appArmorProfile: { level: 'baseline', since: 0 },
  seLinuxOptions: { level: 'baseline', since: 0 },
  procMount: { level: 'baseline', since: 0, overriddenBy: 'procMount_restricted' },
  seccompProfile_baseline: { level: 'baseline', since: 0, overriddenBy: 'seccompProfile_restricted' },
  sysctls: { level: 'baseline', since: 0 },
  windowsHostProcess: { level: 'baseline', since: 0 },
  allowPrivilegeEscalation: { level: 'restricted', since: 8 },
  capabilities_restricted: { level: 'restricted', since: 22 },
  procMount_restricted: { level: 'restricted', since: 35 },
  restrictedVolumes: { level: 'restricted', since: 0 },
  runAsNonRoot: { level: 'restricted', since: 0 },
  runAsUser: { level: 'restricted', since: 23 },
  seccompProfile_restricted: { level: 'restricted', since: 19 },
};

/** The minor number of a `pssVersion` setting (`latest`, `v1.25`, `1.25`); unknown text means latest. */
export function pssMinor(version: string | undefined): number {
  const m = /^v?1\.(\d{1,3})$/.exec((version ?? '').trim());
  if (!m) return PSS_LATEST_MINOR;
  return Math.min(Number(m[1]), PSS_LATEST_MINOR);
}

export function isPssVersion(version: string): boolean {
  return version === 'latest' || /^v?1\.\d{1,3}$/.test(version);
}

/** The PSS level a profile evaluates: the editor's `strict` profile holds pods to restricted. */
export function profileLevel(profile: Profile): PssLevel {
  return profile === 'pss-baseline' ? 'baseline' : 'restricted';
}

/** Whether upstream evaluates `check` for a pod at `level` and policy version v1.`minor`. */
export function pssCheckActive(check: string, level: PssLevel, minor: number): boolean {
  const info = PSS_CHECKS[check];
  if (!info || minor < info.since) return false;
  if (level === 'baseline') return info.level === 'baseline';
  const replacement = info.overriddenBy ? PSS_CHECKS[info.overriddenBy] : undefined;
  return !(replacement && minor >= replacement.since);
}

/**
 * Whether a rule runs under the settings' profile: a PSS rule when its check is active at the profile's level and
 * version; any other rule only under `strict` (the `pss-*` profiles report nothing but that level's PSS checks).
 */
export function ruleInProfile(meta: { pss?: { check: string } }, settings: Pick<EngineSettings, 'profile' | 'pssVersion'>): boolean {
  if (!meta.pss) return settings.profile === 'strict';
  return pssCheckActive(meta.pss.check, profileLevel(settings.profile), pssMinor(settings.pssVersion));
}
