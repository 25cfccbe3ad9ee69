import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE_NAMES } from '../engine/config/parse';
import type { ConfigText } from '../engine/config/resolve';

/**
 * Finds and reads kubeward config files on disk: the I/O half of configuration (merging is in the engine).
 * Reads are cached until `invalidate`, which the server calls on workspace/didChangeWatchedFiles. Text of files
 * open in the editor comes from `overlay`, so an unsaved edit to a config file applies at once.
 */
export class ConfigFiles {
  private cache = new Map<string, string | undefined>();
  overlay: (path: string) => string | undefined = () => undefined;

  read(path: string): string | undefined {
    const open = this.overlay(path);
    if (open !== undefined) return open;
    if (!this.cache.has(path)) {
      let text: string | undefined;
      try {
        // Most folders have no config file: a stat is far cheaper than a failed read (which builds an exception).
        text = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      } catch {
        text = undefined;
      }
      this.cache.set(path, text);
    }
    return this.cache.get(path);
  }

  invalidate(): void {
    this.cache.clear();
  }

  /**
   * The config files that apply to `file`, outermost first: one per folder from the workspace folder that holds the
   * file down to the file's own folder (`.kubeward.yaml`, else `.yml`, else `.json`). A file outside every workspace
   * folder gets only its own folder's config.
   */
  chainFor(file: string, root: string | undefined): ConfigText[] {
    const folders: string[] = [];
    let dir = dirname(resolve(file));
    const top = root ? resolve(root) : dir;
    for (;;) {
      folders.unshift(dir);
      if (dir === top) break;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    const chain: ConfigText[] = [];
    for (const folder of folders) {
      for (const name of CONFIG_FILE_NAMES) {
        const path = join(folder, name);
        const text = this.read(path);
        if (text !== undefined) {
          chain.push({ path, text });
          break;
        }
      }
    }
    return chain;
  }

  /** Config files in `path`'s folder that are ignored because a higher-priority name exists there. */
  shadowedBy(path: string): string | undefined {
    const folder = dirname(path);
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(folder, name);
      if (candidate === path) return undefined;
      if (this.read(candidate) !== undefined) return candidate;
    }
    return undefined;
  }
}

/** The deepest workspace folder containing `file` (multi-root workspaces may nest folders). */
export function workspaceFolderOf(file: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const f of folders) {
    const rel = relative(resolve(f), resolve(file));
    if (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))) {
      if (!best || f.length > best.length) best = f;
    }
  }
  return best;
}
