import { resolvePath, toSlashes } from './paths';

/**
 * Anchors a config file's `exclude` pattern at the config file's folder: `charts/**` → `/ws/charts/**`.
 * A pattern without `/` matches at any depth below the folder (`*.generated.yaml`), as in .gitignore.
 */
export function anchorGlob(pattern: string, folder: string): string {
  let p = toSlashes(pattern.trim());
  if (p.startsWith('./')) p = p.slice(2);
  const anywhere = !p.replace(/\/$/, '').includes('/');
  if (p.endsWith('/')) p += '**';
  return resolvePath(folder, anywhere ? `**/${p}` : p.replace(/^\//, ''));
}

/** A regular expression for a glob: `**` any depth, `*` and `?` within one segment, `{a,b}` alternatives, `[…]` classes. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += c.replace(/[.+^$()|{}\\]/g, '\\$&');
  }
  // A pattern naming a folder excludes everything below it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** The first anchored pattern that matches `path`, if any. */
export function excludedBy(path: string, anchoredGlobs: readonly string[]): string | undefined {
  const p = resolvePath(path, '.');
  return anchoredGlobs.find((g) => globToRegExp(g).test(p));
}
