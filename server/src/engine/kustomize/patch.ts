// A strategic-merge patch judged on its own (no build): a partial Deployment must not be flagged for fields it leaves
// to its base. The patch is completed with hardened settings for everything it does not write (complement.json), the
// rules run on that, and a finding is kept only where the patch itself writes the value it is about.
import { stringify } from 'yaml';
import { CONTAINER_KINDS, POD_SPEC_PATHS } from '../k8s/pod-spec';
import { parseYamlDocuments, type YamlDocument } from '../yaml/documents';
import complement from './complement.json';
import { isMergeKey, locate, rangeAt, valueAt } from './yaml-path';

/** The part of a finding the patch judge needs (document offsets). */
export interface PatchFinding {
  ruleId: string;
  start: number;
  end: number;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `over` merged onto `under`: maps key by key, `over` wins on everything else. */
function mergeUnder(under: unknown, over: unknown): unknown {
  if (!isObject(under) || !isObject(over)) return over === undefined ? under : over;
  const out: Json = { ...under };
  for (const [k, v] of Object.entries(over)) out[k] = k in under ? mergeUnder(under[k], v) : v;
  return out;
}

/** The patch with the complement under it: pod-level settings, and container settings under each container it names. */
export function completedPatch(patch: unknown): unknown {
  if (!isObject(patch) || typeof patch.kind !== 'string') return patch;
  const podPath = POD_SPEC_PATHS[patch.kind];
  if (!podPath) return patch;
  const out = structuredClone(patch);
  let parent: Json = out;
  for (const key of podPath) {
    if (!isObject(parent[key])) parent[key] = {};
    parent = parent[key] as Json;
  }
  const pod = parent;
  const completedPod = mergeUnder(complement.pod, pod) as Json;
  for (const kind of CONTAINER_KINDS) {
    const list = completedPod[kind];
    if (Array.isArray(list)) completedPod[kind] = list.map((c) => (isObject(c) ? mergeUnder(complement.container, c) : c));
  }
  for (const k of Object.keys(pod)) delete pod[k];
  Object.assign(pod, completedPod);
  return out;
}

/**
 * Findings of a patch document: `check` runs the rules on a document, `source` is the patch as written. Returns the
 * findings of the completed patch that sit on a value the patch writes, placed on that value in `source`.
 */
export function judgePatchDocument<F extends PatchFinding>(source: YamlDocument, check: (doc: YamlDocument) => F[]): F[] {
  if (source.doc.errors.length) return [];
  const value = source.doc.toJS({ maxAliasCount: 100 }) as unknown;
  const text = stringify(completedPatch(value), { lineWidth: 0 });
  const completed = parseYamlDocuments(text)[0];
  if (!completed) return [];
  const out: F[] = [];
  for (const f of check(completed)) {
    const loc = locate(completed.text, completed.doc.contents, f.start, f.end);
    if (!loc || isMergeKey(loc.path)) continue;
    // Written by the patch: the same value there in the patch as in the completed patch (a map the complement
    // added to is not).
    if (JSON.stringify(valueAt(source.doc.contents, loc.path)) !== JSON.stringify(valueAt(completed.doc.contents, loc.path))) continue;
    const range = rangeAt(source.text, source.doc.contents, loc);
    if (range) out.push({ ...f, start: range[0], end: range[1] });
  }
  return out;
}
