// Our own reading of an image reference (the distribution/reference grammar, simplified): dockerfile-ast loses the
// tag of `host:port/img:tag@sha256:…`, and the digest resolver needs Docker's normalisation anyway.

/** A part of the reference with its offsets relative to the start of the reference text. */
export interface RefPart {
  value: string;
  start: number;
  end: number;
}

export interface ImageRef {
  /** The reference as written (after ARG substitution when it had variables). */
  text: string;
  /** Registry host (with port) when the first path component names one. */
  registry?: RefPart;
  /** Repository path without registry, tag or digest, e.g. `library/python` is written `python`. */
  repository: RefPart;
  tag?: RefPart;
  digest?: RefPart;
}

/** Docker Hub, as the reference grammar calls it. */
export const DEFAULT_REGISTRY = 'docker.io';

export function parseImageRef(text: string): ImageRef | undefined {
  if (!text || /\s/.test(text)) return undefined;
  const at = text.indexOf('@');
  const digest = at >= 0 ? { value: text.slice(at + 1), start: at + 1, end: text.length } : undefined;
  const nameAndTag = at >= 0 ? text.slice(0, at) : text;
  // A tag is the part after the last ':' only if no '/' follows it (`localhost:5000/app` has no tag).
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > nameAndTag.lastIndexOf('/');
  const tag = hasTag ? { value: nameAndTag.slice(colon + 1), start: colon + 1, end: nameAndTag.length } : undefined;
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  if (!name) return undefined;
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const isHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = isHost ? { value: first, start: 0, end: slash } : undefined;
  const repoStart = isHost ? slash + 1 : 0;
  const repository = { value: name.slice(repoStart), start: repoStart, end: name.length };
  if (!repository.value) return undefined;
  return { text, registry, repository, tag, digest };
}

/** `python` → `docker.io/library/python`; `ghcr.io/a/b` stays. Used as the lookup key for known digests. */
export function normalizedName(ref: ImageRef): string {
  const registry = ref.registry?.value ?? DEFAULT_REGISTRY;
  const repo = ref.repository.value;
  const isHub = registry === DEFAULT_REGISTRY || registry === 'index.docker.io' || registry === 'registry-1.docker.io';
  return isHub ? `${DEFAULT_REGISTRY}/${repo.includes('/') ? repo : `library/${repo}`}` : `${registry}/${repo}`;
}

/** `docker.io/library/python:3.12-slim` (tag defaults to `latest`): the key a digest is known under. */
export function normalizedReference(ref: ImageRef): string {
  return `${normalizedName(ref)}:${ref.tag?.value ?? 'latest'}`;
}

/** The image's short name as people say it (`python`, `eclipse-temurin`), for the end-of-life table. */
export function shortName(ref: ImageRef): string {
  const repo = ref.repository.value;
  return repo.startsWith('library/') ? repo.slice('library/'.length) : repo;
}

export function hasSha256Digest(ref: ImageRef): boolean {
  return /^sha256:[a-f0-9]{64}$/.test(ref.digest?.value ?? '');
}
