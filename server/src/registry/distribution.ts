// The OCI Distribution API call that turns a tag into a digest: HEAD (GET as fallback) on /v2/<repo>/manifests/<tag>,
// answering 401 challenges with a bearer token or basic credentials. No caching and no policy here (see resolver.ts).
import { createHash } from 'node:crypto';
import { basicAuthorization, parseChallenges, type Credentials } from './auth';
import { isTransient, networkError, ResolveError } from './errors';
import { schemeFor, type ImageReference } from './reference';

/**
 * Every manifest type a tag can point to. Without the index types, registry 2.8 answers 404 for a multi-arch tag
 * ("OCI index found, but accept header does not support OCI indexes").
 */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

export interface LookupOptions {
  /** Per request. */
  timeoutMs: number;
  /** Extra attempts after a connection failure, a 429 or a 5xx; timeouts are not retried (the user already waited). */
  retries: number;
  /** First retry delay; doubled each time. */
  backoffMs: number;
  insecureRegistries: readonly string[];
  credentials?: Credentials;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Bearer tokens already obtained, by realm+service+scope; shared across lookups by the caller. */
  tokens?: Map<string, { token: string; expiresAt: number }>;
}

export interface ManifestDigest {
  digest: string;
  /** Content-Type of the manifest: an index / manifest list (multi-arch) or a single-platform manifest. */
  mediaType: string;
}

const SHA256 = /^sha256:[a-f0-9]{64}$/;

/** Resolves the digest of `ref`'s tag: the index digest for multi-arch tags, so every platform keeps working. */
export async function lookupDigest(ref: ImageReference, options: LookupOptions): Promise<ManifestDigest> {
  const base = `${schemeFor(ref.registry, options.insecureRegistries)}://${ref.apiHost}`;
  const url = `${base}/v2/${ref.repository}/manifests/${encodeURIComponent(ref.tag)}`;
  const what = `${ref.registry}/${ref.repository}:${ref.tag}`;
  const session = new AuthSession(ref, options);

  let res = await session.request(url, 'HEAD');
  // Some registries and proxies drop Docker-Content-Digest on HEAD or refuse HEAD altogether: ask with GET.
  const headDigest = res.headers.get('docker-content-digest') ?? '';
  if (res.status === 200 && SHA256.test(headDigest)) return { digest: headDigest, mediaType: mediaTypeOf(res) };
  if (res.status === 200 || res.status === 405 || res.status === 501) res = await session.request(url, 'GET');
  if (res.status === 200) {
    // The digest is by definition the sha256 of the exact manifest bytes.
    const body = await readBody(res, ref.registry, options.signal);
    return { digest: `sha256:${createHash('sha256').update(body).digest('hex')}`, mediaType: mediaTypeOf(res) };
  }
  await res.body?.cancel();
  if (res.status === 404) throw new ResolveError('not-found', `Tag "${ref.tag}" not found in ${ref.registry}/${ref.repository} (HTTP 404).`);
  if (res.status === 401 || res.status === 403) {
    const how = options.credentials ? 'the credentials in the Docker config were refused' : `add an "auths" entry for ${ref.registry} to the Docker config (docker login)`;
    throw new ResolveError('unauthorized', `Not authorised to read ${what} (HTTP ${res.status}): ${how}.`);
  }
  if (res.status === 429) throw new ResolveError('rate-limited', `${ref.registry} rate-limited the lookup of ${what} (HTTP 429); try again later.`);
  throw new ResolveError('protocol', `${ref.registry} answered HTTP ${res.status} for ${what}.`);
}

async function readBody(res: Response, host: string, signal: AbortSignal | undefined): Promise<Buffer> {
  try {
    return Buffer.from(await res.arrayBuffer());
  } catch (err) {
    throw networkError(err, host, !signal?.aborted, !!signal?.aborted);
  }
}

function mediaTypeOf(res: Response): string {
  return (res.headers.get('content-type') ?? '').split(';')[0].trim();
}

/** One lookup's requests: remembers the Authorization that worked and answers a challenge once. */
class AuthSession {
  private authorization: string | undefined;

  constructor(
    private readonly ref: ImageReference,
    private readonly options: LookupOptions,
  ) {}

  async request(url: string, method: 'HEAD' | 'GET'): Promise<Response> {
    const res = await this.send(url, method);
    if (res.status !== 401 || this.authorization) return res;
    const header = res.headers.get('www-authenticate') ?? '';
    await res.body?.cancel();
    const authorization = await this.answer(header);
    if (!authorization) return res;
    this.authorization = authorization;
    return this.send(url, method);
  }

