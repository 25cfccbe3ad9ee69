// A kustomization file read into what kubeward needs to know about it: which files and folders it pulls in, which
// files are patches, and the transformations (images, names, namespace) that change what its resources say.
// Pure: paths are resolved as strings (posix or native separators alike); the caller reads the files.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { pairOf, stringOf, valueOf } from '../yaml/nodes';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** A string value of the file with its offsets (the scalar's range). */
export interface Located {
  value: string;
  start: number;
  end: number;
}

/** A `resources`/`bases`/`components` entry: a file, a folder (another kustomization) or something remote. */
export interface ResourceRef extends Located {
  remote: boolean;
}

export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  /** A regular expression in Kustomize (anchored). */
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchRef {
  /** `patches[].path`, `patchesStrategicMerge[]` (a path) or `patchesJson6902[].path`. */
  path?: ResourceRef;
  /** An inline patch (`patch: |-`, or a `patchesStrategicMerge` entry written inline). */
  inline?: { text: string; start: number; end: number; node: Node };
  target?: PatchTarget;
  /** Where the entry is written (the list item). */
  start: number;
  end: number;
}

export interface ImageOverride {
  name?: Located;
  newName?: Located;
  newTag?: Located;
  digest?: Located;
  tagSuffix?: Located;
  start: number;
  end: number;
  /** The list item's map, for pair ranges. */
  node: YAMLMap;
}

export interface Kustomization {
  /** `kind: Component` (built only as part of another kustomization). */
  component: boolean;
  resources: ResourceRef[];
  components: ResourceRef[];
  patches: PatchRef[];
  images: ImageOverride[];
  namespace?: Located;
  namePrefix?: Located;
  nameSuffix?: Located;
  /** The kustomization's parsed document (for positions of its keys). */
  root: YAMLMap;
}

export function isKustomizationFileName(path: string): boolean {
  const name = path.split(/[\\/]/).pop() ?? '';
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name);
}

// URLs, scp-like git addresses, and the host-first forms Kustomize accepts (`github.com/org/repo//path?ref=v1`).
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|[a-z0-9-]+(?:\.[a-z0-9-]+)+\/)|\?ref=|\?version=|^(?:github|gitlab|bitbucket)\.(?:com|org)\b/i;

/** True when a resource, base or patch path is fetched over the network (kubeward never does). */
export function isRemoteRef(ref: string): boolean {
  return REMOTE.test(ref.trim());
}

/** The kustomization in `text`, or undefined when it is not a YAML mapping. */
export function parseKustomization(text: string): Kustomization | undefined {
  const doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false });
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const root = doc.contents;
  const k: Kustomization = {
    component: stringOf(root, 'kind') === 'Component',
    resources: [...refs(root, 'resources'), ...refs(root, 'bases')],
    components: refs(root, 'components'),
    patches: [...patchesOf(root, 'patches'), ...patchesOf(root, 'patchesJson6902'), ...strategicMergeOf(root)],
    images: imagesOf(root),
    namespace: located(valueOf(root, 'namespace')),
    namePrefix: located(valueOf(root, 'namePrefix')),
    nameSuffix: located(valueOf(root, 'nameSuffix')),
    root,
  };
  return k;
}

function located(node: unknown): Located | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const value = node.value;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return { value: String(value), start: node.range[0], end: node.range[1] };
}

function ref(node: unknown): ResourceRef | undefined {
  const l = located(node);
  return l && { ...l, remote: isRemoteRef(l.value) };
}

function refs(root: YAMLMap, key: string): ResourceRef[] {
  const seq = valueOf(root, key);
  if (!isSeq(seq)) return [];
  return seq.items.map(ref).filter((r): r is ResourceRef => !!r);
}

function targetOf(node: unknown): PatchTarget | undefined {
  if (!isMap(node)) return undefined;
  const t: PatchTarget = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    const v = stringOf(node, key);
    if (v !== undefined) t[key] = v;
  }
  return t;
}

