// Resolved digests on disk (one JSON file in a directory the caller owns: the extension's global storage, or the
// CLI's cache dir), so a tag is not resolved twice within the TTL and hovers can say what is known offline.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CachedDigest {
  digest: string;
  mediaType: string;
  /** When it was resolved (ms since the epoch). */
  resolvedAt: number;
}

const FILE = 'digests.json';
const VERSION = 1;
const MAX_ENTRIES = 5000;

export class DigestCache {
  private entries: Map<string, CachedDigest> | undefined;

  /** `dir` undefined: memory only. */
  constructor(
    private readonly dir: string | undefined,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The entry when it is younger than the TTL. */
  fresh(key: string): CachedDigest | undefined {
    const e = this.load().get(key);
    return e && this.now() - e.resolvedAt < this.ttlMs ? e : undefined;
  }

  /** The entry however old (hovers show it with its date). */
  any(key: string): CachedDigest | undefined {
    return this.load().get(key);
  }

  set(key: string, value: CachedDigest): void {
    const entries = this.load();
    entries.delete(key);
    entries.set(key, value);
    while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    this.save(entries);
  }

  private load(): Map<string, CachedDigest> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    if (!this.dir) return this.entries;
    try {
      const parsed = JSON.parse(readFileSync(join(this.dir, FILE), 'utf8')) as { version?: number; entries?: Record<string, CachedDigest> };
      if (parsed.version === VERSION && parsed.entries) {
        for (const [k, v] of Object.entries(parsed.entries)) {
          if (typeof v?.digest === 'string' && typeof v.resolvedAt === 'number') this.entries.set(k, { digest: v.digest, mediaType: String(v.mediaType ?? ''), resolvedAt: v.resolvedAt });
        }
      }
    } catch {
      // No cache yet, or a damaged one: start empty.
    }
    return this.entries;
  }

  private save(entries: Map<string, CachedDigest>): void {
    if (!this.dir) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = join(this.dir, `${FILE}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify({ version: VERSION, entries: Object.fromEntries(entries) }, null, 1));
      // Atomic replace: a reader (another window, the CLI) never sees half a file.
      renameSync(tmp, join(this.dir, FILE));
    } catch {
      // A read-only or full disk costs only the cache, never the lookup.
    }
  }
}
