import { isAlias, isMap, isScalar, type Document, type Node } from 'yaml';

/**
 * Reads a value the way Kubernetes would see it after YAML loading: aliases resolve to their anchored node and
 * `<<: *base` merge keys contribute their keys. For detection only: fixes must edit the node that is written
 * where the finding is, never an anchor shared with other objects.
 */
export function lookup(doc: Document, node: unknown, ...path: string[]): Node | null | undefined {
  let cur: unknown = node;
  for (const key of path) {
    cur = deref(doc, cur);
    if (!isMap(cur)) return undefined;
    cur = own(doc, cur, key, 0);
  }
  return deref(doc, cur) as Node | null | undefined;
}

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function own(doc: Document, map: unknown, key: string, depth: number): unknown {
  if (!isMap(map) || depth > 8) return undefined;
  const direct = map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
  if (direct) return direct.value;
  // Merge keys: `<<: *a` or `<<: [*a, *b]`, earlier sources win.
  for (const p of map.items) {
    if (!isScalar(p.key) || p.key.value !== '<<') continue;
    const value = deref(doc, p.value);
    const sources = isMap(value) ? [value] : ((value as { items?: unknown[] } | null)?.items ?? []).map((s) => deref(doc, s));
    for (const source of sources) {
      const found = own(doc, source, key, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The scalar value at `path`, after aliases and merge keys. */
export function lookupScalar(doc: Document, node: unknown, ...path: string[]): unknown {
  const v = lookup(doc, node, ...path);
  return isScalar(v) ? v.value : undefined;
}

/**
 * Whether a fix may write along `path` under `node`: no alias on the way (its anchor is shared) and no map with a
 * merge key (a key added there would shadow the merged one and drop its other fields).
 */
export function editableAlong(node: unknown, ...path: string[]): boolean {
  let cur: unknown = node;
  for (let i = 0; ; i++) {
    if (isAlias(cur)) return false;
    if (cur == null || (isScalar(cur) && cur.value === null)) return true;
    if (!isMap(cur) || cur.items.some((p) => isScalar(p.key) && p.key.value === '<<')) return false;
    if (i === path.length) return true;
    cur = cur.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === path[i])?.value;
  }
}