function inlineOf(node: unknown): PatchRef['inline'] {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  return { text: node.value, start: node.range[0], end: node.range[1], node: node as Scalar };
}

function patchesOf(root: YAMLMap, key: string): PatchRef[] {
  const seq = valueOf(root, key);
  if (!isSeq(seq)) return [];
  const out: PatchRef[] = [];
  for (const item of seq.items) {
    if (!isMap(item) || !item.range) continue;
    const path = ref(valueOf(item, 'path'));
    const inline = inlineOf(valueOf(item, 'patch'));
    if (!path && !inline) continue;
    out.push({ path, inline, target: targetOf(valueOf(item, 'target')), start: item.range[0], end: item.range[1] });
  }
  return out;
}

// `patchesStrategicMerge` lists file paths, or (older Kustomize) whole patches written inline as strings.
function strategicMergeOf(root: YAMLMap): PatchRef[] {
  const seq = valueOf(root, 'patchesStrategicMerge');
  if (!isSeq(seq)) return [];
  const out: PatchRef[] = [];
  for (const item of seq.items) {
    const l = located(item);
    if (!l || !isScalar(item)) continue;
    const inlinePatch = /\n/.test(l.value) || /^\s*(?:apiVersion|kind)\s*:/.test(l.value);
    if (inlinePatch) out.push({ inline: inlineOf(item), start: l.start, end: l.end });
    else out.push({ path: { ...l, remote: isRemoteRef(l.value) }, start: l.start, end: l.end });
  }
  return out;
}

function imagesOf(root: YAMLMap): ImageOverride[] {
  const seq = valueOf(root, 'images');
  if (!isSeq(seq)) return [];
  const out: ImageOverride[] = [];
  for (const item of seq.items) {
    if (!isMap(item) || !item.range) continue;
    out.push({
      name: located(valueOf(item, 'name')),
      newName: located(valueOf(item, 'newName')),
      newTag: located(valueOf(item, 'newTag')),
      digest: located(valueOf(item, 'digest')),
      tagSuffix: located(valueOf(item, 'tagSuffix')),
      start: item.range[0],
      end: item.range[1],
      node: item,
    });
  }
  return out;
}

/** The pair `key:` of an images entry (for ranges that cover key and value). */
export function imagePair(entry: ImageOverride, key: string): Pair | undefined {
  return pairOf(entry.node, key);
}

/**
 * Maps an offset in an inline patch's text (a block scalar `patch: |-`) to the file: line i of the patch is line i
 * after the header, indented by the block's indentation. Undefined for flow or quoted scalars (no exact mapping).
 */
export function inlineOffsetMapper(fileText: string, inline: NonNullable<PatchRef['inline']>): ((offset: number) => number) | undefined {
  const raw = fileText.slice(inline.start, inline.end);
  if (!/^[|>]/.test(raw)) return undefined;
  const firstBreak = fileText.indexOf('\n', inline.start);
  if (firstBreak < 0 || firstBreak >= inline.end) return undefined;
  const lineStarts: number[] = [];
  for (let p = firstBreak + 1; p < inline.end; p = fileText.indexOf('\n', p) + 1) {
    lineStarts.push(p);
    if (fileText.indexOf('\n', p) < 0) break;
  }
  const firstContent = lineStarts.find((s) => /\S/.test(fileText.slice(s, fileText.indexOf('\n', s) < 0 ? fileText.length : fileText.indexOf('\n', s))));
  if (firstContent === undefined) return undefined;
  const indent = /^[ ]*/.exec(fileText.slice(firstContent))![0].length;
  const textLineStarts = [0];
  for (let i = 0; i < inline.text.length; i++) if (inline.text[i] === '\n') textLineStarts.push(i + 1);
  return (offset: number) => {
    let line = 0;
    while (line + 1 < textLineStarts.length && textLineStarts[line + 1] <= offset) line++;
    const start = lineStarts[line];
    return start === undefined ? inline.start : start + indent + (offset - textLineStarts[line]);
  };
}
