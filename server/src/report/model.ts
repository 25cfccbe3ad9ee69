// The audit report: one plain data structure that every output format (text, JSON, SARIF, Markdown, HTML) renders.
// Pure: no file system, no LSP; the CLI and the language server build it the same way.
import { createHash } from 'node:crypto';
import { INTERNAL_ERROR_RULE, PARSE_ERROR_RULE } from '../engine/analyze';
import { BUILD_RULE, REMOTE_RULE } from '../engine/kustomize';
import { ruleDocsUrl, type RuleMeta } from '../engine/rule';
import { allRules } from '../engine/registry';
import { ownCopy } from '../engine/doc-cache';
import { LineIndex } from '../engine/text';
import type { Category, FileKind, Finding, Fix, Range, Severity } from '../engine/types';
import { SEVERITIES } from '../engine/types';
import { WORKSPACE_RULES } from '../engine/workspace';
import { TOOL_NAME, TOOL_VERSION } from '../version';

/** 1-based, end column exclusive: what SARIF, Markdown and humans count. */
export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Suppression {
  kind: 'inSource' | 'external';
  justification?: string;
}

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Relative to the report's root, with `/`. */
  path: string;
  /** 0-based, as the engine and editors count. */
  range: Range;
  region: Region;
  /** Stable across line shifts: the rule, the path and the flagged line's text (see fingerprintOf). */
  fingerprint: string;
  /** The text of the lines the finding covers. */
  snippet: string;
  /** A few lines around the finding, for reports a reviewer reads without the source. */
  excerpt: { startLine: number; lines: string[] };
  fixes: Fix[];
  /** Present when the finding is suppressed (it is kept in reports, marked, and does not fail the run). */
  suppressions?: Suppression[];
}

export interface ReportFile {
  path: string;
  /** Absolute path on disk (absent for standard input). */
  file?: string;
  kind: FileKind;
  findings: number;
  /** Set when the engine did not analyse the file, with the reason. */
  skipped?: { reason: string; message: string };
}

export interface ReportSkip {
  path: string;
  reason: string;
  message: string;
}

export interface RuleInfo {
  id: string;
  title: string;
  severity: Severity;
  category?: Category;
  docs: string;
  remediation: string;
  helpUri?: string;
  pss?: RuleMeta['pss'];
  fixable: boolean;
}

export interface AuditReport {
  tool: { name: string; version: string };
  /** Absolute path of the folder paths are relative to. */
  root: string;
  /** Every file looked at, in path order. */
  files: ReportFile[];
  /** Files not read at all (too large, unreadable), in path order. */
  skipped: ReportSkip[];
  /** In path, line, column, rule order. */
  findings: ReportFinding[];
  /** Metadata of every rule that can appear in a report. */
  rules: RuleInfo[];
  /** Set in baseline mode: how many findings the baseline already knew. */
  baseline?: { file: string; known: number };
  cancelled?: boolean;
  /** Files found to audit (more than `files` when the audit was cancelled). */
  totalFiles?: number;
}

const EXCERPT_CONTEXT = 2;

const ENGINE_RULES: RuleInfo[] = [
  { id: PARSE_ERROR_RULE, title: 'YAML syntax error', severity: 'error', docs: 'The file does not parse as YAML, so nothing in it was checked.', remediation: 'Fix the syntax error.', fixable: false },
  { id: REMOTE_RULE, title: 'Remote Kustomize base not analysed', severity: 'info', docs: 'A kustomization names a remote resource, base, component or patch (a URL or git reference). kubeward never downloads anything, so the remote objects and what this kustomization does to them are not checked.', remediation: 'Vendor the remote base into the repository to have it analysed.', fixable: false },
  { id: BUILD_RULE, title: 'Kustomize build failed', severity: 'info', docs: '`kubectl kustomize` could not build this kustomization, so its files were judged as written (patches only on the values they set).', remediation: 'Fix the error kubectl reports, or turn builds off (kubeward.kustomize.build).', fixable: false },
  { id: INTERNAL_ERROR_RULE, title: 'Rule failed', severity: 'warning', docs: 'A kubeward rule threw an error on this object; the other rules still ran. Please report it.', remediation: 'Report the failure with the object that triggers it.', fixable: false },
];

