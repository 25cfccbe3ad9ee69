// `kubeward audit --cache FILE`: the outcomes of one audit kept on disk for the next, as the language server keeps
// them in memory between workspace audits (./audit.ts AuditCache, ./kustomize.ts KustomizeTrees). A file whose text,
// settings, chart and Kustomize inputs are unchanged is not analysed again, and a Kustomize tree none of whose files
// changed is not built again: on a CI runner or in a pre-commit hook that keeps the file, a re-audit costs reading
// the files and hashing them.
//
// The keys name every input of a file's outcome (see runAudit); what they cannot name invalidates the whole file:
// kubeward's own code (a digest of the running script), the day (end-of-life rules read the date), and, for the
// Kustomize builds, the kubectl executable. The cache is trusted like the code: whoever can write it can hide
// findings, so it belongs where the checkout's other build caches live, not in the repository.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { TOOL_VERSION } from '../version';
import type { KustomizeInput } from '../engine/types';
import { AuditCache, type AuditCacheEntries, type FileOutcome } from './audit';
import type { TreeAnalysis } from './kustomize';

const FORMAT = 1;

interface StoredTree extends Omit<TreeAnalysis, 'digests' | 'inputs'> {
  digests: [string, string][];
  inputs: [string, KustomizeInput][];
}

interface CacheFile {
  format: number;
  /** Everything but the per-file keys: when it differs, nothing stored is used. */
  identity: string;
  /** The kubectl executable the trees were built with. */
  kubectl: string;
  files: [string, { key: string; outcome: FileOutcome }][];
  trees: [string, StoredTree][];
}

export interface StoredAudit {
  cache: AuditCache;
  trees: Map<string, TreeAnalysis>;
  /** Why the file was not used (unreadable, another kubeward, another day); undefined when it was, or is new. */
  discarded?: string;
}

/** kubeward's version and code (the script that runs, which the CLI bundles whole) and today's date (UTC). */
export function engineIdentity(today = new Date().toISOString().slice(0, 10)): string {
  let code = '';
  try {
    code = createHash('sha1').update(readFileSync(__filename)).digest('hex');
  } catch {
    // No script file (bundled elsewhere): the version stands for the code.
  }
  return `${TOOL_VERSION}\u0000${code}\u0000${today}`;
}

/** The kubectl executable `command` runs (found on PATH unless it is a path) as path, size and modification time. */
export function kubectlIdentity(command: string): string {
  const candidates = isAbsolute(command) || command.includes('/') ? [command] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, command));
  for (const file of candidates) {
    try {
      const st = statSync(file);
      if (st.isFile()) return `${file}\u0000${st.size}\u0000${st.mtimeMs}`;
    } catch {
      // Not there: the next PATH entry.
    }
  }
  return `missing:${command}`;
}

/** Nothing stored, and why when a file was there (undefined: there was none). */
function nothingStored(discarded?: string): StoredAudit {
  return { cache: new AuditCache(), trees: new Map(), ...(discarded ? { discarded } : {}) };
}

/** What an earlier audit stored in `file`; empty (and why) when there is none or it cannot be used. */
export function loadAudit(file: string, identity: string, kubectl: string): StoredAudit {
  let stored: CacheFile;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return nothingStored(missing ? undefined : `unreadable (${(err as Error).message.split('\n')[0]})`);
  }
  if (stored?.format !== FORMAT || !Array.isArray(stored.files) || !Array.isArray(stored.trees)) return nothingStored('not a kubeward audit cache');
  if (stored.identity !== identity) return nothingStored('written by another version of kubeward or on another day');
  const entries: AuditCacheEntries = new Map(stored.files);
  const trees = new Map<string, TreeAnalysis>();
  if (stored.kubectl === kubectl) {
    for (const [root, t] of stored.trees) trees.set(root, { ...t, digests: new Map(t.digests), inputs: new Map(t.inputs) });
  }
  return { cache: new AuditCache(entries), trees };
}

/**
 * Writes what `cache` and `trees` hold for the files audited now (`files`, absolute paths) to `file`, through a
 * temporary file renamed over it, so an interrupted write leaves the old cache or none, never half of one.
 */
export function saveAudit(file: string, identity: string, kubectl: string, cache: AuditCache, trees: Map<string, TreeAnalysis>, files: ReadonlySet<string>): void {
  const stored: CacheFile = {
    format: FORMAT,
    identity,
    kubectl,
    files: [...cache.entries].filter(([id]) => files.has(id)),
    trees: [...trees].map(([root, t]) => [root, { ...t, digests: [...t.digests], inputs: [...t.inputs] }]),
  };
  const temporary = join(dirname(file), `.${process.pid}.${Date.now()}.kubeward-cache.tmp`);
  try {
    writeFileSync(temporary, JSON.stringify(stored));
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
