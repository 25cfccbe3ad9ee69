// Docker-style image references (the grammar of distribution/reference, with its normalisation): `nginx` is
// `docker.io/library/nginx:latest`, served by Docker Hub's API host. Pure: no network, no file system.

/** Docker Hub under its three names: what references say, the legacy index name, and where the API lives. */
export const DOCKER_HUB = {
  name: 'docker.io',
  aliases: ['docker.io', 'index.docker.io', 'registry-1.docker.io'],
  apiHost: 'registry-1.docker.io',
  /** The key `docker login` writes into the Docker config's `auths` for Hub. */
  configKey: 'https://index.docker.io/v1/',
} as const;

export interface ImageReference {
  /** The reference exactly as written. */
  written: string;
  /** Registry as people name it: `docker.io`, `ghcr.io`, `localhost:5000`. */
  registry: string;
  /** Host (and port) the Distribution API is called on: `registry-1.docker.io` for Docker Hub. */
  apiHost: string;
  /** Repository path inside the registry: `library/nginx`, `org/app`. */
  repository: string;
  /** The tag; `latest` when none was written. */
  tag: string;
  tagWritten: boolean;
  /** `sha256:<hex>` when the reference already carries a digest. */
  digest?: string;
  /** `docker.io/library/nginx:1.27`: the key under which a tag's digest is cached. */
  canonical: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?)(?::\d{1,5})?$/;

/**
 * Parses and normalises an image reference; undefined when it is not one (variables such as `${IMAGE}`, templates,
 * spaces, upper-case repository names), so callers never offer to resolve something Docker would reject.
 */
export function parseImageReference(written: string): ImageReference | undefined {
  if (!written || written.length > 512 || /[\s${}"'`]/.test(written)) return undefined;
  const at = written.indexOf('@');
  const digest = at >= 0 ? written.slice(at + 1) : undefined;
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  const nameAndTag = at >= 0 ? written.slice(0, at) : written;
  // The tag follows the last ':' only when no '/' comes after it: `localhost:5000/app` has no tag.
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > nameAndTag.lastIndexOf('/');
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  // The first component names a registry only if it looks like a host: a dot, a port, or `localhost`.
  const isHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (isHost && !HOST.test(first)) return undefined;
  let registry = isHost ? first : DOCKER_HUB.name;
  let repository = isHost ? name.slice(slash + 1) : name;
  if (!repository || !repository.split('/').every((c) => COMPONENT.test(c))) return undefined;
  const hub = (DOCKER_HUB.aliases as readonly string[]).includes(registry);
  if (hub) {
    registry = DOCKER_HUB.name;
    if (!repository.includes('/')) repository = `library/${repository}`;
  }
  const finalTag = tag ?? 'latest';
  return {
    written,
    registry,
    apiHost: hub ? DOCKER_HUB.apiHost : registry,
    repository,
    tag: finalTag,
    tagWritten: tag !== undefined,
    digest,
    canonical: `${registry}/${repository}:${finalTag}`,
  };
}

/** `localhost:5000` → `localhost`; `[::1]:5000` → `::1`. */
export function hostWithoutPort(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(1, registry.indexOf(']'));
  const colon = registry.lastIndexOf(':');
  return colon > 0 ? registry.slice(0, colon) : registry;
}

/** Whether a registry matches a user's pattern: `host`, `host:port`, `*.example.com` or `*`. */
export function registryMatches(registry: string, pattern: string): boolean {
  const p = pattern.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  const r = registry.toLowerCase();
  if (!p) return false;
  if (p === '*') return true;
  const host = hostWithoutPort(r);
  if (p.startsWith('*.')) return host.endsWith(p.slice(1));
  if (p === r) return true;
  // A pattern without a port covers every port of that host.
  return !p.includes(':') && p === host;
}

/** Plain HTTP only for loopback and registries the user lists as insecure, as Docker does; HTTPS otherwise. */
export function schemeFor(registry: string, insecure: readonly string[]): 'http' | 'https' {
  const host = hostWithoutPort(registry.toLowerCase());
  if (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) return 'http';
  return insecure.some((p) => registryMatches(registry, p)) ? 'http' : 'https';
}
