// A chart's values tree (values.yaml parsed with the yaml library) and what the judges share: resolving a values path
// to its pair, Go-template truth, and the related template lines and wording of a finding.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { pairOf, spanOf } from '../yaml/nodes';
import type { RelatedTemplateLine } from './judge';
import type { ValueUse } from './uses';

/** A values path resolved in values.yaml: the pair whose key is its last segment, and the map it holds (if any). */
export interface Resolved {
  pair: Pair<Node, Node | null>;
  parent: YAMLMap;
  map?: YAMLMap;
}

export function valueAt(root: YAMLMap, path: readonly string[]): Node | null | undefined {
  let cur: Node | null | undefined = root;
  for (const key of path) cur = isMap(cur) ? pairOf(cur, key)?.value : undefined;
  return cur;
}

/** Go template truth: false, 0, nil and empty strings, maps and lists are false. */
export function truthy(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (isMap(node) || isSeq(node)) return node.items.length > 0;
  if (isScalar(node)) return node.value !== null && node.value !== false && node.value !== 0 && node.value !== '';
  return true;
}

export function resolve(root: YAMLMap, path: readonly string[]): Resolved | undefined {
  let parent: YAMLMap = root;
  for (let i = 0; i < path.length; i++) {
    const pair = pairOf(parent, path[i]);
    if (!pair) return undefined;
    if (i === path.length - 1) return { pair, parent, map: isMap(pair.value) ? pair.value : undefined };
    if (!isMap(pair.value)) return undefined;
    parent = pair.value;
  }
  return undefined;
}

export function groupByPath(uses: ValueUse[]): ValueUse[][] {
  const groups = new Map<string, ValueUse[]>();
  for (const u of uses) {
    const key = u.path.join('.');
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return [...groups.values()];
}

export function relatedLines(uses: ValueUse[], message: string): RelatedTemplateLine[] {
  const out: RelatedTemplateLine[] = [];
  const seen = new Set<string>();
  const add = (path: string, line: number, text: string, what: string) => {
    const key = `${path}\u0000${line}`;
    if (seen.has(key)) return;
    seen.add(key);
    const start = text.length - text.trimStart().length;
    out.push({ path, range: { start: { line, character: start }, end: { line, character: Math.max(start, text.trimEnd().length) } }, message: what });
  };
  for (const u of uses) {
    const [from, to] = u.columns;
    const key = `${u.template}\u0000${u.line}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ path: u.template, range: { start: { line: u.line, character: from }, end: { line: u.line, character: to } }, message });
    }
    for (const v of u.via) add(v.template, v.line, v.text, v.role === 'include' ? `the named template "${v.name}" is included here` : `"${v.name}" is defined here`);
  }
  return out;
}

export function describeUses(uses: ValueUse[]): string {
  const first = uses[0];
  const include = first.via.find((v) => v.role === 'include');
  const where = `${baseName(first.template)}:${first.line + 1}${include ? ` included at ${baseName(include.template)}:${include.line + 1}` : ''}`;
  return uses.length > 1 ? `used at ${where} and ${uses.length - 1} more` : `used at ${where}`;
}

export function baseName(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/templates/');
  return i >= 0 ? p.slice(i + 1) : p.slice(p.lastIndexOf('/') + 1);
}

export function nodeValue(node: Node | null | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

export function spanOfPair(pair: Pair): { start: number; end: number } {
  const [start, end] = spanOf(pair)!;
  return { start, end };
}

export function spanOfNode(node: Node): { start: number; end: number } {
  return { start: node.range![0], end: node.range![1] };
}
