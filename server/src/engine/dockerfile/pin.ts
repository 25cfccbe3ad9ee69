// Where a Dockerfile base image's digest goes. The registry code action (server/src/registry/pin-targets.ts, via
// images-dockerfile.ts) is the one place that pins: the rules report, the resolver offers the edit once.
import { normalizedReference, type ImageRef } from './image-ref';
import type { DockerfileView, Stage } from './parse';

export interface PinTarget {
  /** The base image as resolved (ARG defaults substituted). */
  ref: ImageRef;
  /** `docker.io/library/python:3.12-slim`: the normalised reference the resolver looks up. */
  reference: string;
  /** The FROM line's image text span (for matching a diagnostic). */
  fromSpan: { start: number; end: number };
  /** Offset where `@sha256:…` is inserted: after the tag in the FROM line, or at the end of the ARG default. */
  insertAt: number;
}

/** Where a stage's base image can take a digest, or undefined (stage alias, scratch, unresolvable ARG, already pinned). */
export function pinTargetOf(view: DockerfileView, stage: Stage): PinTarget | undefined {
  const base = stage.base;
  if (!base.ref || base.stage || base.scratch || base.ref.digest) return undefined;
  const fromSpan = base.writtenSpan;
  let insertAt: number | undefined;
  if (!base.usesVariables) insertAt = fromSpan.end;
  else {
    // `FROM ${BASE}` / `FROM $BASE`: the digest belongs at the end of the ARG's literal default.
    const only = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(base.written);
    const arg = only ? [...view.globalArgs].reverse().find((a) => a.name === only[1]) : undefined;
    const valueText = arg?.value ? view.text.slice(arg.span.start, arg.span.end) : '';
    if (arg && valueText.endsWith(arg.value ?? '\u0000')) insertAt = arg.span.end;
    else if (arg && /["']$/.test(valueText) && valueText.slice(0, -1).endsWith(arg.value ?? '\u0000')) insertAt = arg.span.end - 1;
  }
  if (insertAt === undefined) return undefined;
  return { ref: base.ref, reference: normalizedReference(base.ref), fromSpan, insertAt };
}
