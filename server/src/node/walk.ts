import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileKindOf } from '../engine/file-kind';

const SKIP_DIRS = new Set(['node_modules', '.git', 'vendor', '.hg', '.svn', 'dist', 'out', '.vscode-test']);

/** Files kubeward can analyse under the given paths (files given explicitly are always included), sorted. */
export function collectFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (p: string, explicit: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (SKIP_DIRS.has(name)) continue;
        visit(join(p, name), false);
      }
    } else if (st.isFile() && (explicit || fileKindOf(p) !== 'unknown')) out.push(p);
  };
  for (const p of paths) visit(p, true);
  return out;
}
