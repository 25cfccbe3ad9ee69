// What the editor and the CLI call: policy (lookups on/off, workspace trust, allowed registries), the cache, and
// de-duplication of concurrent lookups of the same tag, in front of the Distribution API call.
import { defaultDockerConfigPath, readDockerCredentials } from './auth';
import { DigestCache, type CachedDigest } from './cache';
import { lookupDigest } from './distribution';
import { LOOKUP_OFF_MESSAGE, ResolveError } from './errors';
import { parseImageReference, registryMatches, type ImageReference } from './reference';

export interface RegistryPolicy {
  /** Network lookups allowed at all (`kubeward.registry.lookup` = on, `--registry-lookup`). Off by default. */
  lookup: boolean;
  /** False in an untrusted workspace: no lookups whatever the settings say. */
  trusted: boolean;
  /** Registries that may be queried: hosts, `host:port`, `*.example.com`, `*`. */
  allowed: readonly string[];
  /** Registries spoken to over plain HTTP (loopback always is). */
  insecure: readonly string[];
  /** Docker config with `auths`; default `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`. */
  dockerConfig?: string;
  timeoutMs: number;
  retries: number;
}

export const DEFAULT_POLICY: RegistryPolicy = { lookup: false, trusted: true, allowed: ['*'], insecure: [], timeoutMs: 5000, retries: 2 };

export interface Resolution extends CachedDigest {
  ref: ImageReference;
  fromCache: boolean;
}

export interface ResolverOptions {
  /** Where the cache file lives; undefined keeps it in memory. */
  cacheDir?: string;
  cacheTtlMs?: number;
  backoffMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

export const DEFAULT_CACHE_TTL_MS = 6 * 60 * 60 * 1000;

export class ImageResolver {
  readonly cache: DigestCache;
  private readonly inflight = new Map<string, Promise<Resolution>>();
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly options: ResolverOptions = {}) {
    this.cache = new DigestCache(options.cacheDir, options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS, options.now);
  }

  /** What is known about a reference without any network: the cached digest, however old. */
  known(ref: ImageReference): CachedDigest | undefined {
    return this.cache.any(ref.canonical);
  }

  /** Why a lookup of `ref` would not go to the network under `policy`; undefined when it may. */
  refusal(ref: ImageReference, policy: RegistryPolicy): ResolveError | undefined {
    if (!policy.trusted) return new ResolveError('untrusted', 'Registry lookups are disabled in untrusted workspaces; trust the workspace to resolve digests.');
    if (!policy.lookup) return new ResolveError('lookup-off', LOOKUP_OFF_MESSAGE);
    if (!policy.allowed.some((p) => registryMatches(ref.registry, p))) {
      return new ResolveError('not-allowed', `${ref.registry} is not in "kubeward.registry.allowed"; add it to resolve its images.`);
    }
    return undefined;
  }

  /** The digest of the reference's tag: from the cache when fresh, else from the registry if the policy allows. */
  resolve(written: string | ImageReference, policy: RegistryPolicy, signal?: AbortSignal): Promise<Resolution> {
    const ref = typeof written === 'string' ? parseImageReference(written) : written;
    if (!ref) return Promise.reject(new ResolveError('invalid-reference', `"${String(written)}" is not an image reference kubeward can resolve.`));
    const hit = this.cache.fresh(ref.canonical);
    if (hit) return Promise.resolve({ ...hit, ref, fromCache: true });
    const refused = this.refusal(ref, policy);
    if (refused) return Promise.reject(refused);
    // Concurrent requests for one tag share a lookup (keyed with the policy bits that change how it is made).
    const key = `${ref.canonical}\u0000${policy.insecure.join(',')}\u0000${policy.dockerConfig ?? ''}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.lookup(ref, policy, signal).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async lookup(ref: ImageReference, policy: RegistryPolicy, signal?: AbortSignal): Promise<Resolution> {
    const credentials = readDockerCredentials(policy.dockerConfig || defaultDockerConfigPath()).get(ref.registry);
    const { digest, mediaType } = await lookupDigest(ref, {
      timeoutMs: policy.timeoutMs,
      retries: policy.retries,
      backoffMs: this.options.backoffMs ?? 250,
      insecureRegistries: policy.insecure,
      credentials,
      signal,
      fetch: this.options.fetch,
      tokens: this.tokens,
    });
    const entry: CachedDigest = { digest, mediaType, resolvedAt: (this.options.now ?? Date.now)() };
    this.cache.set(ref.canonical, entry);
    return { ...entry, ref, fromCache: false };
  }
}