export function ruleCatalog(): RuleInfo[] {
  const fromMeta = (meta: RuleMeta): RuleInfo => ({
    id: meta.id,
    title: meta.title,
    severity: meta.severity,
    category: meta.category,
    docs: meta.docs,
    remediation: meta.remediation,
    helpUri: ruleDocsUrl(meta.id),
    pss: meta.pss,
    fixable: !!meta.fixable,
  });
  return [...allRules().map((r) => fromMeta(r.meta)), ...WORKSPACE_RULES.map((r) => fromMeta(r.meta)), ...ENGINE_RULES].sort((a, b) => compare(a.id, b.id));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whitespace-insensitive text of the line a finding starts on: survives re-indentation and lines moving. */
export function normalizedLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function fingerprintOf(ruleId: string, path: string, line: string, occurrence: number): string {
  return createHash('sha256').update(`${ruleId}\n${path}\n${normalizedLine(line)}\n${occurrence}`).digest('hex').slice(0, 32);
}

/** Turns one file's engine findings into report findings (snippets, excerpts, fingerprints), in file order. */
export function reportFindings(path: string, text: string, findings: readonly Finding[]): ReportFinding[] {
  const lines = new LineIndex(text);
  const lineText = (n: number) => {
    const start = lines.offsetAt({ line: n, character: 0 });
    const end = n + 1 < lines.lineCount ? lines.offsetAt({ line: n + 1, character: 0 }) : text.length;
    return text.slice(start, end).replace(/\r?\n$|\r$/, '');
  };
  const sorted = [...findings].sort((a, b) => a.offset.start - b.offset.start || a.offset.end - b.offset.end || compare(a.ruleId, b.ruleId));
  const seen = new Map<string, number>();
  return sorted.map((f) => {
    const first = lineText(f.range.start.line);
    const key = `${f.ruleId}\n${normalizedLine(first)}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const lastLine = f.range.end.line > f.range.start.line && f.range.end.character === 0 ? f.range.end.line - 1 : f.range.end.line;
    const from = Math.max(0, f.range.start.line - EXCERPT_CONTEXT);
    const to = Math.min(lines.lineCount - 1, lastLine + EXCERPT_CONTEXT);
    const excerpt: string[] = [];
    for (let n = from; n <= to; n++) excerpt.push(lineText(n));
    const snippet: string[] = [];
    for (let n = f.range.start.line; n <= lastLine; n++) snippet.push(lineText(n));
    // Lines sliced from the text would keep the whole file alive in the report: over a large tree, most of its bytes.
    const [ownSnippet, ownExcerpt] = ownCopy([snippet.join('\n'), excerpt]);
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      path,
      range: f.range,
      region: toRegion(f.range),
      fingerprint: fingerprintOf(f.ruleId, path, first, occurrence),
      snippet: ownSnippet,
      excerpt: { startLine: from + 1, lines: ownExcerpt },
      fixes: f.fixes,
      // SARIF: a comment or annotation in the file is `inSource`; a config file's `ignore` entry is `external`.
      ...(f.suppressed ? { suppressions: [{ kind: f.suppressed.kind === 'config' ? ('external' as const) : ('inSource' as const), ...(f.suppressed.reason ? { justification: f.suppressed.reason } : {}) }] } : {}),
    };
  });
}

export function toRegion(r: Range): Region {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

export function sortFindings(findings: ReportFinding[]): ReportFinding[] {
  return findings.sort(
    (a, b) =>
      compare(a.path, b.path) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.message, b.message),
  );
}

export function newReport(root: string): AuditReport {
  return { tool: { name: TOOL_NAME, version: TOOL_VERSION }, root, files: [], skipped: [], findings: [], rules: ruleCatalog() };
}

export type SeverityCounts = Record<Severity, number>;

export interface ReportSummary {
  files: number;
  filesWithFindings: number;
  skipped: number;
  findings: number;
  suppressed: number;
  bySeverity: SeverityCounts;
  byCategory: Record<string, SeverityCounts>;
  byRule: Record<string, number>;
}

/** Counts of unsuppressed findings. Files skipped by the engine (Helm templates…) count as skipped too. */
export function summarize(report: AuditReport): ReportSummary {
  const zero = (): SeverityCounts => ({ error: 0, warning: 0, info: 0, hint: 0 });
  const category = new Map(report.rules.map((r) => [r.id, r.category ?? 'other']));
  const summary: ReportSummary = {
    files: report.files.length,
    filesWithFindings: new Set(report.findings.filter((f) => !f.suppressions).map((f) => f.path)).size,
    skipped: report.skipped.length + report.files.filter((f) => f.skipped).length,
    findings: 0,
    suppressed: 0,
    bySeverity: zero(),
    byCategory: {},
    byRule: {},
  };
  for (const f of report.findings) {
    if (f.suppressions?.length) {
      summary.suppressed++;
      continue;
    }
    summary.findings++;
    summary.bySeverity[f.severity]++;
    const c = category.get(f.ruleId) ?? 'other';
    (summary.byCategory[c] ??= zero())[f.severity]++;
    summary.byRule[f.ruleId] = (summary.byRule[f.ruleId] ?? 0) + 1;
  }
  return summary;
}

/** "3 errors, 1 warning" style text, severities in order, zeros left out. */
export function describeCounts(counts: SeverityCounts): string {
  const parts = SEVERITIES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}${counts[s] === 1 ? '' : s === 'info' ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no findings';
}
