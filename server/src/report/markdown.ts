import { SEVERITIES } from '../engine/types';
import { describeCounts, summarize, type AuditReport, type ReportFinding } from './model';

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function groupByPath(findings: readonly ReportFinding[]): Map<string, ReportFinding[]> {
  const byPath = new Map<string, ReportFinding[]>();
  for (const f of findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  return byPath;
}

/** A report for pull requests and wikis: summary tables, findings per file, then what each rule means. */
export function renderMarkdown(report: AuditReport): string {
  const s = summarize(report);
  const out: string[] = [];
  out.push(`# kubeward audit`, '');
  out.push(`${s.findings} findings (${describeCounts(s.bySeverity)}) in ${s.filesWithFindings} of ${s.files} files; ${s.skipped} skipped${s.suppressed ? `; ${s.suppressed} suppressed` : ''}${report.baseline ? `; ${report.baseline.known} already in the baseline` : ''}.`, '');
  out.push('| severity | findings |', '|---|---:|', ...SEVERITIES.map((sev) => `| ${sev} | ${s.bySeverity[sev]} |`), '');
  const categories = Object.keys(s.byCategory).sort();
  if (categories.length) {
    out.push(`| defense level | ${SEVERITIES.join(' | ')} |`, `|---|${SEVERITIES.map(() => '---:').join('|')}|`);
    for (const c of categories) out.push(`| ${c} | ${SEVERITIES.map((sev) => s.byCategory[c][sev]).join(' | ')} |`);
    out.push('');
  }
  const visible = report.findings.filter((f) => !f.suppressions?.length);
  if (visible.length) out.push('## Findings', '');
  for (const [path, findings] of groupByPath(visible)) {
    out.push(`### \`${path}\``, '', '| line | severity | rule | message |', '|---:|---|---|---|');
    for (const f of findings) out.push(`| ${f.region.startLine}:${f.region.startColumn} | ${f.severity} | \`${f.ruleId}\` | ${cell(f.message)} |`);
    out.push('');
  }
  if (report.skipped.length) {
    out.push('## Skipped files', '', '| file | reason |', '|---|---|', ...report.skipped.map((k) => `| \`${k.path}\` | ${cell(`${k.reason}: ${k.message}`)} |`), '');
  }
  const used = new Set(visible.map((f) => f.ruleId));
  const rules = report.rules.filter((r) => used.has(r.id));
  if (rules.length) out.push('## Rules', '');
  for (const r of rules) {
    out.push(`### \`${r.id}\`: ${r.title}`, '', `Severity ${r.severity}${r.category ? `, defense level ${r.category}` : ''}.${r.helpUri ? ` [Rule page](${r.helpUri})` : ''}`, '', r.docs.trim(), '', `**Remediation:** ${r.remediation}`, '');
  }
  return out.join('\n');
}
