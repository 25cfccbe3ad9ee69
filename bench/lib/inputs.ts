import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REAL_CORPUS } from '../../test/helpers/paths';

/** One benchmark text and the place where the edits are typed. */
export interface EditCase {
  label: string;
  /** Where it comes from, relative to the real corpus (or a note for derived files). */
  source: string;
  text: string;
  languageId: 'yaml' | 'dockerfile';
  uri: string;
  line: number;
  character: number;
}

// Real files of the sizes issue 10 asks for: a ~1,000-line multi-document app manifest and a ~10,000-line bundle,
// both with containers; the Dockerfile is the corpus's one of ~500 lines.
const K8S_1K = 'k8s/microservices-demo/release/kubernetes-manifests.yaml';
const K8S_10K = 'k8s/knative-serving/third_party/contour-latest/contour.yaml';
const DOCKERFILE_500 = 'docker/buildkit/Dockerfile';

export function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The largest YAML file under k8s/ (by bytes). */
export function largestK8sBundle(): string {
  let best = { size: 0, path: '' };
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) visit(p);
      else if (/\.ya?ml$/.test(name) && st.size > best.size) best = { size: st.size, path: p };
    }
  };
  visit(join(REAL_CORPUS, 'k8s'));
  return relative(REAL_CORPUS, best.path);
}

/**
 * Where "typing in the middle of a container spec" happens: the end of the `name:` value of the container
 * closest to the middle of the file (before a closing quote), so each typed letter keeps the YAML valid.
 */
export function containerEditPoint(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  const middle = lines.length / 2;
  let best: { line: number; character: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*(?:initContainers|containers):\s*$/.test(lines[i])) continue;
    const point = firstItemName(lines, i + 1);
    if (point && (!best || Math.abs(point.line - middle) < Math.abs(best.line - middle))) best = point;
  }
  if (!best) throw new Error('no container with a name: line in this text');
  return best;
}

// The `name:` key of the sequence item starting at or after line `from` (keys of an item sit two columns right
// of its dash), so environment variable names and ports further down are not mistaken for it.
function firstItemName(lines: string[], from: number): { line: number; character: number } | undefined {
  const dash = lines.slice(from).findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const first = /^(\s*)-\s/.exec(lines[from + dash] ?? '');
  if (dash < 0 || !first) return undefined;
  const keyColumn = first[1].length + 2;
  for (let j = from + dash; j < lines.length; j++) {
    const indent = /^\s*/.exec(lines[j])![0].length;
    if (j > from + dash && lines[j].trim() !== '' && indent <= first[1].length) return undefined;
    const m = /^(\s*(?:-\s+)?name:\s*)(\S.*?)\s*$/.exec(lines[j]);
    if (m && m[1].length - m[1].trimStart().length + (m[1].trimStart().startsWith('-') ? 2 : 0) === keyColumn) {
      const quoted = /^["']/.test(m[2]);
      return { line: j, character: m[1].length + m[2].length - (quoted ? 1 : 0) };
    }
  }
  return undefined;
}

/** The end of the instruction line closest to the middle that does not continue onto the next line. */
export function dockerfileEditPoint(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  for (let d = 0; d < lines.length; d++) {
    for (const i of [middle - d, middle + d]) {
      const l = (lines[i] ?? '').replace(/\r$/, '');
      if (/^\s*(?:RUN|ENV|ARG|LABEL|COPY|WORKDIR)\s/i.test(l) && !l.endsWith('\\')) return { line: i, character: l.length };
    }
  }
  throw new Error('no instruction line in this Dockerfile');
}

function yamlCase(label: string, source: string, text: string): EditCase {
  return { label, source, text, languageId: 'yaml', uri: pathToFileURL(`/bench/${label.replace(/\W+/g, '-')}.yaml`).href, ...containerEditPoint(text) };
}

export function k8sCases(): EditCase[] {
  const read = (p: string) => readFileSync(join(REAL_CORPUS, p), 'utf8');
  const largest = largestK8sBundle();
  return [
    yamlCase('(a) ~1,000-line manifest', K8S_1K, read(K8S_1K)),
    yamlCase('(b) ~10,000-line multi-document', K8S_10K, read(K8S_10K)),
    yamlCase('(c) largest bundle in k8s/', largest, read(largest)),
  ];
}

/** A multi-document file of about 6 MB written by the corpus's make-big.sh into `dir` (derived, never kept). */
export function derivedBigCase(dir: string): EditCase {
  const out = join(dir, 'big.yaml');
  execFileSync('bash', [join(REAL_CORPUS, 'make-big.sh'), out, '6'], { stdio: 'ignore' });
  return yamlCase('(c+) 6 MB derived (make-big.sh)', 'make-big.sh 6', readFileSync(out, 'utf8'));
}

export function dockerfileCase(): EditCase {
  const text = readFileSync(join(REAL_CORPUS, DOCKERFILE_500), 'utf8');
  return { label: '(d) ~500-line Dockerfile', source: DOCKERFILE_500, text, languageId: 'dockerfile', uri: pathToFileURL('/bench/Dockerfile').href, ...dockerfileEditPoint(text) };
}
