import type { FileKind } from './types';

// `Dockerfile`, `Containerfile`, `Dockerfile.prod`, `Dockerfile-alpine.template`, `Dockerfile2`, `api.Dockerfile`.
const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)\d*(?:[.\-_].+)?$|\.(?:Dockerfile|Containerfile)$/i;
// Side files that share the name: BuildKit's per-Dockerfile ignore file, notes.
const NOT_DOCKERFILE = /\.(?:dockerignore|md)$/i;

export function baseName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? path;
}

/** Decides how to read a file from its editor language id, falling back to its name. */
export function fileKindOf(path: string, languageId?: string): FileKind {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  if (languageId === 'yaml') return 'yaml';
  const name = baseName(path);
  if (DOCKERFILE_NAME.test(name) && !NOT_DOCKERFILE.test(name)) return 'dockerfile';
  if (/\.ya?ml$/i.test(name) || name === 'Kustomization') return 'yaml';
  if (/\.json$/i.test(name)) return 'json';
  return 'unknown';
}
