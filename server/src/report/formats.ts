import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import type { AuditReport } from './model';
import { renderSarif } from './sarif';
import { renderText } from './text';

/** Every output format, by the name `--format` and "Export Report…" use. */
export const FORMATS = {
  text: { render: renderText, extension: 'txt', label: 'Text' },
  json: { render: renderJson, extension: 'json', label: 'JSON' },
  sarif: { render: renderSarif, extension: 'sarif', label: 'SARIF 2.1.0' },
  markdown: { render: renderMarkdown, extension: 'md', label: 'Markdown' },
  html: { render: renderHtml, extension: 'html', label: 'HTML' },
} satisfies Record<string, { render: (r: AuditReport) => string; extension: string; label: string }>;

export type FormatName = keyof typeof FORMATS;

export function isFormat(name: string): name is FormatName {
  return Object.prototype.hasOwnProperty.call(FORMATS, name);
}

export function renderReport(report: AuditReport, format: FormatName): string {
  return FORMATS[format].render(report);
}
