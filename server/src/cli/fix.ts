import { readFileSync, writeFileSync } from 'node:fs';
import type { Analyzer } from '../engine/analyze';
import { applyAllSafeFixes } from '../engine/fix';
import type { EngineSettings } from '../engine/types';
import type { AuditReport } from '../report/model';
import { helmChartInputFor, helmTemplateValuesFor, isInHelmChart } from '../node/helm-chart';
import { isKustomizePatchFile } from '../node/kustomize';

/** Applies every safe fix to the files of `report` that have one; returns a line per applied fix. */
export function applySafeFixes(report: AuditReport, analyzer: Analyzer, settingsFor: (file: string) => EngineSettings): string[] {
  const fixable = new Set(report.findings.filter((f) => f.fixes.some((x) => x.safe)).map((f) => f.path));
  const changed: string[] = [];
  for (const entry of report.files) {
    if (!entry.file || !fixable.has(entry.path)) continue;
    const text = readFileSync(entry.file, 'utf8');
    const settings = settingsFor(entry.file);
    const result = applyAllSafeFixes(analyzer, { text, path: entry.path, settings, inHelmChart: isInHelmChart(entry.file), helmChart: helmChartInputFor(entry.file, settings.helmValuesFiles), helmTemplateValues: helmTemplateValuesFor(entry.file, settings.helmValuesFiles), kustomize: isKustomizePatchFile(entry.file) ? { patch: true } : undefined });
    if (result.text === text) continue;
    writeFileSync(entry.file, result.text);
    for (const fix of result.applied) changed.push(`fixed ${entry.path}: ${fix.title}`);
  }
  return changed;
}
