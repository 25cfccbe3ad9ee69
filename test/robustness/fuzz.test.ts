import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { REPO_ROOT } from '../helpers/paths';
import { mutationArb } from './mutations';
import { checkAnalysis, checkFixes } from './properties';
import { loadSeeds } from './seeds';

// CI runs a short budget; `npm run fuzz` sets FUZZ_RUNS=100000. A failing input is written to
// test/fixtures/fuzz-regressions/ so it can be committed and replayed by the regression test below.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const REGRESSIONS = join(REPO_ROOT, 'test', 'fixtures', 'fuzz-regressions');

const RUN_ID = Date.now().toString(36);

/** Each failure overwrites the run's file, so what stays is fast-check's last, shrunk counterexample. */
function saveFailure(path: string, text: string): void {
  mkdirSync(REGRESSIONS, { recursive: true });
  const ext = /Dockerfile|Containerfile/i.test(path) ? '.Dockerfile' : path.endsWith('.json') ? '.json' : '.yaml';
  const name = `case-${RUN_ID}${ext}`;
  writeFileSync(join(REGRESSIONS, name), text);
  process.stderr.write(`fuzz: failing input saved as test/fixtures/fuzz-regressions/${name}\n`);
}

describe('robustness: mutated manifests and Dockerfiles', () => {
  const seeds = loadSeeds();

  it(`${RUNS} mutated inputs: no exception, bounded time, ranges inside, deterministic, safe fixes`, () => {
    let fixes = 0;
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (i, mutations) => {
        const seed = seeds[i];
        const text = mutations.reduce((t, m) => m(t), seed.text);
        try {
          const result = checkAnalysis(text, seed.path);
          fixes += checkFixes(text, seed.path, result);
        } catch (err) {
          saveFailure(seed.path, text);
          throw new Error(`seed ${seed.name}: ${String(err)}`);
        }
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    process.stdout.write(`# fuzz: ${RUNS} cases over ${seeds.length} seeds, ${fixes} fixes checked\n`);
  });

  it('every unmutated seed satisfies the same properties, fixes included', () => {
    for (const seed of seeds) checkFixes(seed.text, seed.path, checkAnalysis(seed.text, seed.path));
  });

  it('replays every committed regression input', () => {
    for (const name of readdirSync(REGRESSIONS).sort()) {
      const path = join(REGRESSIONS, name);
      const text = readFileSync(path, 'utf8');
      checkFixes(text, path, checkAnalysis(text, path));
    }
  });
});
