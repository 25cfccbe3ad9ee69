// Why a tag could not be resolved, in words a user can act on. Messages never contain credentials or tokens.

export type ResolveErrorKind =
  | 'lookup-off'
  | 'untrusted'
  | 'not-allowed'
  | 'invalid-reference'
  | 'offline'
  | 'timeout'
  | 'cancelled'
  | 'unauthorized'
  | 'not-found'
  | 'rate-limited'
  | 'protocol';

export class ResolveError extends Error {
  constructor(
    readonly kind: ResolveErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ResolveError';
  }
}

export const LOOKUP_OFF_MESSAGE =
  'Registry lookups are off. Set "kubeward.registry.lookup" to "on" (or pass --registry-lookup to `kubeward pin`) to resolve tags to digests.';

// Node's fetch wraps system errors in `cause`; these codes mean "no route to the registry".
const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** Maps a fetch failure (not an HTTP status) to a ResolveError. */
export function networkError(err: unknown, host: string, timedOut: boolean, cancelled: boolean): ResolveError {
  if (cancelled) return new ResolveError('cancelled', 'Digest lookup cancelled.');
  if (timedOut) return new ResolveError('timeout', `${host} did not answer in time (timeout).`);
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? '';
  if (OFFLINE_CODES.has(code)) return new ResolveError('offline', `Cannot reach ${host} (${code}): offline or the registry is down.`);
  if (/CERT|TLS|SSL/i.test(code) || /certificate|TLS|SSL/i.test(cause?.message ?? '')) {
    return new ResolveError('offline', `TLS connection to ${host} failed (${code || cause?.message}); list it in "kubeward.registry.insecure" only if it serves plain HTTP.`);
  }
  return new ResolveError('offline', `Cannot reach ${host}: ${cause?.message ?? (err as Error)?.message ?? String(err)}.`);
}

/** Whether a failure may go away on its own (worth a retry). */
export function isTransient(err: ResolveError): boolean {
  return err.kind === 'offline' || err.kind === 'rate-limited';
}
