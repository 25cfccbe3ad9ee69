import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (tests run from out/test/…). */
export const REPO_ROOT = resolve(__dirname, '../../..');
/** `../shared` next to the project root: PSS conformance fixtures, the real-world corpus, research notes. */
export const SHARED = resolve(REPO_ROOT, '..', 'shared');
export const PSS_CORPUS = resolve(SHARED, 'corpus', 'pss');
export const REAL_CORPUS = resolve(SHARED, 'corpus', 'real');
export const DOCKER_CORPUS = resolve(REAL_CORPUS, 'docker');

/** Every file under `dir`, at any depth, sorted by path. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    })
    .sort();
}
