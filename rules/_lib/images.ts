// Image references as the container runtime reads them: `[registry/]repository[:tag][@digest]`.

export interface ImageRef {
  /** Registry host as written, or undefined when implied (Docker Hub). */
  registry?: string;
  /** Registry the runtime pulls from: the written one, or `docker.io`. */
  effectiveRegistry: string;
  /** Repository path after the registry (`library/nginx` is written `nginx`). */
  repository: string;
  tag?: string;
  digest?: string;
  /** Offsets inside the reference string. */
  registrySpan?: [number, number];
  tagSpan?: [number, number];
}

/** Values a controller or template substitutes later (`$(VAR)`, `${VAR}`, `{{ }}`) cannot be judged. */
export function isTemplated(image: string): boolean {
  return /[$]|\{\{/.test(image);
}

export function parseImageRef(image: string): ImageRef | undefined {
  const ref = image.trim();
  if (!ref || /\s/.test(ref) || isTemplated(ref)) return undefined;
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const named = at >= 0 ? ref.slice(0, at) : ref;
  const slash = named.indexOf('/');
  const first = slash >= 0 ? named.slice(0, slash) : '';
  // The first component is a registry only when it looks like a host (Docker's rule).
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const pathStart = hasRegistry ? slash + 1 : 0;
  const lastSlash = named.lastIndexOf('/');
  const colon = named.indexOf(':', Math.max(pathStart, lastSlash + 1));
  const repository = named.slice(pathStart, colon >= 0 ? colon : named.length);
  const tag = colon >= 0 ? named.slice(colon + 1) : undefined;
  return {
    registry: hasRegistry ? first : undefined,
    effectiveRegistry: hasRegistry ? normalizeRegistry(first) : 'docker.io',
    repository: hasRegistry || repository.includes('/') ? repository : `library/${repository}`,
    tag: tag || undefined,
    digest: digest || undefined,
    registrySpan: hasRegistry ? [0, slash] : undefined,
    tagSpan: tag ? [colon + 1, named.length] : undefined,
  };
}

export function normalizeRegistry(host: string): string {
  const lower = host.toLowerCase();
  return lower === 'index.docker.io' || lower === 'registry-1.docker.io' ? 'docker.io' : lower;
}

/** True when the reference names one immutable image. */
export function isDigestPinned(ref: ImageRef): boolean {
  return ref.digest !== undefined && /^sha256:[a-f0-9]{64}$/.test(ref.digest);
}

/** `latest` and an absent tag both resolve to whatever was pushed last. */
export function hasFloatingTag(ref: ImageRef): boolean {
  return ref.tag === undefined || ref.tag === 'latest';
}

/**
 * Whether `ref` comes from one of `trusted`: entries are a registry (`ghcr.io`), a registry and path prefix
 * (`ghcr.io/acme`), or a host wildcard (`*.acme.example`). Docker Hub is `docker.io`.
 */
export function isFromTrustedRegistry(ref: ImageRef, trusted: readonly string[]): boolean {
  const full = `${ref.effectiveRegistry}/${ref.repository}`;
  return trusted.some((raw) => {
    const entry = raw.trim().replace(/\/+$/, '');
    if (entry.startsWith('*.')) return ref.effectiveRegistry.endsWith(entry.slice(1).toLowerCase());
    const slash = entry.indexOf('/');
    const host = normalizeRegistry(slash >= 0 ? entry.slice(0, slash) : entry);
    const prefix = slash >= 0 ? `${host}${entry.slice(slash)}` : host;
    return full === prefix || full.startsWith(`${prefix}/`);
  });
}
