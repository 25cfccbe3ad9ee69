// Where a file names container images, with exact offsets: what the digest-pin fix rewrites and hovers describe.
import { isScalar } from 'yaml';
import { fileKindOf } from './file-kind';
import { dockerfileImages } from './images-dockerfile';
import { manifestObjects } from './k8s/objects';
import { containersOf, describeContainer, podSpecOf } from './k8s/pod-spec';
import type { FileKind } from './types';
import { parseYamlDocuments } from './yaml/documents';
import { innerSpan, pairOf } from './yaml/nodes';

export interface ImageOccurrence {
  /** The reference as written, e.g. `nginx:1.27` or `localhost:5000/app`. */
  text: string;
  /** Offsets of the reference itself in the file (inside quotes, if any). */
  start: number;
  end: number;
  /** Where it is used, for messages: `container "web"`, `FROM of stage "build"`. */
  where: string;
  /** Other places that use it, when it is written elsewhere (`FROM ${BASE}` uses the ARG's default). */
  uses?: { start: number; end: number }[];
}

/** Whether the occurrence or one of its uses touches the span [from, to]. */
export function occurrenceTouches(o: ImageOccurrence, from: number, to: number): boolean {
  return [o, ...(o.uses ?? [])].some((s) => s.start <= to && from <= s.end);
}

/** Finds image references in one file's text; one per file kind. */
export type ImageSource = (text: string) => ImageOccurrence[];

/** Image sources by file kind: each kind gets the same pin fix, "pin all", `kubeward pin` and hover. */
export const IMAGE_SOURCES: Partial<Record<FileKind, ImageSource>> = {
  yaml: manifestImages,
  json: manifestImages,
  dockerfile: dockerfileImages,
};

export function imageOccurrences(text: string, path: string, languageId?: string): ImageOccurrence[] {
  const source = IMAGE_SOURCES[fileKindOf(path, languageId)];
  if (!source) return [];
  try {
    return source(text);
  } catch {
    // A file we cannot read images from simply offers no pin actions.
    return [];
  }
}

/** `image:` of containers, initContainers and ephemeralContainers in every workload kind (CronJob included). */
export function manifestImages(text: string): ImageOccurrence[] {
  const out: ImageOccurrence[] = [];
  for (const source of parseYamlDocuments(text)) {
    if (source.doc.errors.length) continue;
    for (const object of manifestObjects(source)) {
      const pod = podSpecOf(object);
      if (!pod) continue;
      for (const container of containersOf(pod)) {
        const node = pairOf(container.node, 'image')?.value;
        if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
        // The node's source may carry quotes; the reference sits inside them unless escapes changed it.
        const inner = innerSpan(source.text, node);
        if (!node.value || !inner) continue;
        out.push({ text: node.value, start: source.base + inner.start, end: source.base + inner.end, where: describeContainer(container) });
      }
    }
  }
  return out;
}
