import { existsSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { fileKindOf } from '../engine/file-kind';
import { DEFAULT_SETTINGS } from '../engine/types';

// Dependency and tool trees: never the user's manifests, often huge.
export const SKIP_DIRS = new Set(['node_modules', '.git', 'vendor', '.hg', '.svn', 'dist', 'out', '.vscode-test']);

export interface WalkOptions {
  /** Paths in the result are relative to this folder (forward slashes). Default: the current directory. */
  root?: string;
  /** Files larger than this are listed as skipped. */
  maxFileBytes?: number;
  /** Honour `.gitignore` files found on the way down (default true). */
  gitignore?: boolean;
  /** Glob patterns (VS Code `files.exclude` style, relative to `root`) of files and folders to leave out. */
  exclude?: readonly string[];
}

export interface WalkedFile {
  /** Absolute path. */
  file: string;
  /** Path relative to the root, with `/`. */
  path: string;
  size: number;
}

export interface SkippedFile {
  file: string;
  path: string;
  reason: 'too-large' | 'unreadable';
  message: string;
}

export interface WalkResult {
  files: WalkedFile[];
  skipped: SkippedFile[];
}

export function relativePath(root: string, file: string): string {
  const rel = relative(root, file);
  return (rel || '.').split(sep).join('/');
}

/** A stack of `.gitignore` files, each applying to paths below its own folder. */
class GitignoreStack {
  private layers: { dir: string; rules: Ignore }[] = [];

  /** `listed`: whether the folder's listing holds a `.gitignore` (a failed read per folder costs more than the walk). */
  enter(dir: string, listed = true): number {
    if (!listed) return this.layers.length;
    let text: string;
    try {
      text = readFileSync(join(dir, '.gitignore'), 'utf8');
    } catch {
      return this.layers.length;
    }
    this.layers.push({ dir, rules: ignore().add(text) });
    return this.layers.length - 1;
  }

  leave(depth: number): void {
    this.layers.length = depth;
  }

  ignores(file: string, isDir: boolean): boolean {
    return this.layers.some(({ dir, rules }) => {
      const rel = relative(dir, file).split(sep).join('/');
      return rel !== '' && !rel.startsWith('..') && rules.ignores(isDir ? `${rel}/` : rel);
    });
  }
}

/**
 * Files kubeward can analyse under the given paths, in a stable order: files named explicitly are always
 * included; folders are walked skipping dependency trees, ignored and excluded paths. Over-large files are
 * listed in `skipped`, with the reason, rather than silently dropped.
 */
export function walkFiles(paths: readonly string[], options: WalkOptions = {}): WalkResult {
  const root = resolve(options.root ?? '.');
  const maxBytes = options.maxFileBytes ?? DEFAULT_SETTINGS.maxFileBytes;
  const excluded = options.exclude?.length ? picomatch(options.exclude as string[], { dot: true }) : undefined;
  const isExcluded = (path: string) => !!excluded && (excluded(path) || excluded(`${path}/`));
  const gitignore = new GitignoreStack();
  const seen = new Set<string>();
  const result: WalkResult = { files: [], skipped: [] };

  const addFile = (file: string, st: Stats) => {
    if (seen.has(file)) return;
    seen.add(file);
    const path = relativePath(root, file);
    if (st.size > maxBytes) {
      result.skipped.push({ file, path, reason: 'too-large', message: `${st.size} bytes is over the limit of ${maxBytes} bytes; not analysed.` });
    } else result.files.push({ file, path, size: st.size });
  };

  const visitDir = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      names = [];
    }
    const depth = options.gitignore === false ? 0 : gitignore.enter(dir, names.includes('.gitignore'));
    for (const name of names) {
      if (SKIP_DIRS.has(name)) continue;
      const file = join(dir, name);
      let st: Stats;
      try {
        st = statSync(file);
      } catch {
        continue;
      }
      const isDir = st.isDirectory();
      if (isExcluded(relativePath(root, file)) || (options.gitignore !== false && gitignore.ignores(file, isDir))) continue;
      if (isDir) visitDir(file);
      else if (st.isFile() && fileKindOf(file) !== 'unknown') addFile(file, st);
    }
    if (options.gitignore !== false) gitignore.leave(depth);
  };

  for (const p of paths) {
    const file = resolve(root, p);
    let st: Stats;
    try {
      st = statSync(file);
    } catch (err) {
      result.skipped.push({ file, path: relativePath(root, file), reason: 'unreadable', message: (err as Error).message });
      continue;
    }
    if (st.isDirectory()) {
      // .gitignore files between the root and the walked folder apply too.
      if (options.gitignore !== false) for (const dir of foldersAbove(root, file)) gitignore.enter(dir);
      visitDir(file);
      gitignore.leave(0);
    } else addFile(file, st);
  }
  result.files.sort((a, b) => compareText(a.path, b.path));
  result.skipped.sort((a, b) => compareText(a.path, b.path));
  return result;
}

/**
 * True when a `.gitignore` in the file's folder or one above it, up to its repository's root (the folder holding
 * `.git`), ignores the file: such a file is not committed.
 */
export function isGitignored(file: string): boolean {
  const stack = new GitignoreStack();
  const dirs: string[] = [];
  for (let dir = dirname(resolve(file)); dirs.length < 32; ) {
    dirs.push(dir);
    const parent = dirname(dir);
    if (existsSync(join(dir, '.git')) || parent === dir) break;
    dir = parent;
  }
  for (const dir of dirs) stack.enter(dir);
  return stack.ignores(resolve(file), false);
}

/** The root and each folder between it and `dir` (excluded), where `.gitignore` files that cover `dir` live. */
function foldersAbove(root: string, dir: string): string[] {
  const rel = relative(root, dir);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return [];
  const parts = rel.split(sep);
  return parts.map((_, i) => join(root, ...parts.slice(0, i)));
}

/** True when `path` is `folder` or lies below it (both absolute; false across Windows drives). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
}

/** Code-unit order, independent of the locale: the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Absolute paths of the files kubeward can analyse under `paths` (no ignore files, no size limit), sorted. */
export function collectFiles(paths: readonly string[]): string[] {
  return walkFiles(paths, { gitignore: false, maxFileBytes: Number.MAX_SAFE_INTEGER }).files.map((f) => f.file);
}
