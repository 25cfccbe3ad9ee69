// Finding the same place in two versions of an object: the node a finding points at in one document (a build's
// output, a patch merged with defaults) is described by its path of keys and list items, then looked up in another
// document (the base file, the patch). List items with a `name` are matched by name (as strategic merge does), so
// reordered or inserted containers still match.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { spanOf, stringOf } from '../yaml/nodes';

export type PathSegment = string | { index: number } | { name: string };

export interface NodeLocation {
  path: PathSegment[];
  /** What the finding's range covers at the end of the path: the whole pair (key and value), the key, or the value. */
  part: 'pair' | 'key' | 'value';
  /** For a range inside a scalar value: the text it covers (`latest` in `nginx:latest`). */
  inner?: string;
}

/** Trims trailing white space from a range, as findings are (a block collection's range runs past its last line). */
function trimmed(text: string, start: number, end: number): [number, number] {
  while (end > start + 1 && /\s/.test(text[end - 1])) end--;
  return [start, end];
}

function rangeOf(text: string, node: Node | Pair | null | undefined): [number, number] | undefined {
  const span = node ? spanOf(node) : undefined;
  return span && trimmed(text, span[0], span[1]);
}

function segmentOf(item: unknown, index: number): PathSegment {
  const name = isMap(item) ? stringOf(item, 'name') : undefined;
  return name !== undefined ? { name } : { index };
}

/** Where the range [start, end) (document offsets, trimmed) sits in `root`; undefined when outside any node. */
export function locate(text: string, root: Node | null | undefined, start: number, end: number): NodeLocation | undefined {
  const path: PathSegment[] = [];
  let node: unknown = root;
  for (let depth = 0; depth < 64 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const r = rangeOf(text, p as Pair);
        return r && r[0] <= start && end <= r[1];
      }) as Pair<Node, Node | null> | undefined;
      if (!pair) return undefined;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) return undefined;
      path.push(key);
      const r = rangeOf(text, pair)!;
      if (r[0] === start && r[1] === end) return { path, part: 'pair' };
      const kr = rangeOf(text, pair.key);
      if (kr && kr[0] === start && kr[1] === end) return { path, part: 'key' };
      node = pair.value;
      continue;
    }
    if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const r = rangeOf(text, item as Node);
        return r && r[0] <= start && end <= r[1];
      });
      if (index < 0) return undefined;
      path.push(segmentOf(node.items[index], index));
      node = node.items[index];
      const r = rangeOf(text, node as Node);
      if (r && r[0] === start && r[1] === end) return { path, part: 'value' };
      continue;
    }
    if (isScalar(node)) {
      const r = rangeOf(text, node);
      if (!r) return undefined;
      if (r[0] === start && r[1] === end) return { path, part: 'value' };
      return { path, part: 'value', inner: text.slice(start, end) };
    }
    return undefined;
  }
  return undefined;
}

/** The value node at `path`, or undefined when the document does not have it. */
export function nodeAt(root: Node | null | undefined, path: readonly PathSegment[]): { node: Node | null; pair?: Pair<Node, Node | null> } | undefined {
  let node: unknown = root;
  let pair: Pair<Node, Node | null> | undefined;
  for (const seg of path) {
    pair = undefined;
    if (typeof seg === 'string') {
      if (!isMap(node)) return undefined;
      pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg) as Pair<Node, Node | null> | undefined;
      if (!pair) return undefined;
      node = pair.value;
    } else if ('name' in seg) {
      if (!isSeq(node)) return undefined;
      node = node.items.find((item) => isMap(item) && stringOf(item, 'name') === seg.name);
      if (node === undefined) return undefined;
    } else {
      if (!isSeq(node) || seg.index >= node.items.length) return undefined;
      node = node.items[seg.index];
    }
  }
  return { node: (node ?? null) as Node | null, pair };
}

/** The range in `text` of what `loc` names in `root` (same path and part), or undefined when it is not there. */
export function rangeAt(text: string, root: Node | null | undefined, loc: NodeLocation): [number, number] | undefined {
  const found = nodeAt(root, loc.path);
  if (!found) return undefined;
  let r: [number, number] | undefined;
  if (loc.part === 'pair') r = rangeOf(text, found.pair);
  else if (loc.part === 'key') r = rangeOf(text, found.pair?.key as Node | undefined);
  else r = rangeOf(text, found.node);
  if (!r || loc.inner === undefined) return r;
  // The same words inside the scalar (quotes and escapes may differ between the two documents).
  const at = text.slice(r[0], r[1]).lastIndexOf(loc.inner);
  return at < 0 ? r : [r[0] + at, r[0] + at + loc.inner.length];
}

/** The plain value at `path` (for comparing what two documents say there). */
export function valueAt(root: Node | null | undefined, path: readonly PathSegment[]): unknown {
  const found = nodeAt(root, path);
  if (!found) return undefined;
  const n = found.node as { toJSON?: () => unknown } | null;
  return n && typeof n.toJSON === 'function' ? n.toJSON() : n;
}

/** True when the last segment is a list item's `name`: the key strategic merge matches on, not a value a patch sets. */
export function isMergeKey(path: readonly PathSegment[]): boolean {
  const last = path[path.length - 1];
  const before = path[path.length - 2];
  return last === 'name' && typeof before === 'object';
}

export function samePath(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  return a.length === b.length && a.every((s, i) => JSON.stringify(s) === JSON.stringify(b[i]));
}

export function isPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => JSON.stringify(s) === JSON.stringify(path[i]));
}
