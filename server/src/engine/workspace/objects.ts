import { isMap, isSeq } from 'yaml';
import { isGoTemplate } from '../helm';
import { manifestObjects, metadataOf } from '../k8s/objects';
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

/** Summaries of the Kubernetes objects in one file; templates and non-YAML files yield none. */
export function summarizeObjects(text: string, path: string, kind: FileKind, inHelmChart = false): ObjectSummary[] {
  if (kind !== 'yaml' && kind !== 'json') return [];
  if (isGoTemplate(text, inHelmChart)) return [];
  const out: ObjectSummary[] = [];
  const lines = new LineIndex(text);
  const place = ([start, end]: [number, number]): Anchor => {
    // Block nodes end after their line break; underline the text only.
    while (end > start && /\s/.test(text[end - 1])) end--;
    return { offset: { start, end }, range: lines.rangeOf(start, end) };
  };
  for (const source of parseYamlDocuments(text)) {
    if (source.doc.errors.length) continue;
    for (const object of manifestObjects(source)) {
      const shift = (s: [number, number] | undefined): Anchor | undefined => (s ? place([source.base + s[0], source.base + s[1]]) : undefined);
      const metadata = metadataOf(object);
      const nsPair = pairOf(metadata, 'namespace');
      const kindPair = pairOf(object.node, 'kind');
      const anchor = shift((nsPair && spanOf(nsPair)) || (kindPair && spanOf(kindPair)) || spanOf(object.node)) ?? place([source.base, source.base]);
      const subjects: BindingSubject[] = [];
      const seq = valueOf(object.node, 'subjects');
      if (isSeq(seq)) {
        for (const item of seq.items) {
          const kindOf = stringOf(item, 'kind');
          const name = stringOf(item, 'name');
          const at = isMap(item) ? shift(spanOf(item)) : undefined;
          if (kindOf && name && at) subjects.push({ kind: kindOf, name, namespace: stringOf(item, 'namespace'), at });
        }
      }
      out.push({
        path,
        kind: object.kind,
        apiVersion: object.apiVersion,
        name: object.name,
        namespace: object.namespace,
        isWorkload: isWorkloadKind(object.kind),
        anchor,
        subjects,
      });
    }
  }
  return out;
}
