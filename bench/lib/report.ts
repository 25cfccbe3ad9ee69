import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/** The q-quantile (0..1) of a sample, by the nearest-rank method. */
export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function ms(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function ratio(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a';
}

export function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

/** Prints a Markdown table, so the output can be pasted into the README as it is. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`);
  for (const r of cells.slice(1)) console.log(line(r));
}

/** nproc, CPU model and node version: the figures mean little without them. */
export function machine(): string {
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // not Linux: os.cpus() is close enough
  }
  return `${nproc} CPU (nproc), ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, node ${process.version}, ${process.platform}`;
}
