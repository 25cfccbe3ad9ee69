// Every fix of every finding on the real-world Dockerfiles round-trips: the fixed file parses, the finding is gone,
// no finding appears that was not there before, and the lines around the edit are untouched.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { parseDockerfile } from '../../server/src/engine/dockerfile/parse';
import { applyEdits } from '../../server/src/engine/fix';
import { suppressActions } from '../../server/src/engine/suppress/insert';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { TODAY } from '../helpers/docker';
import { DOCKER_CORPUS, filesUnder } from '../helpers/paths';

function lines(text: string): LineIndex {
  return new LineIndex(text);
}

function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

describe('real Dockerfiles: every fix round-trips', () => {
  const analyzer = new Analyzer();
  const analyze = (text: string) => analyzer.analyze({ text, path: 'Dockerfile', languageId: 'dockerfile', settings: { today: TODAY } });
  const files = filesUnder(DOCKER_CORPUS);

  it('the corpus is there', () => {
    assert.ok(files.length > 900, `${files.length} files under ${DOCKER_CORPUS}`);
  });

  it('fixes remove their finding and nothing else', () => {
    let checked = 0;
    let suppressions = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const before = analyze(text).findings;
      assert.ok(!before.some((f) => f.ruleId.startsWith('kubeward/')), `${file}: ${before.find((f) => f.ruleId.startsWith('kubeward/'))?.message}`);
      const beforeCounts = countByRule(before);
      const stages = parseDockerfile(text).stages.length;
      for (const finding of before) {
        // The suppression comment is checked on the first finding of each file: it is the same insertion everywhere.
        const suppress = finding === before[0] ? suppressActions(text, 'dockerfile', finding).map((a) => ({ title: a.title, edits: a.edits.map((e) => ({ range: lines(text).rangeOf(e.start, e.end), newText: e.newText })) })) : [];
        for (const fix of [...finding.fixes, ...suppress]) {
          const suppression = suppress.includes(fix as (typeof suppress)[number]);
          if (suppression) suppressions++;
          const fixed = applyEdits(text, fix.edits);
          const where = `${file}: ${finding.ruleId} "${fix.title}"`;
          assert.equal(parseDockerfile(fixed).stages.length, stages, `${where}: stages changed`);
          const after = countByRule(analyze(fixed).findings);
          for (const [rule, n] of after) assert.ok(n <= (beforeCounts.get(rule) ?? 0), `${where}: new ${rule} finding`);
          assert.equal(after.get(finding.ruleId) ?? 0, (beforeCounts.get(finding.ruleId) ?? 0) - 1, `${where}: finding not gone`);
          // Lines before the first and after the last edited line are unchanged.
          const first = Math.min(...fix.edits.map((e) => e.range.start.line));
          const lastFromEnd = text.split('\n').length - Math.max(...fix.edits.map((e) => e.range.end.line));
          const a = text.split('\n');
          const b = fixed.split('\n');
          assert.deepEqual(b.slice(0, first), a.slice(0, first), `${where}: lines above changed`);
          assert.deepEqual(b.slice(b.length - lastFromEnd + 1), a.slice(a.length - lastFromEnd + 1), `${where}: lines below changed`);
          checked++;
        }
      }
    }
    assert.ok(checked > 500, `${checked} fixes checked`);
    assert.ok(suppressions > 800, `${suppressions} suppressions checked`);
  });
});
