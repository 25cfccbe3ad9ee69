import { isScalar, type Node } from 'yaml';
import type { PodSpecView } from '../../server/src/engine/k8s/pod-spec';
import type { FixSpec, RuleContext } from '../../server/src/engine/rule';
import { containerSites, missingFieldAnchor, pairAt, podSite, type SecuritySite } from './pss';
import type { Desired } from '../../server/src/engine/yaml/edit';

/**
 * Upstream's shape for settings that the pod securityContext sets for all containers (runAsNonRoot, seccompProfile):
 * an explicit bad value at the pod or on a container fails; a container that leaves it unset fails unless the pod
 * sets a good value. The unset containers are reported once, on the pod, with a fix that sets the pod-level value.
 */
export interface InheritedSetting {
  path: readonly string[];
  good(value: unknown): boolean;
  /** The pod-level securityContext that fixes every unset container. */
  podFix: { [key: string]: Desired };
  podFixTitle: string;
  explicitMessage(where: string, value: unknown): string;
  implicitMessage(containers: string[]): string;
  /** Fix for an explicit bad value (replacing a deliberate choice: never in fix-all). */
  explicitFix?(site: SecuritySite): FixSpec[];
}

/** The judged value of a site: undefined when unset (absent or null); `''` for a parent map without the leaf. */
function valueAt(site: SecuritySite, path: readonly string[]): { value: unknown; at?: Node } {
  const pair = pairAt(site.context, path);
  const v = pair && isScalar(pair.value) ? pair.value.value : pair?.value;
  if (pair && v !== null && v !== undefined) return { value: v, at: pair.key };
  const parent = path.length > 1 ? pairAt(site.context, path.slice(0, -1)) : undefined;
  const p = parent && !(isScalar(parent.value) && parent.value.value === null) && parent.value;
  return p ? { value: '', at: parent!.key } : { value: undefined };
}

export function checkInheritedSetting(pod: PodSpecView, ctx: RuleContext, setting: InheritedSetting): void {
  const podLevel = podSite(pod);
  const own = valueAt(podLevel, setting.path);
  const podSetsIt = own.value !== undefined;
  if (podSetsIt && !setting.good(own.value)) {
    const pair = pairAt(podLevel.context, setting.path) ?? pairAt(podLevel.context, setting.path.slice(0, -1))!;
    ctx.report({ at: podLevel.viaAlias ?? pair, message: setting.explicitMessage('pod', own.value), fixes: podLevel.viaAlias ? [] : setting.explicitFix?.(podLevel) });
  }
  const unset: string[] = [];
  for (const site of containerSites(pod)) {
    const mine = valueAt(site, setting.path);
    if (mine.value === undefined) {
      if (!podSetsIt) unset.push(site.label);
      continue;
    }
    if (setting.good(mine.value)) continue;
    const pair = pairAt(site.context, setting.path) ?? pairAt(site.context, setting.path.slice(0, -1))!;
    ctx.report({ at: site.viaAlias ?? pair, message: setting.explicitMessage(site.label, mine.value), fixes: site.viaAlias ? [] : setting.explicitFix?.(site) });
  }
  if (!unset.length) return;
  const edits = podLevel.viaAlias ? [] : ctx.edit.ensure(pod.spec, { securityContext: setting.podFix });
  ctx.report({
    at: missingFieldAnchor(podLevel, setting.path),
    message: setting.implicitMessage(unset),
    fixes: edits.length ? [{ title: setting.podFixTitle, edits, safe: true }] : [],
  });
}
