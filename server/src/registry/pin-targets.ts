// Which images of a file can be pinned, and the edit that pins one. Shared by the language server and `kubeward pin`.
import { imageOccurrences, type ImageOccurrence } from '../engine/images';
import type { OffsetEdit } from '../engine/types';
import { parseImageReference, type ImageReference } from './reference';

export interface PinTarget {
  occurrence: ImageOccurrence;
  ref: ImageReference;
}

/** Images without a digest whose reference Docker would accept (no variables, templates or typos). */
export function pinTargets(text: string, path: string, languageId?: string): PinTarget[] {
  const out: PinTarget[] = [];
  for (const occurrence of imageOccurrences(text, path, languageId)) {
    const ref = parseImageReference(occurrence.text);
    if (ref && !ref.digest) out.push({ occurrence, ref });
  }
  // In file order (containers are visited by kind, initContainers after containers).
  return out.sort((a, b) => a.occurrence.start - b.occurrence.start);
}

/**
 * Appends the digest and keeps the tag for readers: `nginx:1.27` → `nginx:1.27@sha256:…`. An image without a tag
 * gets the `:latest` it was resolved as, so the file says which tag the digest came from.
 */
export function pinEdit(target: PinTarget, digest: string): OffsetEdit {
  const at = target.occurrence.end;
  return { start: at, end: at, newText: `${target.ref.tagWritten ? '' : ':latest'}@${digest}` };
}

export function pinnedReference(target: PinTarget, digest: string): string {
  return target.occurrence.text + pinEdit(target, digest).newText;
}
