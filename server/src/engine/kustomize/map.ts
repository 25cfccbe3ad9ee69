// Places the findings of a built kustomization (`kubectl kustomize` output, judged by the rules) where their values
// are written: an `images:` entry that set the image, the patch that wrote the value (strategic merge or JSON 6902,
// in the outermost kustomization first, since the last writer wins), or else the resource file the object came from
// (kustomize's origin annotation). A finding an overlay fixed is simply absent from that overlay's build.
import { isMap, isSeq, type Node } from 'yaml';
import { mapAt, pairOf, stringOf, valueOf } from '../yaml/nodes';
import { parseYamlDocuments, type YamlDocument } from '../yaml/documents';
import type { Finding, Severity } from '../types';
import { inlineOffsetMapper, type ImageOverride, type Kustomization, type PatchRef } from './model';
import { isMergeKey, isPrefix, locate, nodeAt, rangeAt, samePath, valueAt, type NodeLocation, type PathSegment } from './yaml-path';

/** A kustomization of the tree, by folder. */
export interface TreeKustomization {
  dir: string;
  file: string;
  text: string;
  model: Kustomization;
}

export interface BuildContext {
  /** The kustomization that was built. */
  root: TreeKustomization;
  kustomizations: ReadonlyMap<string, TreeKustomization>;
  /** A file's text (resource files, patch files); undefined when unreadable. */
  read(path: string): string | undefined;
  /** A file's documents (`parseYamlDocuments` of its text, shared by the builds of a tree); undefined when unreadable. */
  documentsOf(path: string): YamlDocument[] | undefined;
  /** `rel` resolved against folder `dir` (path.resolve on the caller's side). */
  resolve(dir: string, rel: string): string;
  /** The folder origin paths are relative to (where the build ran). */
  originBase: string;
}

/** A finding placed in a source file (offsets in that file's text). */
export interface PlacedFinding {
  file: string;
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
}

const ORIGIN = 'config.kubernetes.io/origin';
const IMAGE_TAG_RULES = new Set(['k8s/image-mutable-tag', 'k8s/image-not-pinned', 'k8s/image-pull-policy']);

interface Layer {
  k: TreeKustomization;
}

/** The kustomizations from `root` down to the one that lists `file` (components included), outermost first. */
export function layersTo(ctx: BuildContext, file: string): Layer[] {
  const seen = new Set<string>();
  const visit = (k: TreeKustomization): Layer[] | undefined => {
    if (seen.has(k.dir)) return undefined;
    seen.add(k.dir);
    const components = k.model.components.filter((c) => !c.remote).map((c) => ctx.kustomizations.get(ctx.resolve(k.dir, c.value))).filter((c): c is TreeKustomization => !!c);
    // A kustomization's own patches apply after its components', which apply after its resources are accumulated.
    const here: Layer[] = [{ k }, ...[...components].reverse().map((c) => ({ k: c }))];
    for (const owner of [k, ...components]) {
      for (const r of owner.model.resources) {
        if (r.remote) continue;
        const target = ctx.resolve(owner.dir, r.value);
        if (target === file) return here;
        const child = ctx.kustomizations.get(target);
        const below = child && visit(child);
        if (below) return [...here, ...below];
      }
    }
    return undefined;
  };
  return visit(ctx.root) ?? [{ k: ctx.root }];
}

