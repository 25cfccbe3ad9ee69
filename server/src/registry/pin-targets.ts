// Which images of a file can be pinned, and the edit that pins one. Shared by the language server and `kubeward pin`.
import type { ValuesImage } from '../engine/helm/values-images';
import { imageOccurrences, type ImageOccurrence } from '../engine/images';
import type { OffsetEdit } from '../engine/types';
import { parseImageReference, type ImageReference } from './reference';

export interface PinTarget {
  occurrence: ImageOccurrence;
  ref: ImageReference;
  /** Writes the digest somewhere else than right after the reference (a Helm values map's `digest:`). */
  digestEdit?: (digest: string) => OffsetEdit;
}

/**
 * Images without a digest whose reference Docker would accept (no variables, templates or typos). `valuesImages`: the
 * images a chart's templates render from this file when it is the chart's values file (node/helm-chart.ts).
 */
export function pinTargets(text: string, path: string, languageId?: string, valuesImages: readonly ValuesImage[] = []): PinTarget[] {
  const out: PinTarget[] = [];
  for (const occurrence of [...imageOccurrences(text, path, languageId), ...valuesImages]) {
    const ref = parseImageReference(occurrence.text);
    const { digestEdit, ...plain } = occurrence as ValuesImage;
    if (ref && !ref.digest) out.push({ occurrence: plain, ref, ...(digestEdit ? { digestEdit } : {}) });
  }
  // In file order (containers are visited by kind, initContainers after containers).
  return out.sort((a, b) => a.occurrence.start - b.occurrence.start);
}

/**
 * Appends the digest and keeps the tag for readers: `nginx:1.27` → `nginx:1.27@sha256:…`. An image without a tag
 * gets the `:latest` it was resolved as, so the file says which tag the digest came from.
 */
export function pinEdit(target: PinTarget, digest: string): OffsetEdit {
  if (target.digestEdit) return target.digestEdit(digest);
  const at = target.occurrence.end;
  return { start: at, end: at, newText: `${target.ref.tagWritten ? '' : ':latest'}@${digest}` };
}

export function pinnedReference(target: PinTarget, digest: string): string {
  return target.digestEdit ? `${target.occurrence.text}@${digest}` : target.occurrence.text + pinEdit(target, digest).newText;
}
