// The hook for the registry resolver (digest issue): where a base image's digest goes, and the fix that puts it there.
// The resolver calls `pinTargets(text)` to learn which references to resolve, then either builds the fix with
// `digestPinFix(target, digest)` itself or passes `settings.knownDigests` so the rules offer it with the finding.
import type { FixSpec } from '../rule';
import { normalizedReference, type ImageRef } from './image-ref';
import { parseDockerfile, type DockerfileView, type Stage } from './parse';

export interface PinTarget {
  /** The base image as resolved (ARG defaults substituted). */
  ref: ImageRef;
  /** `docker.io/library/python:3.12-slim`: the key for `settings.knownDigests`. */
  reference: string;
  /** The FROM line's image text span (for matching a diagnostic). */
  fromSpan: { start: number; end: number };
  /** Offset where `@sha256:…` is inserted: after the tag in the FROM line, or at the end of the ARG default. */
  insertAt: number;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

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

export function pinTargets(text: string): PinTarget[] {
  const view = parseDockerfile(text);
  return view.stages.map((s) => pinTargetOf(view, s)).filter((t): t is PinTarget => !!t);
}

/** The fix that pins `target` to `digest` (`sha256:<64 hex>`), keeping the tag for readers. */
export function digestPinFix(target: PinTarget, digest: string): FixSpec {
  if (!DIGEST.test(digest)) throw new Error(`not a sha256 digest: ${digest}`);
  return {
    title: `Pin ${target.ref.text} to ${digest.slice(0, 19)}…`,
    safe: false,
    edits: [{ start: target.insertAt, end: target.insertAt, newText: `@${digest}` }],
  };
}

/** The pin fix when the resolver already knows the digest (via settings), else nothing. */
export function knownPinFixes(target: PinTarget | undefined, known: Record<string, string> | undefined): FixSpec[] {
  const digest = target && known?.[target.reference];
  return digest && DIGEST.test(digest) ? [digestPinFix(target, digest)] : [];
}
