import { describeCounts, summarize, type AuditReport } from './model';

/** One finding per line (`path:line:col: severity rule message`, as compilers print), then a summary. */
export function renderText(report: AuditReport): string {
  const lines = report.findings
    .filter((f) => !f.suppressions?.length)
    .map((f) => `${f.path}:${f.region.startLine}:${f.region.startColumn}: ${f.severity} ${f.ruleId} ${f.message}`);
  for (const s of report.skipped) lines.push(`${s.path}: skipped (${s.reason}): ${s.message}`);
  const s = summarize(report);
  const known = report.baseline ? `; ${report.baseline.known} already in the baseline` : '';
  const suppressed = s.suppressed ? `; ${s.suppressed} suppressed` : '';
  lines.push(`${s.findings} finding${s.findings === 1 ? '' : 's'} (${describeCounts(s.bySeverity)}) in ${s.filesWithFindings} of ${s.files} files; ${s.skipped} skipped${suppressed}${known}.`);
  return lines.join('\n') + '\n';
}
