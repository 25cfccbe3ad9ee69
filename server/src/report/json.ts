import { summarize, type AuditReport } from './model';

/** Version of the JSON report's shape; bumped on incompatible changes. Baseline mode reads it back. */
export const JSON_REPORT_VERSION = 1;

export function renderJson(report: AuditReport): string {
  const category = new Map(report.rules.map((r) => [r.id, r.category]));
  const used = new Set(report.findings.map((f) => f.ruleId));
  return (
    JSON.stringify(
      {
        kubewardReport: JSON_REPORT_VERSION,
        tool: report.tool,
        root: report.root,
        ...(report.cancelled ? { cancelled: true } : {}),
        ...(report.baseline ? { baseline: report.baseline } : {}),
        summary: summarize(report),
        findings: report.findings.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          category: category.get(f.ruleId),
          message: f.message,
          path: f.path,
          ...f.region,
          range: f.range,
          fingerprint: f.fingerprint,
          snippet: f.snippet,
          fixes: f.fixes,
          ...(f.suppressions ? { suppressions: f.suppressions } : {}),
        })),
        files: report.files.map((f) => ({ path: f.path, kind: f.kind, findings: f.findings, ...(f.skipped ? { skipped: f.skipped } : {}) })),
        skipped: report.skipped,
        rules: report.rules.filter((r) => used.has(r.id)).map((r) => ({ id: r.id, title: r.title, severity: r.severity, category: r.category, helpUri: r.helpUri })),
      },
      null,
      2,
    ) + '\n'
  );
}
