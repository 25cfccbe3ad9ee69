// Registry authentication: `WWW-Authenticate` challenges and basic credentials from the Docker config's `auths`.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_HUB } from './reference';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses `WWW-Authenticate` (RFC 7235): one or more `Scheme k="v", k2=v2` challenges. A new challenge starts at a
 * token that is not followed by `=`.
 */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  const token = /\s*,?\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*)))?/y;
  let m: RegExpExecArray | null;
  while (token.lastIndex < header.length && (m = token.exec(header))) {
    const [, name, quoted, bare] = m;
    if (quoted === undefined && bare === undefined) out.push({ scheme: name.toLowerCase(), params: {} });
    else if (out.length) out[out.length - 1].params[name.toLowerCase()] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare;
  }
  return out;
}

export interface Credentials {
  username: string;
  password: string;
}

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

/** `https://index.docker.io/v1/` → `docker.io`; `http://host:5000/v2/` → `host:5000`. */
function registryOfConfigKey(key: string): string {
  if (key === DOCKER_HUB.configKey) return DOCKER_HUB.name;
  const host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return (DOCKER_HUB.aliases as readonly string[]).includes(host) ? DOCKER_HUB.name : host;
}

/**
 * Basic credentials per registry from a Docker config file (`auths` entries with `auth` = base64 `user:password`, or
 * `username`/`password`). Credential helpers (`credsStore`, `credHelpers`) are not run: kubeward never executes
 * programs to fetch secrets. A missing or unreadable file means no credentials.
 */
export function readDockerCredentials(path: string): Map<string, Credentials> {
  const out = new Map<string, Credentials>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return out;
  }
  const auths = (parsed as { auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown }> })?.auths;
  if (!auths || typeof auths !== 'object') return out;
  for (const [key, entry] of Object.entries(auths)) {
    let creds: Credentials | undefined;
    if (typeof entry?.auth === 'string' && entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) creds = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    } else if (typeof entry?.username === 'string' && typeof entry?.password === 'string') {
      creds = { username: entry.username, password: entry.password };
    }
    if (creds) out.set(registryOfConfigKey(key), creds);
  }
  return out;
}

export function basicAuthorization(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}
