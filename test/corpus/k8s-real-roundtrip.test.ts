import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { isKustomizationFileName } from '../../server/src/engine/kustomize';
import { Analyzer, PARSE_ERROR_RULE } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fix';
import { manifestObjects } from '../../server/src/engine/k8s/objects';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding, Fix } from '../../server/src/engine/types';
import { parseYamlDocuments } from '../../server/src/engine/yaml/documents';
import { filesUnder, REAL_CORPUS } from '../helpers/paths';

// Every fix offered on the real-world manifests is applied on its own and the file is analysed again. One shared
// Analyzer caches per document, so re-analysing a large bundle after a one-line fix re-checks only that document.

const MANIFEST = /\.(?:ya?ml|json)$/i;

const manifestsUnder = (dir: string) => filesUnder(dir).filter((p) => MANIFEST.test(p));

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
}

/** Problems with one applied fix, or [] when it round-trips. */
function checkFix(analyzer: Analyzer, path: string, text: string, before: Finding[], finding: Finding, fix: Fix): string[] {
  const lines = new LineIndex(text);
  const spans = fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => a.start - b.start);
  const problems: string[] = [];
  if (!spans.length) return [`"${fix.title}" has no edits`];
  for (let i = 1; i < spans.length; i++) if (spans[i].start < spans[i - 1].end) problems.push(`"${fix.title}" has overlapping edits`);
  const after = applyEdits(text, fix.edits);
  // Bytes outside the edits: each untouched segment of the original appears, in order, where it should.
  let cursor = 0;
  let shift = 0;
  for (const s of [...spans, { start: text.length, end: text.length, newText: '' }]) {
    if (after.slice(cursor + shift, s.start + shift) !== text.slice(cursor, s.start)) problems.push(`"${fix.title}" changed bytes outside its edits near offset ${cursor}`);
    shift += s.newText.length - (s.end - s.start);
    cursor = s.end;
  }
  if (path.endsWith('.json')) {
    try {
      JSON.parse(after);
    } catch (e) {
      problems.push(`"${fix.title}" broke the JSON: ${String(e)}`);
    }
  }
  const now = analyzer.analyze({ text: after, path }).findings;
  const parseErrors = (fs: Finding[]) => fs.filter((f) => f.ruleId === PARSE_ERROR_RULE).length;
  if (parseErrors(now) > parseErrors(before)) problems.push(`"${fix.title}" left text that does not parse`);
  const key = (f: Finding) => `${f.ruleId}\u0000${f.message}`;
  if ((countBy(now, key).get(key(finding)) ?? 0) >= (countBy(before, key).get(key(finding)) ?? 0)) problems.push(`"${fix.title}" did not remove: ${finding.message}`);
  const beforeByRule = countBy(before, (f) => f.ruleId);
  for (const [rule, n] of countBy(now, (f) => f.ruleId)) {
    // A fix may declare what it reveals (removing an emptied securityContext shows k8s/missing-security-context).
    if (fix.reveals?.includes(rule)) continue;
    if (n > (beforeByRule.get(rule) ?? 0)) problems.push(`"${fix.title}" made ${rule} report ${n - (beforeByRule.get(rule) ?? 0)} new finding(s)`);
  }
  return problems;
}

describe('real corpus: Kubernetes manifests', () => {
  it('every fix round-trips: parses, removes its finding, adds none, keeps other bytes', () => {
    const analyzer = new Analyzer();
    const files = manifestsUnder(join(REAL_CORPUS, 'k8s'));
    const problems: string[] = [];
    let findingCount = 0;
    let fixCount = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const before = analyzer.analyze({ text, path: file }).findings;
      findingCount += before.length;
      for (const finding of before) {
        for (const fix of finding.fixes) {
          fixCount++;
          for (const p of checkFix(analyzer, file, text, before, finding, fix)) problems.push(`${relative(REAL_CORPUS, file)}:${finding.range.start.line + 1} ${finding.ruleId}: ${p}`);
        }
      }
    }
    // Reported so the figures show in the test log.
    console.log(`# real k8s corpus: ${files.length} files, ${findingCount} findings, ${fixCount} fixes round-tripped`);
    assert.ok(files.length > 1000, 'the corpus is present');
    assert.ok(fixCount > 1000, 'fixes were exercised');
    assert.deepEqual(problems.slice(0, 20), []);
  });
});

describe('real corpus: YAML that is not Kubernetes', () => {
  it('no crash anywhere, and no finding on a document without apiVersion and kind', () => {
    const analyzer = new Analyzer();
    const problems: string[] = [];
    let documents = 0;
    for (const file of manifestsUnder(REAL_CORPUS)) {
      const text = readFileSync(file, 'utf8');
      const result = analyzer.analyze({ text, path: file });
      // Go templates are not YAML documents: their literal settings are checked in test/helm/corpus.test.ts.
      if (result.skipped?.reason === 'helm-template') continue;
      // Kustomization files are judged on their own terms (images: entries, remote bases): test/kustomize.
      if (isKustomizationFileName(file)) continue;
      const docs = parseYamlDocuments(text);
      const kubernetes = new Set(docs.filter((d) => d.doc.errors.length === 0 && manifestObjects(d).length > 0).map((d) => d.index));
      documents += docs.length - kubernetes.size;
      for (const f of result.findings) {
        if (f.ruleId === PARSE_ERROR_RULE || kubernetes.has(f.docIndex)) continue;
        problems.push(`${relative(REAL_CORPUS, file)}:${f.range.start.line + 1} ${f.ruleId}: ${f.message}`);
      }
    }
    console.log(`# real corpus: ${documents} non-Kubernetes YAML documents checked`);
    assert.ok(documents > 100);
    assert.deepEqual(problems.slice(0, 20), []);
  });
});
