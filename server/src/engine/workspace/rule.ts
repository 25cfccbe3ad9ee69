import type { RuleMeta } from '../rule';
import type { Anchor, ObjectSummary } from './objects';

export interface WorkspaceReport {
  path: string;
  at: Anchor;
  message: string;
}

/**
 * A rule over all audited objects at once (e.g. "this namespace has no NetworkPolicy anywhere"): it only makes
 * sense for an audit of a whole tree, so the editor runs it in "Audit Workspace" and the CLI in every audit.
 */
export interface WorkspaceRule {
  language: 'workspace';
  meta: RuleMeta;
  check(objects: readonly ObjectSummary[], report: (r: WorkspaceReport) => void): void;
}

export function defineWorkspaceRule(rule: Omit<WorkspaceRule, 'language'>): WorkspaceRule {
  return { language: 'workspace', ...rule };
}
