import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { median } from './report';

/**
 * The median of `runs` timings of `fn` in ms, after warming up: at least 20 calls and 500 ms, so V8 has compiled the
 * parser. Three warm-up calls were too few: on a 500-line Dockerfile the median then ranged over 4.5-6.9 ms from one
 * process to the next, where the warmed-up parse takes 3.7-3.9 ms; a floor that high flatters every ratio to it.
 */
export function timeMedian(fn: () => unknown, runs = 50, warmUpMs = 500): number {
  const warm = performance.now() + warmUpMs;
  for (let i = 0; i < 20 || performance.now() < warm; i++) fn();
  const samples: number[] = [];
  while (samples.length < runs) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/**
 * The parse floor of a text: what parsing it once costs with the parser kubeward itself uses, in this process.
 * No analysis of the whole text can be cheaper than this; per-document caching can make an edit cheaper.
 */
export function parseFloor(text: string, languageId: 'yaml' | 'dockerfile'): number {
  return languageId === 'dockerfile' ? timeMedian(() => DockerfileParser.parse(text)) : timeMedian(() => parseAllDocuments(text));
}
