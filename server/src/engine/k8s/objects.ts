import { isMap, type Document, type YAMLMap } from 'yaml';
import { mapAt, pairOf, seqAt, stringOf, valueOf } from '../yaml/nodes';
import type { YamlDocument } from '../yaml/documents';

/** A Kubernetes object found in a document: the document root, or one entry of a `List`'s `items`. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  node: YAMLMap;
  /** Path of `node` from the document root (empty for the root object). */
  path: (string | number)[];
  source: YamlDocument;
}

/** Objects in a parsed document; non-Kubernetes YAML (no string apiVersion and kind) yields none. */
export function manifestObjects(source: YamlDocument): ManifestObject[] {
  const root = (source.doc as Document).contents;
  const out: ManifestObject[] = [];
  const visit = (node: unknown, path: (string | number)[]) => {
    const obj = asObject(node, path, source);
    if (!obj) return;
    if (/List$/.test(obj.kind)) {
      const items = seqAt(obj.node, 'items');
      items?.items.forEach((item, i) => visit(item, [...path, 'items', i]));
      if (items) return;
    }
    out.push(obj);
  };
  visit(root, []);
  return out;
}

function asObject(node: unknown, path: (string | number)[], source: YamlDocument): ManifestObject | undefined {
  if (!isMap(node)) return undefined;
  const apiVersion = stringOf(node, 'apiVersion');
  const kind = stringOf(node, 'kind');
  if (!apiVersion || !kind) return undefined;
  const metadata = mapAt(node, 'metadata');
  return {
    apiVersion,
    kind,
    name: stringOf(metadata, 'name'),
    namespace: stringOf(metadata, 'namespace'),
    node,
    path,
    source,
  };
}

export function metadataOf(obj: ManifestObject): YAMLMap | undefined {
  return mapAt(obj.node, 'metadata');
}

export { pairOf, valueOf };
