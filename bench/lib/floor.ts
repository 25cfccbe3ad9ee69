import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { median } from './report';

/** Runs `fn` a few times to warm up, then until `runs` samples or `budgetMs` elapsed; returns the median in ms. */
export function timeMedian(fn: () => unknown, runs = 30, budgetMs = 4000): number {
  for (let i = 0; i < 3; i++) fn();
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (samples.length < runs && (samples.length < 5 || performance.now() < deadline)) {
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
