import type { OffsetEdit, Severity, Suppression } from '../types';

// The ids of the diagnostics kubeward reports about suppressions themselves.
export const SUPPRESSION_DIAGNOSTICS = {
  unknownRule: 'kubeward/unknown-rule',
  malformed: 'kubeward/malformed-suppression',
  missingReason: 'kubeward/missing-reason',
  unused: 'kubeward/unused-suppression',
  notAllowed: 'kubeward/suppression-not-allowed',
  scope: 'kubeward/suppression-scope',
} as const;

/** What the "Suppress with a reason" action writes; a reason still equal to it counts as missing. */
export const REASON_PLACEHOLDER = '<reason>';

/** One rule named by a suppression, with where its id is written (for "fix the id" and "remove this id"). */
export interface RuleRef {
  /** The kubeward rule id (a peer's id is already mapped). */
  id: string;
  /** The id as written, and its offsets. */
  written: string;
  start: number;
  end: number;
}

/** A suppression found in a file: a comment or an annotation, in kubeward's syntax or a peer's. */
export interface Directive {
  kind: Suppression['kind'];
  /** `kubeward`, or the peer tool whose syntax this is. */
  syntax: string;
  rules: RuleRef[];
  reason?: string;
  /** The whole suppression: the comment from `#`, or the annotation's key and value. */
  start: number;
  end: number;
  /** Inline comments: the zero-based line whose findings it silences (undefined: nothing follows it). */
  line?: number;
  /** Annotations: the offsets of the object or container it covers. */
  scope?: { start: number; end: number; container?: string; kind?: string };
  /** Set for annotations on a pod template rather than on the object itself. */
  podTemplate?: boolean;
  /** Removes the whole suppression. */
  remove: OffsetEdit;
  /** Removes one of several ids, keeping the others. */
  removeRule?(ref: RuleRef): OffsetEdit;
  /** Where ` -- <reason>` would go, for comments without a reason. */
  reasonInsertAt?: number;
}

/** A problem with a suppression, in offsets of the file; turned into a finding by the caller. */
export interface SuppressionProblem {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: { title: string; edits: OffsetEdit[] }[];
}
