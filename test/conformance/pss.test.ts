import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { ALL_RULES } from '../../rules';
import { Analyzer } from '../../server/src/engine/analyze';
import { PSS_CHECKS } from '../../server/src/engine/pss';
import type { Finding, PssLevel } from '../../server/src/engine/types';
import { PSS_CORPUS } from '../helpers/paths';

// Pod Security Standards conformance over upstream's own fixtures (../shared/corpus/pss, see its SOURCES.md), read in
// place. For each level and policy version: a pass pod yields no finding under that profile and version, a fail pod
// yields at least one, and one of them comes from the rule of the check the file is named after (or the restricted
// check that overrides it). The same pod spec wrapped in a Deployment's template must get the same answer.

interface Fixture {
  level: PssLevel;
  version: string;
  expect: 'pass' | 'fail';
  path: string;
  /** Upstream check id the file is named after; undefined for the minimal `base*` pods. */
  check?: string;
  /** Every check that denies the pod at this level and version (INDEX.tsv `fires`, an independent re-implementation). */
  fires: string[];
}

const INDEX: Fixture[] = readFileSync(join(PSS_CORPUS, 'INDEX.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [level, version, expect, , path, checkId, fires] = line.split('\t');
    return { level: level as PssLevel, version, expect: expect as 'pass' | 'fail', path, check: checkId === '-' ? undefined : checkId, fires: fires === '-' ? [] : fires.split(',') };
  });

const RULE_OF_CHECK = new Map(ALL_RULES.filter((r) => r.meta.pss).map((r) => [r.meta.pss!.check, r.meta.id]));

/** The check whose finding a fail file must produce: its own, or the restricted check that replaces it at that version. */
function expectedCheck(f: Fixture): string {
  const info = PSS_CHECKS[f.check!];
  const replacement = info.overriddenBy;
  if (f.level === 'restricted' && replacement && Number(f.version.slice(3)) >= PSS_CHECKS[replacement].since) return replacement;
  return f.check!;
}

/** The fixture's pod as a Deployment: the pod's metadata (annotations included) and spec become the template. */
function asDeployment(podText: string): string {
  const pod = parse(podText) as { metadata: { name: string; annotations?: Record<string, string> }; spec: unknown };
  const labels = { app: pod.metadata.name };
  return stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: pod.metadata.name },
    spec: { selector: { matchLabels: labels }, template: { metadata: { ...pod.metadata, labels }, spec: pod.spec } },
  });
}

const analyzer = new Analyzer();
function run(text: string, f: Fixture): Finding[] {
  return analyzer.analyze({ text, path: f.path, settings: { profile: `pss-${f.level}`, pssVersion: f.version } }).findings;
}

/** Why a fixture disagrees with upstream, or undefined when it agrees. */
function deviation(findings: Finding[], f: Fixture): string | undefined {
  if (f.expect === 'pass') return findings.length ? `unexpected ${findings.map((x) => `${x.ruleId} (${x.message})`).join('; ')}` : undefined;
  if (!findings.length) return 'no finding';
  const want = RULE_OF_CHECK.get(expectedCheck(f));
  if (!findings.some((x) => x.ruleId === want)) return `expected ${want}, got ${findings.map((x) => x.ruleId).join(', ')}`;
  return undefined;
}

/** Stricter than upstream's own test: exactly the checks INDEX.tsv says deny the pod, no more, no fewer. */
function firedChecks(findings: Finding[]): string[] {
  const checkOf = new Map([...RULE_OF_CHECK].map(([check, id]) => [id, check]));
  return [...new Set(findings.map((x) => checkOf.get(x.ruleId) ?? x.ruleId))].sort();
}

describe('PSS conformance (upstream pod-security-admission fixtures)', () => {
  it('every upstream check has exactly one rule', () => {
    assert.deepEqual([...RULE_OF_CHECK.keys()].sort(), Object.keys(PSS_CHECKS).sort());
    assert.equal(ALL_RULES.filter((r) => r.meta.pss).length, Object.keys(PSS_CHECKS).length);
  });

  it('the corpus is the one SOURCES.md describes', () => {
    assert.equal(INDEX.length, 4537);
    assert.equal(INDEX.filter((f) => f.expect === 'pass').length, 1051);
  });

  for (const level of ['baseline', 'restricted'] as const) {
    for (const shape of ['Pod', 'Deployment'] as const) {
      it(`${level}: every version, as ${shape}`, () => {
        const fixtures = INDEX.filter((f) => f.level === level);
        const wrong: string[] = [];
        const extra: string[] = [];
        const agree = { pass: 0, fail: 0 };
        for (const f of fixtures) {
          const pod = readFileSync(join(PSS_CORPUS, f.path), 'utf8');
          const findings = run(shape === 'Pod' ? pod : asDeployment(pod), f);
          const why = deviation(findings, f);
          if (why) wrong.push(`${f.path}: ${why}`);
          else agree[f.expect]++;
          const fired = firedChecks(findings);
          if (fired.join() !== [...f.fires].sort().join()) extra.push(`${f.path}: fired ${fired.join() || '-'}, INDEX says ${f.fires.join() || '-'}`);
        }
        const total = { pass: fixtures.filter((f) => f.expect === 'pass').length, fail: fixtures.filter((f) => f.expect === 'fail').length };
        const pct = ((100 * (agree.pass + agree.fail)) / fixtures.length).toFixed(2);
        console.log(`PSS ${level} as ${shape}: pass ${agree.pass}/${total.pass}, fail ${agree.fail}/${total.fail}, agreement ${pct}%`);
        assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} deviations`);
        assert.deepEqual(extra.slice(0, 20), [], `${extra.length} fixtures fire other checks than INDEX.tsv lists`);
      });
    }
  }
});
