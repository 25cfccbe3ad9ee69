import { excludedBy, globToRegExp } from '../config/glob';
import { containersOf, podSpecOf } from '../k8s/pod-spec';
import { manifestObjects } from '../k8s/objects';
import type { ConfigIgnore, Finding } from '../types';
import type { YamlDocument } from '../yaml/documents';

/** What a finding sits in: its object and, inside a pod spec, its container. Offsets are the file's. */
interface Placement {
  start: number;
  end: number;
  kind: string;
  name?: string;
  namespace: string;
  containers: { name?: string; start: number; end: number }[];
}

/** True when the entry names `ruleId` (or every rule, `*`). */
export function ignoresRule(entry: ConfigIgnore, ruleId: string): boolean {
  return entry.rules.includes('*') || entry.rules.includes(ruleId);
}

/**
 * Matches findings against config `ignore` entries. Objects are located only when an entry asks about them (kind,
 * name, namespace, container), and then once per document, so a config without such entries costs nothing.
 */
export function configIgnoreMatcher(ignores: readonly ConfigIgnore[], path: string, docs: readonly YamlDocument[]): (f: Finding) => ConfigIgnore | undefined {
  const forFile = ignores.filter((i) => !i.paths || excludedBy(path, i.paths));
  if (!forFile.length) return () => undefined;
  const placements = new Map<number, Placement[]>();
  const placementsOf = (docIndex: number) => {
    let found = placements.get(docIndex);
    if (!found) placements.set(docIndex, (found = placeObjects(docs.find((d) => d.index === docIndex))));
    return found;
  };
  return (f) =>
    forFile.find((entry) => {
      if (!ignoresRule(entry, f.ruleId)) return false;
      if (!entry.kinds && !entry.names && !entry.namespaces && !entry.containers) return true;
      const object = placementsOf(f.docIndex).find((o) => f.offset.start >= o.start && f.offset.start < o.end);
      if (!object) return false;
      if (entry.kinds && !entry.kinds.includes(object.kind)) return false;
      if (entry.names && !matchesAny(object.name, entry.names)) return false;
      if (entry.namespaces && !matchesAny(object.namespace, entry.namespaces)) return false;
      if (entry.containers) {
        const container = object.containers.find((c) => f.offset.start >= c.start && f.offset.start < c.end);
        if (!matchesAny(container?.name, entry.containers)) return false;
      }
      return true;
    });
}

function matchesAny(value: string | undefined, patterns: readonly string[]): boolean {
  return value !== undefined && patterns.some((p) => globToRegExp(p).test(value));
}

function placeObjects(source: YamlDocument | undefined): Placement[] {
  if (!source || source.doc.errors.length) return [];
  const base = source.base;
  return manifestObjects(source).flatMap((object) => {
    const range = object.node.range;
    if (!range) return [];
    const pod = podSpecOf(object);
    const containers = pod
      ? containersOf(pod).flatMap((c) => (c.node.range ? [{ name: c.name, start: base + c.node.range[0], end: base + c.node.range[1] }] : []))
      : [];
    // An object without a namespace lands in the namespace it is applied to; `default` is what kubectl picks.
    return [{ start: base + range[0], end: base + range[1], kind: object.kind, name: object.name, namespace: object.namespace ?? 'default', containers }];
  });
}
