import { normalizedLine, type AuditReport } from './model';
import { FINGERPRINT_KEY } from './sarif';

/** One finding of a previous report: enough to recognise it again after lines moved. */
export interface BaselineEntry {
  ruleId: string;
  path: string;
  fingerprint?: string;
  /** The flagged line's text, used when the report has no kubeward fingerprint (SARIF from elsewhere). */
  line?: string;
}

export class BaselineError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads a kubeward JSON report or a SARIF 2.1.0 log; throws BaselineError for anything else. */
export function parseBaseline(text: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`not JSON: ${(err as Error).message}`);
  }
  if (isObject(data) && typeof data.kubewardReport === 'number' && Array.isArray(data.findings)) {
    return data.findings.filter(isObject).flatMap((f) => {
      const ruleId = str(f.ruleId);
      const path = str(f.path);
      return ruleId && path ? [{ ruleId, path, fingerprint: str(f.fingerprint), line: str(f.snippet)?.split('\n')[0] }] : [];
    });
  }
  if (isObject(data) && data.version === '2.1.0' && Array.isArray(data.runs)) {
    const out: BaselineEntry[] = [];
    for (const run of data.runs.filter(isObject)) {
      for (const r of (Array.isArray(run.results) ? run.results : []).filter(isObject)) {
        const ruleId = str(r.ruleId);
        const loc = Array.isArray(r.locations) && isObject(r.locations[0]) ? (r.locations[0].physicalLocation as Json | undefined) : undefined;
        const uri = str((loc?.artifactLocation as Json | undefined)?.uri);
        if (!ruleId || !uri) continue;
        const fingerprint = str((r.partialFingerprints as Json | undefined)?.[FINGERPRINT_KEY]);
        const snippet = str(((loc?.region as Json | undefined)?.snippet as Json | undefined)?.text);
        out.push({ ruleId, path: decodeURIComponent(uri), fingerprint, line: snippet?.split('\n')[0] });
      }
    }
    return out;
  }
  throw new BaselineError('neither a kubeward JSON report nor a SARIF 2.1.0 log');
}

/**
 * Drops the findings the baseline already lists ("new issues only"). Each baseline entry accounts for one
 * finding, so a second copy of a known problem in the same file still shows up as new.
 */
export function applyBaseline(report: AuditReport, entries: readonly BaselineEntry[], file: string): void {
  const byFingerprint = new Map<string, number>();
  const byLine = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, d: number) => m.set(k, (m.get(k) ?? 0) + d);
  for (const e of entries) {
    if (e.fingerprint) bump(byFingerprint, `${e.ruleId}\n${e.path}\n${e.fingerprint}`, 1);
    else if (e.line !== undefined) bump(byLine, `${e.ruleId}\n${e.path}\n${normalizedLine(e.line)}`, 1);
  }
  const take = (m: Map<string, number>, k: string) => {
    const n = m.get(k) ?? 0;
    if (n > 0) m.set(k, n - 1);
    return n > 0;
  };
  const before = report.findings.length;
  report.findings = report.findings.filter(
    (f) => !take(byFingerprint, `${f.ruleId}\n${f.path}\n${f.fingerprint}`) && !take(byLine, `${f.ruleId}\n${f.path}\n${normalizedLine(f.snippet.split('\n')[0])}`),
  );
  const known = before - report.findings.length;
  const perFile = new Map<string, number>();
  for (const f of report.findings) bump(perFile, f.path, 1);
  for (const f of report.files) f.findings = perFile.get(f.path) ?? 0;
  report.baseline = { file, known };
}
