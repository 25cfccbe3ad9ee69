// Values files applied over values.yaml (`helm -f values-production.yaml`): maps merge key by key, a later file wins,
// and `key: null` removes a key, as Helm coalesces them. The merged tree is built from the files' own nodes, so every
// value still knows the file and line that set it: a finding is reported in the file whose node caused it.
import { isMap, isScalar, Pair, visit, YAMLMap, type Node } from 'yaml';

export interface MergedValues {
  root: YAMLMap;
  /** Index of the values file a node of the merged tree was written in (undefined for merged maps). */
  layerOf(node: Node | null | undefined): number | undefined;
}

export function mergeValues(roots: readonly YAMLMap[]): MergedValues {
  const layer = new WeakMap<object, number>();
  roots.forEach((root, i) => {
    visit(root, (_key, node) => {
      if (node && typeof node === 'object') layer.set(node, i);
    });
    layer.set(root, i);
  });
  const root = roots.length === 1 ? roots[0] : roots.slice(1).reduce((merged, next) => merge(merged, next), roots[0]);
  return { root, layerOf: (node) => (node ? layer.get(node) : undefined) };
}

/** `over` coalesced onto `base`: new maps where both hold a map, the original pairs everywhere else. */
function merge(base: YAMLMap, over: YAMLMap): YAMLMap {
  const out = new YAMLMap();
  const index = new Map<unknown, number>();
  for (const pair of base.items) {
    index.set(keyOf(pair), out.items.length);
    out.items.push(pair);
  }
  for (const pair of over.items) {
    const key = keyOf(pair);
    const at = index.get(key);
    const value = pair.value as Node | null;
    if (at === undefined) {
      if (!isNull(value)) {
        index.set(key, out.items.length);
        out.items.push(pair);
      }
      continue;
    }
    const below = out.items[at];
    if (isNull(value)) out.items[at] = undefined as unknown as Pair; // removed; compacted below
    else if (isMap(below.value) && isMap(value)) {
      // The key stays the one written first: a setting missing from both is reported where the map was introduced.
      out.items[at] = new Pair(below.key, merge(below.value, value));
    } else out.items[at] = pair;
  }
  out.items = out.items.filter((p) => p !== undefined);
  return out;
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

function isNull(node: Node | null | undefined): boolean {
  return !node || (isScalar(node) && node.value === null);
}