  private send(url: string, method: 'HEAD' | 'GET'): Promise<Response> {
    const headers: Record<string, string> = { Accept: MANIFEST_MEDIA_TYPES.join(', ') };
    if (this.authorization) headers.Authorization = this.authorization;
    return fetchWithRetry(url, { method, headers }, this.options, this.ref.registry);
  }

  /** The Authorization header answering a challenge, or undefined when we have nothing to answer with. */
  private async answer(header: string): Promise<string | undefined> {
    const challenges = parseChallenges(header);
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    if (bearer) return `Bearer ${await this.token(bearer.params)}`;
    if (challenges.some((c) => c.scheme === 'basic') && this.options.credentials) return basicAuthorization(this.options.credentials);
    return undefined;
  }

  private async token(params: Record<string, string>): Promise<string> {
    const scope = params.scope ?? `repository:${this.ref.repository}:pull`;
    const key = `${params.realm}\u0000${params.service ?? ''}\u0000${scope}\u0000${this.options.credentials?.username ?? ''}`;
    const known = this.options.tokens?.get(key);
    if (known && known.expiresAt > Date.now()) return known.token;
    let realm: URL;
    try {
      realm = new URL(params.realm);
    } catch {
      throw new ResolveError('protocol', `${this.ref.registry} sent an invalid token realm.`);
    }
    // Never send credentials to a token server over plain HTTP unless the registry itself is one we talk HTTP to.
    if (realm.protocol !== 'https:' && schemeFor(realm.host, this.options.insecureRegistries) !== 'http') {
      throw new ResolveError('protocol', `${this.ref.registry} asked for a token over plain HTTP from ${realm.host}; refused.`);
    }
    if (params.service) realm.searchParams.set('service', params.service);
    realm.searchParams.set('scope', scope);
    const headers: Record<string, string> = {};
    if (this.options.credentials) headers.Authorization = basicAuthorization(this.options.credentials);
    const res = await fetchWithRetry(realm.toString(), { method: 'GET', headers }, this.options, realm.host);
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new ResolveError('unauthorized', `The token server of ${this.ref.registry} refused access to ${this.ref.repository} (HTTP ${res.status}).`);
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new ResolveError('protocol', `The token server of ${this.ref.registry} answered HTTP ${res.status}.`);
    }
    const body = (await res.json().catch(() => undefined)) as { token?: unknown; access_token?: unknown; expires_in?: unknown } | undefined;
    const token = typeof body?.token === 'string' ? body.token : typeof body?.access_token === 'string' ? body.access_token : undefined;
    if (!token) throw new ResolveError('protocol', `The token server of ${this.ref.registry} sent no token.`);
    // The spec's default lifetime is 60 s; keep a margin so a token never expires between two requests.
    const lifetime = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    this.options.tokens?.set(key, { token, expiresAt: Date.now() + (lifetime - 10) * 1000 });
    return token;
  }
}

/** fetch with a per-attempt timeout, the caller's cancellation, and retries with exponential backoff. */
async function fetchWithRetry(url: string, init: RequestInit, options: LookupOptions, host: string): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new ResolveError('cancelled', 'Digest lookup cancelled.');
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let failure: ResolveError;
    try {
      const res = await followRedirects(doFetch, url, { ...init, signal });
      if (res.status !== 429 && res.status < 500) return res;
      if (attempt >= options.retries) return res;
      await res.body?.cancel();
      failure = new ResolveError('rate-limited', `HTTP ${res.status}`);
    } catch (err) {
      failure = networkError(err, host, timeout.aborted, !!options.signal?.aborted);
      if (!isTransient(failure) || attempt >= options.retries) throw failure;
    }
    await sleep(options.backoffMs * 2 ** attempt, options.signal);
  }
}

/**
 * Follows up to 5 redirects itself so that credentials (Authorization) never travel to another origin, and plain
 * HTTP is never reached from HTTPS.
 */
async function followRedirects(doFetch: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  let current = new URL(url);
  let headers = { ...(init.headers as Record<string, string>) };
  for (let hop = 0; ; hop++) {
    const res = await doFetch(current, { ...init, headers, redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || !location || hop >= 5) return res;
    await res.body?.cancel();
    const next = new URL(location, current);
    if (current.protocol === 'https:' && next.protocol !== 'https:') throw new ResolveError('protocol', `${current.host} redirected to plain HTTP; refused.`);
    if (next.origin !== current.origin) {
      headers = { ...headers };
      delete headers.Authorization;
    }
    current = next;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ResolveError('cancelled', 'Digest lookup cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
