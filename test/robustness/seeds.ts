import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileKindOf } from '../../server/src/engine/file-kind';
import { REAL_CORPUS, REPO_ROOT } from '../helpers/paths';

export interface Seed {
  /** Where it came from, for failure messages. */
  name: string;
  /** The path the analyzer sees (decides YAML / JSON / Dockerfile). */
  path: string;
  text: string;
}

const MAX_SEED_CHARS = 24_000;

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (fileKindOf(p) !== 'unknown') out.push(p);
  }
}

/** Every `step`-th analysable file under `dir`, at most `limit`, cut to a size that keeps each case fast. */
function sample(dir: string, step: number, limit: number): Seed[] {
  const files: string[] = [];
  walk(dir, files);
  return files
    .filter((_, i) => i % step === 0)
    .slice(0, limit)
    .map((p) => ({ name: relative(join(REPO_ROOT, '..'), p), path: p, text: readFileSync(p, 'utf8').slice(0, MAX_SEED_CHARS) }));
}

/** Inputs mutations start from: the project's examples and fixtures and a deterministic sample of the real corpus. */
export function loadSeeds(): Seed[] {
  return [
    ...sample(join(REPO_ROOT, 'examples'), 1, 50),
    ...sample(join(REPO_ROOT, 'test', 'fixtures'), 1, 200),
    ...sample(join(REAL_CORPUS, 'k8s'), 17, 80),
    ...sample(join(REAL_CORPUS, 'docker'), 13, 60),
    ...sample(join(REAL_CORPUS, 'helm'), 11, 30),
    ...sample(join(REAL_CORPUS, 'kustomize'), 9, 25),
  ];
}