function originOf(doc: YamlDocument): string | undefined {
  const annotations = mapAt(doc.doc.contents, 'metadata', 'annotations');
  const origin = stringOf(annotations, ORIGIN);
  if (!origin || /^repo:/m.test(origin)) return undefined;
  return /^path:\s*(.+?)\s*$/m.exec(origin)?.[1]?.replace(/^["']|["']$/g, '');
}

/** The document of `file` that holds the object the build produced as `kind`/`name` (names may carry prefixes). */
function originDocument(docs: YamlDocument[], kind: string, name: string): YamlDocument | undefined {
  let best: { doc: YamlDocument; len: number } | undefined;
  for (const d of docs) {
    if (d.doc.errors.length || stringOf(d.doc.contents, 'kind') !== kind) continue;
    const n = stringOf(mapAt(d.doc.contents, 'metadata'), 'name') ?? '';
    const len = n === name ? Infinity : name.includes(n) ? n.length : -1;
    if (len >= 0 && (!best || len > best.len)) best = { doc: d, len };
  }
  return best?.doc;
}

function targetMatches(patch: PatchRef, kind: string, names: string[], patchDoc?: Node | null): boolean {
  const t = patch.target;
  if (t) {
    if (t.kind && t.kind !== kind) return false;
    if (t.name) {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${t.name})$`);
      } catch {
        return false;
      }
      if (!names.some((n) => re.test(n))) return false;
    }
    return true;
  }
  // A strategic-merge patch names its target itself.
  const pkind = stringOf(patchDoc, 'kind');
  const pname = stringOf(mapAt(patchDoc, 'metadata'), 'name');
  return pkind === kind && (!pname || names.some((n) => n === pname || n.endsWith(pname) || n.includes(pname)));
}

/** JSON pointer → path segments, list indexes named by the built object's items (`-` is the last item). */
function pointerPath(pointer: string, built: Node | null | undefined): PathSegment[] {
  const raw = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: PathSegment[] = [];
  for (const s of raw) {
    const here = nodeAt(built, out)?.node;
    if (isSeq(here) && (/^\d+$/.test(s) || s === '-')) {
      const index = s === '-' ? here.items.length - 1 : Number(s);
      const item = here.items[index];
      const name = isMap(item) ? stringOf(item, 'name') : undefined;
      out.push(name !== undefined ? { name } : { index });
    } else out.push(s);
  }
  return out;
}

interface PatchSource {
  file: string;
  text: string;
  docs: YamlDocument[];
  /** Inline patches: offsets in the patch text → offsets in the kustomization file; undefined maps to the entry. */
  toFile?: (offset: number) => number;
  entry: [number, number];
}

function patchSource(ctx: BuildContext, layer: TreeKustomization, patch: PatchRef): PatchSource | undefined {
  if (patch.path) {
    if (patch.path.remote) return undefined;
    const file = ctx.resolve(layer.dir, patch.path.value);
    const text = ctx.read(file);
    const docs = ctx.documentsOf(file);
    return text === undefined || !docs ? undefined : { file, text, docs, entry: [0, 0] };
  }
  if (!patch.inline) return undefined;
  const mapper = inlineOffsetMapper(layer.text, patch.inline);
  return { file: layer.file, text: patch.inline.text, docs: parseYamlDocuments(patch.inline.text), toFile: mapper ?? (() => patch.inline!.start), entry: [patch.start, patch.end] };
}

/** Where `patch` writes the value at `loc` of the built object, in its source's offsets; undefined when it does not. */
function patchWrites(src: PatchSource, patch: PatchRef, kind: string, names: string[], built: YamlDocument, loc: NodeLocation, ruleId: string, origin: YamlDocument): [number, number] | undefined {
  const builtRoot = built.doc.contents;
  for (const d of src.docs) {
    if (d.doc.errors.length) continue;
    const root = d.doc.contents;
    if (isSeq(root)) {
      // JSON 6902: a list of operations.
      if (!targetMatches(patch, kind, names)) continue;
      for (const op of [...root.items].reverse()) {
        const opName = stringOf(op, 'op');
        const pointer = stringOf(op, 'path');
        if (!opName || pointer === undefined) continue;
        const opPath = pointerPath(pointer, builtRoot);
        if ((opName === 'add' || opName === 'replace' || opName === 'copy' || opName === 'move') && isPrefix(opPath, loc.path)) {
          const value = valueOf(op, 'value');
          const inner = rangeAt(d.text, value, { ...loc, path: loc.path.slice(opPath.length) });
          const pair = pairOf(op, 'value') ?? pairOf(op, 'path');
          const r = inner ?? spanOfPair(d.text, pair);
          if (r) return [d.base + r[0], d.base + r[1]];
        }
        // A removed field leaves its container or pod without it: the "missing" findings point at the container's
        // name or the pod spec's key.
        if (opName === 'remove') {
          const parent = opPath.slice(0, -1);
          const absenceAnchor = samePath(loc.path, parent) || (isMergeKey(loc.path) && samePath(loc.path.slice(0, -1), parent));
          if (absenceAnchor && !IMAGE_TAG_RULES.has(ruleId)) {
            const r = spanOfPair(d.text, pairOf(op, 'path'));
            if (r) return [d.base + r[0], d.base + r[1]];
          }
        }
      }
      continue;
    }
    if (!isMap(root) || !targetMatches(patch, kind, names, root)) continue;
    if (isMergeKey(loc.path)) {
      // A list item (a container) the base does not have was added by this patch: its name is where it starts.
      const item = loc.path.slice(0, -1);
      if (nodeAt(root, item) && !nodeAt(origin.doc.contents, item)) {
        const r = rangeAt(d.text, root, loc);
        if (r) return [d.base + r[0], d.base + r[1]];
      }
      continue;
    }
    const written = valueAt(root, loc.path);
    if (written === undefined || JSON.stringify(written) !== JSON.stringify(valueAt(builtRoot, loc.path))) continue;
    const r = rangeAt(d.text, root, loc);
    if (r) return [d.base + r[0], d.base + r[1]];
  }
  return undefined;
}

function spanOfPair(text: string, pair: ReturnType<typeof pairOf>): [number, number] | undefined {
  const s = (pair?.key as Node | undefined)?.range?.[0];
  const e = (pair?.value as Node | undefined)?.range?.[1];
  if (s === undefined || e === undefined) return undefined;
  let end = e;
  while (end > s + 1 && /\s/.test(text[end - 1])) end--;
  return [s, end];
}

function imageName(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

/** The `images:` entry (and the key in it) that set the image a finding is about, when one did. */
function imageEntryFor(entries: ImageOverride[], builtImage: string, ruleId: string): [number, number] | undefined {
  const name = imageName(builtImage);
  for (const e of [...entries].reverse()) {
    if ((e.newName?.value ?? e.name?.value) !== name) continue;
    // A tag rule is about the tag (or missing digest) an entry set; a registry rule about the name it set.
    const keys = IMAGE_TAG_RULES.has(ruleId) ? ['newTag', 'digest'] : ['newName'];
    for (const key of keys) {
      const pair = pairOf(e.node, key);
      if (!pair) continue;
      if (ruleId === 'k8s/image-mutable-tag' && key === 'newTag') {
        const v = pair.value as Node | null;
        if (v?.range) return [v.range[0], v.range[1]];
      }
      const s = (pair.key as Node).range?.[0];
      const end = (pair.value as Node | null)?.range?.[1];
      if (s !== undefined && end !== undefined) return [s, end];
    }
  }
  return undefined;
}

/** Each finding of the built stream placed in the file that wrote it. Findings on generated or remote objects are dropped. */
export function mapBuildFindings(ctx: BuildContext, docs: readonly YamlDocument[], findings: readonly Finding[]): PlacedFinding[] {
  const patchSources = new Map<PatchRef, PatchSource | undefined>();
  const sourceOf = (k: TreeKustomization, patch: PatchRef) => {
    if (!patchSources.has(patch)) patchSources.set(patch, patchSource(ctx, k, patch));
    return patchSources.get(patch);
  };
  const out: PlacedFinding[] = [];
  for (const f of findings) {
    const built = docs[f.docIndex];
    if (!built || f.ruleId.startsWith('kubeward/')) continue;
    const origin = originOf(built);
    if (!origin) continue;
    const originFile = ctx.resolve(ctx.originBase, origin);
    const kind = stringOf(built.doc.contents, 'kind') ?? '';
    const builtName = stringOf(mapAt(built.doc.contents, 'metadata'), 'name') ?? '';
    const originDocs = ctx.documentsOf(originFile);
    const originDoc = originDocs && originDocument(originDocs, kind, builtName);
    const loc = locate(built.text, built.doc.contents, f.offset.start - built.base, f.offset.end - built.base);
    if (!loc || !originDoc) continue;
    const originName = stringOf(mapAt(originDoc.doc.contents, 'metadata'), 'name') ?? builtName;
    const names = [originName, builtName];
    const place = (file: string, start: number, end: number) => out.push({ file, ruleId: f.ruleId, severity: f.severity, message: f.message, start, end });
    const layers = layersTo(ctx, originFile);
    let placed = false;
    // Image overrides first: the last `images:` entry that set the image is where its tag or name was written.
    if (loc.path[loc.path.length - 1] === 'image') {
      const builtImage = valueAt(built.doc.contents, loc.path);
      for (const { k } of layers) {
        const r = typeof builtImage === 'string' ? imageEntryFor(k.model.images, builtImage, f.ruleId) : undefined;
        if (r) {
          place(k.file, r[0], r[1]);
          placed = true;
          break;
        }
      }
    }
    for (const { k } of layers) {
      if (placed) break;
      for (const patch of [...k.model.patches].reverse()) {
        const src = sourceOf(k, patch);
        const r = src && patchWrites(src, patch, kind, names, built, loc, f.ruleId, originDoc);
        if (!src || !r) continue;
        if (src.toFile) {
          const inFile = [src.toFile(r[0]), src.toFile(r[1])];
          place(src.file, inFile[0], Math.max(inFile[1], inFile[0] + 1));
        } else place(src.file, r[0], r[1]);
        placed = true;
        break;
      }
    }
    if (placed) continue;
    // Written by the resource file: the same place there, or the nearest enclosing key it has.
    let r = rangeAt(originDoc.text, originDoc.doc.contents, loc);
    for (let n = loc.path.length - 1; !r && n > 0; n--) r = rangeAt(originDoc.text, originDoc.doc.contents, { path: loc.path.slice(0, n), part: 'key' });
    if (r) place(originFile, originDoc.base + r[0], originDoc.base + r[1]);
  }
  return out;
}
