import { strict as assert } from 'node:assert';
import { parseAllDocuments } from 'yaml';
import { Analyzer } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fix';
import { LineIndex } from '../../server/src/engine/text';
import type { AnalysisResult, Finding, Range, TextEdit } from '../../server/src/engine/types';

/** Generous bound per analysis: a hang or an exponential regex blows far past it, normal work stays far below. */
export const MAX_ANALYSIS_MS = 5000;

function within(lines: LineIndex, text: string, r: Range, what: string): void {
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} outside 0..${lines.lineCount - 1}`);
    assert.ok(p.character >= 0, `${what}: negative character`);
    assert.ok(lines.offsetAt(p) <= text.length, `${what}: past the end`);
  }
  assert.ok(lines.offsetAt(r.start) <= lines.offsetAt(r.end), `${what}: start after end`);
}

function timed(analyzer: Analyzer, text: string, path: string): AnalysisResult {
  const started = performance.now();
  const result = analyzer.analyze({ text, path });
  const ms = performance.now() - started;
  assert.ok(ms < MAX_ANALYSIS_MS, `analysis took ${Math.round(ms)} ms`);
  return result;
}

/** No exception, bounded time, every range inside the document, the same answer twice (cached and fresh). */
export function checkAnalysis(text: string, path: string): AnalysisResult {
  const cached = new Analyzer();
  const first = timed(cached, text, path);
  assert.deepEqual(timed(cached, text, path), first, 'cached result differs');
  assert.deepEqual(timed(new Analyzer(), text, path), first, 'fresh result differs');
  const lines = new LineIndex(text);
  for (const f of [...first.findings, ...(first.suppressed ?? [])]) {
    within(lines, text, f.range, `${f.ruleId} range`);
    assert.ok(0 <= f.offset.start && f.offset.start <= f.offset.end && f.offset.end <= text.length, `${f.ruleId} offsets`);
    for (const fix of f.fixes) for (const e of fix.edits) within(lines, text, e.range, `${f.ruleId} fix "${fix.title}"`);
  }
  return first;
}

function spans(text: string, edits: readonly TextEdit[]): [number, number][] {
  const lines = new LineIndex(text);
  return edits.map((e) => [lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)] as [number, number]).sort((a, b) => a[0] - b[0]);
}

function yamlErrorCount(text: string): number {
  return parseAllDocuments(text).reduce((n, d) => n + ('errors' in d ? d.errors.length : 1), 0);
}

const countBy = (fs: Finding[]) => fs.reduce((m, f) => m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1), new Map<string, number>());

/**
 * Every fix of every finding: edits do not overlap, the result parses when the input did, the finding is
 * gone, no other rule gains a finding (unless the fix's title announces a follow-up), and bytes outside the
 * edited span are unchanged.
 */
export function checkFixes(text: string, path: string, result: AnalysisResult): number {
  let checked = 0;
  const isYaml = !/Dockerfile|Containerfile/i.test(path);
  const beforeErrors = isYaml ? yamlErrorCount(text) : 0;
  const before = countBy(result.findings);
  for (const f of result.findings) {
    for (const fix of f.fixes) {
      if (!fix.edits.length) continue;
      const s = spans(text, fix.edits);
      for (let i = 1; i < s.length; i++) assert.ok(s[i - 1][1] <= s[i][0], `${f.ruleId} "${fix.title}": overlapping edits`);
      const fixed = applyEdits(text, fix.edits);
      assert.equal(fixed.slice(0, s[0][0]), text.slice(0, s[0][0]), 'bytes before the edit changed');
      const tail = text.length - s[s.length - 1][1];
      assert.equal(fixed.slice(fixed.length - tail), text.slice(text.length - tail), 'bytes after the edit changed');
      // A file that parsed must still parse. On input that is already broken, a fix may shift where the parser
      // trips (a control character before a removed comment adds one error): only the clean case is a promise.
      if (isYaml && beforeErrors === 0) assert.equal(yamlErrorCount(fixed), 0, `${f.ruleId} "${fix.title}": the fixed text no longer parses`);
      const after = new Analyzer().analyze({ text: fixed, path }).findings;
      const same = after.filter((g) => g.ruleId === f.ruleId && g.message === f.message);
      const sameBefore = result.findings.filter((g) => g.ruleId === f.ruleId && g.message === f.message);
      assert.ok(same.length < sameBefore.length, `${f.ruleId} "${fix.title}": the finding is still there`);
      for (const [rule, n] of countBy(after)) {
        if (rule === f.ruleId || fix.reveals?.includes(rule)) continue;
        assert.ok(n <= (before.get(rule) ?? 0), `${f.ruleId} "${fix.title}": new ${rule} finding appeared`);
      }
      checked++;
    }
  }
  return checked;
}
