import type { Analyzer } from './analyze';
import { LineIndex } from './text';
import type { AnalysisInput, Fix, OffsetEdit, TextEdit } from './types';

/** Applies edits (ranges in `text`) from last to first; edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const offsets: OffsetEdit[] = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }));
  offsets.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of offsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/**
 * Applies every safe fix, re-analysing between passes so fixes never collide: in each pass a fix is taken
 * only when none of its edits touches an edit already taken. Stops when nothing changes (at most 10 passes).
 */
export function applyAllSafeFixes(analyzer: Analyzer, input: AnalysisInput): { text: string; applied: Fix[] } {
  let text = input.text;
  const applied: Fix[] = [];
  for (let pass = 0; pass < 10; pass++) {
    const { findings } = analyzer.analyze({ ...input, text });
    const lines = new LineIndex(text);
    const taken: [number, number][] = [];
    const chosen: TextEdit[] = [];
    for (const fix of findings.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1))) {
      const spans = fix.edits.map((e) => [lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)] as [number, number]);
      if (spans.some(([s, e]) => taken.some(([ts, te]) => s <= te && ts <= e))) continue;
      taken.push(...spans);
      chosen.push(...fix.edits);
      applied.push(fix);
    }
    if (!chosen.length) break;
    text = applyEdits(text, chosen);
  }
  return { text, applied };
}

/** One edit turning `before` into `after`, covering only the span that differs. */
export function minimalEdit(before: string, after: string): OffsetEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return { start, end: endB, newText: after.slice(start, endA) };
}
