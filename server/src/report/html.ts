import { SEVERITIES, type Severity } from '../engine/types';
import { groupByPath } from './markdown';
import { describeCounts, summarize, type AuditReport, type ReportFinding, type RuleInfo } from './model';

// One self-contained file a reviewer can open offline: inline CSS, no scripts, no external resources.

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The small Markdown subset rule docs use: paragraphs, `code`, **bold**, *emphasis*, [links](url). */
export function miniMarkdown(markdown: string): string {
  return markdown
    .trim()
    .split(/\n\s*\n/)
    .map((para) => {
      let html = escapeHtml(para.replace(/\n/g, ' '));
      html = html.replace(/`([^`]+)`/g, '<code>$1</code>');
      html = html.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
      html = html.replace(/\*([^*\s][^*]*)\*/g, '<em>$1</em>');
      html = html.replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2">$1</a>');
      return `<p>${html}</p>`;
    })
    .join('\n');
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:75rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}
td.n{text-align:right}pre{background:#f6f8fa;padding:.5rem;overflow:auto;margin:.25rem 0 1rem}
.sev{font-weight:600;text-transform:uppercase;font-size:.75rem;padding:.05rem .4rem;border-radius:.25rem;color:#fff}
.error{background:#cf222e}.warning{background:#9a6700}.info{background:#0969da}.hint{background:#6e7781}
.hl{background:#fff8c5;display:block}.ln{color:#6e7781;user-select:none}section.file{margin-bottom:2rem}`;

function badge(severity: Severity): string {
  return `<span class="sev ${severity}">${severity}</span>`;
}

function excerpt(f: ReportFinding): string {
  const last = f.region.endColumn === 1 && f.region.endLine > f.region.startLine ? f.region.endLine - 1 : f.region.endLine;
  const width = String(f.excerpt.startLine + f.excerpt.lines.length).length;
  const lines = f.excerpt.lines.map((text, i) => {
    const n = f.excerpt.startLine + i;
    const body = `<span class="ln">${String(n).padStart(width)} </span>${escapeHtml(text)}`;
    return n >= f.region.startLine && n <= last ? `<span class="hl">${body}</span>` : `${body}\n`;
  });
  return `<pre>${lines.join('')}</pre>`;
}

function summaryTables(report: AuditReport): string {
  const s = summarize(report);
  const head = `<tr><th></th>${SEVERITIES.map((sev) => `<th>${sev}</th>`).join('')}<th>total</th></tr>`;
  const row = (label: string, counts: Record<Severity, number>) =>
    `<tr><th>${escapeHtml(label)}</th>${SEVERITIES.map((sev) => `<td class="n">${counts[sev]}</td>`).join('')}<td class="n">${SEVERITIES.reduce((n, sev) => n + counts[sev], 0)}</td></tr>`;
  const categories = Object.keys(s.byCategory).sort();
  return `<p>${s.findings} findings (${escapeHtml(describeCounts(s.bySeverity))}) in ${s.filesWithFindings} of ${s.files} files; ${s.skipped} skipped${s.suppressed ? `; ${s.suppressed} suppressed` : ''}${report.baseline ? `; ${report.baseline.known} already in the baseline` : ''}.</p>
<h2>Summary</h2>
<table>${head}${row('all', s.bySeverity)}</table>
<h3>By defense level</h3>
<table>${head}${categories.map((c) => row(c, s.byCategory[c])).join('')}</table>`;
}

function ruleSection(rule: RuleInfo): string {
  const facts = [`default severity ${rule.severity}`, rule.category && `defense level ${rule.category}`, rule.pss && `Pod Security Standards ${rule.pss.level} (${rule.pss.check})`].filter(Boolean).join(', ');
  const link = rule.helpUri ? ` <a href="${escapeHtml(rule.helpUri)}">rule page</a>` : '';
  return `<section id="rule-${escapeHtml(rule.id)}"><h3><code>${escapeHtml(rule.id)}</code>: ${escapeHtml(rule.title)}</h3>
<p>${escapeHtml(facts)}.${link}</p>
${miniMarkdown(rule.docs)}
<p><strong>Remediation:</strong> ${escapeHtml(rule.remediation)}</p></section>`;
}

export function renderHtml(report: AuditReport): string {
  const visible = report.findings.filter((f) => !f.suppressions?.length);
  const files = [...groupByPath(visible)].map(
    ([path, findings]) => `<section class="file"><h3><code>${escapeHtml(path)}</code> (${findings.length})</h3>
${findings
  .map((f) => `<p>${badge(f.severity)} line ${f.region.startLine}, column ${f.region.startColumn}: ${escapeHtml(f.message)} <a href="#rule-${escapeHtml(f.ruleId)}"><code>${escapeHtml(f.ruleId)}</code></a></p>\n${excerpt(f)}`)
  .join('\n')}</section>`,
  );
  const skipped = report.skipped.length
    ? `<h2>Skipped files</h2><table><tr><th>file</th><th>reason</th></tr>${report.skipped.map((k) => `<tr><td><code>${escapeHtml(k.path)}</code></td><td>${escapeHtml(`${k.reason}: ${k.message}`)}</td></tr>`).join('')}</table>`
    : '';
  const used = new Set(visible.map((f) => f.ruleId));
  const rules = report.rules.filter((r) => used.has(r.id));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>kubeward audit</title><style>${STYLE}</style></head>
<body>
<h1>kubeward audit</h1>
<p>${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}</p>
${summaryTables(report)}
${files.length ? `<h2>Findings by file</h2>\n${files.join('\n')}` : '<p>No findings.</p>'}
${skipped}
${rules.length ? `<h2>Rules</h2>\n${rules.map(ruleSection).join('\n')}` : ''}
</body></html>
`;
}
