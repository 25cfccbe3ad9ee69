import namespaceWithoutNetworkPolicy from '../../../../rules/workspace/namespace-without-network-policy';
import rolebindingUnknownServiceaccount from '../../../../rules/workspace/rolebinding-unknown-serviceaccount';
import { ruleInProfile } from '../pss';
import type { EngineSettings, Finding, Severity } from '../types';
import type { ObjectSummary } from './objects';
import type { WorkspaceRule } from './rule';

/** Workspace rules, listed by hand: there are few, and rules/index.ts only collects per-object rules. */
export const WORKSPACE_RULES: readonly WorkspaceRule[] = [namespaceWithoutNetworkPolicy, rolebindingUnknownServiceaccount];

/** Runs the workspace rules over the summaries of every audited file; returns findings by path. */
export function workspaceFindings(objects: readonly ObjectSummary[], settings: Pick<EngineSettings, 'rules' | 'profile' | 'pssVersion'>, rules = WORKSPACE_RULES): Map<string, Finding[]> {
  const byPath = new Map<string, Finding[]>();
  for (const rule of rules) {
    const override = settings.rules[rule.meta.id]?.severity;
    // Workspace rules are not Pod Security Standards checks: the pss-* profiles leave them out.
    if (override === 'off' || !ruleInProfile(rule.meta, settings)) continue;
    const severity: Severity = override ?? rule.meta.severity;
    rule.check(objects, ({ path, at, message }) => {
      const list = byPath.get(path) ?? [];
      list.push({ ruleId: rule.meta.id, severity, message, range: at.range, offset: at.offset, docIndex: 0, fixes: [] });
      byPath.set(path, list);
    });
  }
  return byPath;
}

/** Whether a workspace rule applies under a file's own settings (its config may pick a PSS profile or turn it off). */
export function workspaceRuleActive(ruleId: string, settings: Pick<EngineSettings, 'rules' | 'profile' | 'pssVersion'>): boolean {
  const rule = WORKSPACE_RULES.find((r) => r.meta.id === ruleId);
  return !!rule && settings.rules[ruleId]?.severity !== 'off' && ruleInProfile(rule.meta, settings);
}
