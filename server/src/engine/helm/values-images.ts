// The images a chart's values file sets, as the digest pin sees them: a scalar rendered as a container's `image:`
// (`image: {{ .Values.agent.image }}`) is pinned like a manifest's image, and an image map (`repository`, `tag`,
// `digest`, as Bitnami charts write them) gets the digest in its empty `digest:`, or after its tag when it has none
// (`tag: "1.27@sha256:…"` renders `repo:1.27@sha256:…`, which every template joining repository and tag accepts).
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { ImageOccurrence } from '../images';
import type { OffsetEdit } from '../types';
import { YamlEditor } from '../yaml/edit';
import { parseYamlText } from '../yaml/documents';
import { innerSpan, pairOf } from '../yaml/nodes';
import type { ValueUse } from './uses';
import { groupByPath, resolve, valueAt } from './values-tree';

export interface ValuesImage extends ImageOccurrence {
  /** How the digest is written when it does not go right after the reference's text (a map's `digest:` value). */
  digestEdit?: (digest: string) => OffsetEdit;
}

/** Images the templates (`uses`, from readValueUses) render from values this file sets, in file order. */
export function valuesImages(text: string, uses: readonly ValueUse[]): ValuesImage[] {
  const doc = parseYamlText(text);
  const root = doc.contents;
  if (doc.errors.length || !isMap(root)) return [];
  const editor = new YamlEditor(text, false);
  const out: ValuesImage[] = [];
  for (const group of groupByPath(uses.filter((u) => u.kind === 'image'))) {
    const image = imageMap(text, root, group, editor);
    if (image) out.push(image);
  }
  for (const group of groupByPath(uses.filter((u) => u.kind === 'scalar' && u.field === 'image'))) {
    const node = resolve(root, group[0].path)?.pair.value;
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
    const inner = innerSpan(text, node);
    if (inner) out.push({ text: node.value, ...inner, where: `values ${group[0].path.join('.')}`, uses: [{ start: node.range[0], end: node.range[1] }] });
  }
  return out.sort((a, b) => a.start - b.start);
}

function imageMap(text: string, root: YAMLMap, group: ValueUse[], editor: YamlEditor): ValuesImage | undefined {
  const at = resolve(root, group[0].path);
  const map = at?.map;
  if (!at || !map) return undefined;
  // The template picks another registry when `global.imageRegistry` is set: which one serves the image is its call.
  const globalRegistry = valueAt(root, ['global', 'imageRegistry']);
  if (isScalar(globalRegistry) && globalRegistry.value) return undefined;
  const repository = stringAt(text, map, 'repository');
  if (!repository?.value || pairOf(map, 'sha')) return undefined;
  const registry = stringAt(text, map, 'registry')?.value ?? '';
  const tag = stringAt(text, map, 'tag');
  // An empty tag the template replaces with the chart's appVersion: the reference is not known here.
  if (!tag?.value && group.every((u) => u.tagDefaultsToAppVersion)) return undefined;
  const digestPair = pairOf(map, 'digest');
  const digest = digestPair?.value;
  const emptyDigest = digestPair && isScalar(digest) && (digest.value === '' || digest.value === null) && digest.range && digest.range[1] > digest.range[0] ? { key: digestPair.key as Node, node: digest } : undefined;
  // The digest goes into an empty `digest:` value, else after the tag; a map with neither place is not offered.
  if (digestPair && !emptyDigest) return undefined;
  if (!emptyDigest && !tag?.value) return undefined;
  const place = tag?.value ? tag : repository;
  const reference = `${registry ? `${registry}/` : ''}${repository.value}${tag?.value ? `:${tag.value}` : ''}`;
  const key = at.pair.key as Node;
  const spans = [{ start: key.range![0], end: key.range![1] }, ...(emptyDigest ? [{ start: emptyDigest.key.range![0], end: emptyDigest.node.range![1] }] : [])];
  return {
    text: reference,
    start: place.start,
    end: place.end,
    where: `values ${group[0].path.join('.')}`,
    uses: spans,
    // Without one, the digest is appended to the tag: where the pin puts it after any reference.
    ...(emptyDigest ? { digestEdit: (d: string) => editor.replaceNode(emptyDigest.node, d) } : {}),
  };
}

/** A map's string value (a plain number such as `tag: 1.10` taken as written) and its span inside any quotes. */
function stringAt(text: string, map: YAMLMap, key: string): { value: string; start: number; end: number } | undefined {
  const node = pairOf(map, key)?.value;
  if (!isScalar(node) || !node.range || node.value === null) return undefined;
  const inner = innerSpan(text, node);
  // innerSpan found a string value as written, and takes any other value as written.
  return inner && { value: text.slice(inner.start, inner.end), ...inner };
}
