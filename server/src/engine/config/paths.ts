// Path arithmetic on forward-slash paths, so the engine stays free of `node:fs` and works the same for file paths
// on any OS and for URI paths. Callers normalise with `toSlashes` first.

export function toSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}

export function dirOf(path: string): string {
  const p = toSlashes(path).replace(/\/+$/, '');
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : p.slice(0, i);
}

export function isAbsolutePath(path: string): boolean {
  return /^(?:\/|[A-Za-z]:[\\/])/.test(path);
}

/** Joins and normalises `.` and `..` segments; an absolute `rel` replaces `base`. */
export function resolvePath(base: string, rel: string): string {
  const joined = isAbsolutePath(rel) ? toSlashes(rel) : `${toSlashes(base).replace(/\/+$/, '')}/${toSlashes(rel)}`;
  const drive = /^[A-Za-z]:/.exec(joined)?.[0] ?? '';
  const out: string[] = [];
  for (const seg of joined.slice(drive.length).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `${drive}/${out.join('/')}`;
}

/** Whether `path` is `root` or lies below it. */
export function isInside(path: string, root: string): boolean {
  const p = resolvePath(path, '.');
  const r = resolvePath(root, '.').replace(/\/$/, '');
  return p === r || p.startsWith(r + '/');
}
