import { isMap, isSeq } from 'yaml';
import { isGoTemplate } from '../helm';
import { manifestObjects, metadataOf, type ManifestObject } from '../k8s/objects';
import { isWorkloadKind } from '../k8s/pod-spec';
import { LineIndex } from '../text';
import type { FileKind, Range } from '../types';
import { parseYamlDocuments } from '../yaml/documents';
import { pairOf, spanOf, stringOf, valueOf } from '../yaml/nodes';

/** A place in a file: offsets and the matching range. */
export interface Anchor {
  offset: { start: number; end: number };
  range: Range;
}

/** A `subjects` entry of a RoleBinding or ClusterRoleBinding. */
export interface BindingSubject {
  kind: string;
  name: string;
  namespace?: string;
  at: Anchor;
}

/**
 * What workspace-level rules need to know about one Kubernetes object, detached from the YAML tree so the
 * summaries of thousands of files stay small and can be cached by content hash.
 */
export interface ObjectSummary {
  path: string;
  kind: string;
  apiVersion: string;
  name?: string;
  namespace?: string;
  isWorkload: boolean;
  /** Where to point at the object: its `metadata.namespace` pair when set, else its `kind` pair (file offsets). */
  anchor: Anchor;
  subjects: BindingSubject[];
}

/** An object's summary within its YAML document: offsets relative to the document, no path or line/column yet. */
export interface DocObjectSummary {
  kind: string;
  apiVersion: string;
  name?: string;
  namespace?: string;
  isWorkload: boolean;
  anchor: [number, number];
  subjects: { kind: string; name: string; namespace?: string; at: [number, number] }[];
}

/** The summary of one object of a parsed document (the analyzer makes these while it checks the document). */
export function summarizeObject(object: ManifestObject): DocObjectSummary {
  const text = object.source.text;
  const trimmed = ([start, end]: [number, number]): [number, number] => {
    // Block nodes end after their line break; underline the text only.
    while (end > start && /\s/.test(text[end - 1])) end--;
    return [start, end];
  };
  const metadata = metadataOf(object);
  const nsPair = pairOf(metadata, 'namespace');
  const kindPair = pairOf(object.node, 'kind');
  const span = (nsPair && spanOf(nsPair)) || (kindPair && spanOf(kindPair)) || spanOf(object.node);
  const subjects: DocObjectSummary['subjects'] = [];
  const seq = valueOf(object.node, 'subjects');
  if (isSeq(seq)) {
    for (const item of seq.items) {
      const kindOf = stringOf(item, 'kind');
      const name = stringOf(item, 'name');
      const at = isMap(item) ? spanOf(item) : undefined;
      if (kindOf && name && at) subjects.push({ kind: kindOf, name, namespace: stringOf(item, 'namespace'), at: trimmed(at) });
    }
  }
  return {
    kind: object.kind,
    apiVersion: object.apiVersion,
    name: object.name,
    namespace: object.namespace,
    isWorkload: isWorkloadKind(object.kind),
    anchor: span ? trimmed(span) : [0, 0],
    subjects,
  };
}

/** Document summaries placed in their file: `path`, offsets shifted by the document's `base`, ranges computed. */
export function placeObjects(summaries: readonly DocObjectSummary[], path: string, base: number, lines: LineIndex): ObjectSummary[] {
  const place = ([start, end]: [number, number]): Anchor => ({ offset: { start: base + start, end: base + end }, range: lines.rangeOf(base + start, base + end) });
  return summaries.map((s) => ({
    path,
    kind: s.kind,
    apiVersion: s.apiVersion,
    name: s.name,
    namespace: s.namespace,
    isWorkload: s.isWorkload,
    anchor: place(s.anchor),
    subjects: s.subjects.map((b) => ({ kind: b.kind, name: b.name, namespace: b.namespace, at: place(b.at) })),
  }));
}

/** Summaries of the Kubernetes objects in one file; templates and non-YAML files yield none. */
export function summarizeObjects(text: string, path: string, kind: FileKind, inHelmChart = false): ObjectSummary[] {
  if (kind !== 'yaml' && kind !== 'json') return [];
  if (isGoTemplate(text, inHelmChart)) return [];
  const out: ObjectSummary[] = [];
  const lines = new LineIndex(text);
  for (const source of parseYamlDocuments(text)) {
    if (source.doc.errors.length) continue;
    out.push(...placeObjects(manifestObjects(source).map(summarizeObject), path, source.base, lines));
  }
  return out;
}
