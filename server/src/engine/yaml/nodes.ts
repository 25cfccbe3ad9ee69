import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

export type { Node, Pair, YAMLMap, YAMLSeq };
export { isMap, isPair, isScalar, isSeq };

/** The pair whose key is the plain string `key`, if the node is a map. */
export function pairOf(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    const k = item.key;
    if ((isScalar(k) ? k.value : k) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** The value node under `key`; aliases are followed only within the same document, never expanded. */
export function valueOf(map: unknown, key: string): Node | null | undefined {
  const v = pairOf(map, key)?.value;
  return isAlias(v) ? undefined : v;
}

export function mapAt(map: unknown, ...path: string[]): YAMLMap | undefined {
  let cur: unknown = map;
  for (const key of path) cur = valueOf(cur, key);
  return isMap(cur) ? cur : undefined;
}

export function seqAt(map: unknown, ...path: string[]): YAMLSeq | undefined {
  let cur: unknown = map;
  for (const key of path) cur = valueOf(cur, key);
  return isSeq(cur) ? cur : undefined;
}

/** The scalar value under `key` (string, number, boolean or null); undefined when absent or not a scalar. */
export function scalarOf(map: unknown, key: string): unknown {
  const v = valueOf(map, key);
  return isScalar(v) ? v.value : undefined;
}

export function stringOf(map: unknown, key: string): string | undefined {
  const v = scalarOf(map, key);
  return typeof v === 'string' ? v : undefined;
}

/** Node range [start, valueEnd] relative to its document; a pair spans its key and value. */
export function spanOf(node: Node | Pair): [number, number] | undefined {
  if (isPair(node)) {
    const k = node.key as Node | null;
    const v = node.value as Node | null;
    const start = k?.range?.[0] ?? v?.range?.[0];
    const end = v?.range && v.range[1] > v.range[0] ? v.range[1] : k?.range?.[1];
    return start === undefined || end === undefined ? undefined : [start, end];
  }
  return node.range ? [node.range[0], node.range[1]] : undefined;
}

/**
 * Where a scalar's value is written in `text` (the text its range is in), quotes left out; undefined when escapes or
 * folding make the value differ from what is written. A value that is not a string is taken as written (`1.10`).
 */
export function innerSpan(text: string, node: Scalar): { start: number; end: number } | undefined {
  if (!node.range) return undefined;
  const [from, to] = node.range;
  const written = text.slice(from, to);
  const value = typeof node.value === 'string' ? node.value : written;
  const at = written.indexOf(value);
  if (at < 0 || at > 1) return undefined;
  return { start: from + at, end: from + at + value.length };
}
