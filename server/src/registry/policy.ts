import type { RegistrySettings } from '../protocol';
import { DEFAULT_POLICY, type RegistryPolicy } from './resolver';

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !!x.trim()) : undefined);

/** Editor settings → policy; anything malformed falls back to the safe default (lookups off). */
export function policyFromSettings(raw: RegistrySettings | undefined, trusted: boolean): RegistryPolicy {
  const timeout = raw?.timeoutMs;
  return {
    lookup: raw?.lookup === 'on',
    trusted,
    allowed: strings(raw?.allowed) ?? DEFAULT_POLICY.allowed,
    insecure: strings(raw?.insecure) ?? DEFAULT_POLICY.insecure,
    dockerConfig: typeof raw?.dockerConfig === 'string' && raw.dockerConfig ? raw.dockerConfig : undefined,
    timeoutMs: typeof timeout === 'number' && timeout > 0 ? Math.min(timeout, 60000) : DEFAULT_POLICY.timeoutMs,
    retries: DEFAULT_POLICY.retries,
  };
}
