// Named templates: `{{ include "chart.securityContext" . | nindent 12 }}` (or `template`) is replaced by the body of
// its `define`, re-indented and with the argument bound, so the template reader sees what the include renders. The
// result is a list of lines, each remembering the template line it came from and the includes it came through.
// Defines come from the chart's templates and from its library charts (`common`), which are never read as manifests.

export interface SourceLine {
  template: string;
  /** Zero-based line in `template`. */
  line: number;
  /** The text as written there (for columns). */
  text: string;
}

/** A line of the expanded text: its rendered-place text, where it was written, and the include lines it came through. */
export interface ExpandedLine extends SourceLine {
  /** The line's text as placed by the includes (re-indented, arguments bound). */
  expanded: string;
  /** The include lines (outermost first) and the `define` line of each body this line came through. */
  via: ViaLine[];
  /** Columns the enclosing includes added in front of the line (`nindent` inside a body adds to them). */
  shift: number;
}

export interface ViaLine extends SourceLine {
  role: 'include' | 'define';
  /** The named template. */
  name: string;
}

interface Define {
  name: string;
  template: string;
  /** Zero-based line of the `define` action. */
  line: number;
  text: string;
  body: string[];
}

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const DEFINE = /^define\s+"([^"]+)"$/;
/**
 * An include that is the whole line, or the whole value of a key, maybe quoted: `key: {{- include "n" ARG | nindent K }}`,
 * `image: "{{ include "n" ARG }}"`. Groups: indentation, key, name, argument, (n)indent, its width.
 */
const INCLUDE_LINE = /^([ \t]*)((?:-[ \t]+)?[\w.-]+:[ \t]*)?(?<quote>["']?)\{\{-?[ \t]*(?:include|template)[ \t]+"([^"]+)"[ \t]+(\(.*\)|\$|\.|\$\.)[ \t]*(?:\|[ \t]*(n?indent)[ \t]+(\d+)[ \t]*)?-?\}\}\k<quote>[ \t]*$/;
const MAX_DEPTH = 6;

/** Every `define` in these files, by name (the first one wins, as Helm loads the parent chart before libraries). */
export function collectDefines(files: readonly { path: string; text: string }[]): Map<string, Define> {
  const defines = new Map<string, Define>();
  for (const file of files) {
    if (!file.text.includes('define')) continue;
    const lines = file.text.split(/\r?\n|\r/);
    const lineOf = lineLocator(file.text);
    const stack: ({ name: string; line: number } | undefined)[] = [];
    for (const m of file.text.matchAll(ACTION)) {
      const body = m[1];
      const word = /^(\w+)/.exec(body)?.[1];
      const define = DEFINE.exec(body);
      if (define) stack.push({ name: define[1], line: lineOf(m.index!) });
      else if (word === 'if' || word === 'with' || word === 'range' || word === 'block') stack.push(undefined);
      else if (word === 'end') {
        const open = stack.pop();
        if (!open || defines.has(open.name)) continue;
        const endLine = lineOf(m.index!);
        // The body: the lines between the define's line and the end's line (both hold only their actions in practice).
        defines.set(open.name, { name: open.name, template: file.path, line: open.line, text: lines[open.line], body: lines.slice(open.line + 1, endLine) });
      }
    }
  }
  return defines;
}

/**
 * The lines of `file` with includes expanded. Lines inside a `define` are left out: a body counts where it is
 * included, not where it is written.
 */
export function expandTemplate(file: { path: string; text: string }, defines: ReadonlyMap<string, Define>): ExpandedLine[] {
  const lines = file.text.split(/\r?\n|\r/);
  const inDefine = defineMask(file.text, lines.length);
  const own = lines.map((text, line) => ({ text, line })).filter((l) => !inDefine[l.line]);
  return expandLines(own.map((l) => ({ template: file.path, line: l.line, text: l.text, expanded: l.text, via: [], shift: 0 })), defines, 0, []);
}

function expandLines(lines: ExpandedLine[], defines: ReadonlyMap<string, Define>, depth: number, stack: readonly string[]): ExpandedLine[] {
  const out: ExpandedLine[] = [];
  for (const l of lines) {
    const m = depth < MAX_DEPTH ? INCLUDE_LINE.exec(l.expanded) : null;
    const define = m ? defines.get(m[4]) : undefined;
    const bind = m ? binder(m[5]) : undefined;
    if (!m || !define || !bind || stack.includes(define.name)) {
      out.push(l);
      continue;
    }
    // The key's line stays (its action is what the reader recognises, e.g. Bitnami's "secContext"); the body follows.
    if (m[2]) out.push(l);
    const indent = m[7] !== undefined ? l.shift + Number(m[7]) : m[1].length;
    const site: ViaLine = { template: l.template, line: l.line, text: l.text, role: 'include', name: define.name };
    const defineLine: ViaLine = { template: define.template, line: define.line, text: define.text, role: 'define', name: define.name };
    const body = define.body.map((text, i) => ({
      template: define.template,
      line: define.line + 1 + i,
      text,
      expanded: reindent(bind(text), indent),
      via: [...l.via, site, defineLine],
      shift: indent,
    }));
    out.push(...expandLines(body, defines, depth + 1, [...stack, define.name]));
  }
  return out;
}

/** Rewrites a body line for the include's argument; undefined when the argument cannot be bound without rendering. */
function binder(arg: string): ((text: string) => string) | undefined {
  if (arg === '.' || arg === '$' || arg === '$.') return (t) => t;
  const dict = /^\(\s*dict\s+(.*)\)$/.exec(arg);
  if (!dict) return undefined;
  const pairs = [...dict[1].matchAll(/"(\w+)"\s+(\(.*?\)|"[^"]*"|\S+)/g)];
  const rewrites: [RegExp, string][] = [];
  for (const [, key, value] of pairs) {
    const values = /^\$?\.Values\.([\w.]+)$/.exec(value);
    if (values) rewrites.push([new RegExp(`(?<![\\w)\\]])\\$?\\.${key}\\b`, 'g'), `.Values.${values[1]}`]);
    else if (/^\$?\.Chart$/.test(value)) rewrites.push([new RegExp(`(?<![\\w)\\]])\\$?\\.${key}\\b`, 'g'), '.Chart']);
    else if (value === '$' || value === '.') {
      // The chart's root passed as context: `.context.Values.X` is `.Values.X`; `.context` alone is the root.
      rewrites.push([new RegExp(`(?<![\\w)\\]])\\$?\\.${key}\\.Values\\b`, 'g'), '.Values']);
      rewrites.push([new RegExp(`(?<![\\w)\\]])\\$?\\.${key}\\b`, 'g'), '$']);
    }
  }
  return (t) => rewrites.reduce((s, [re, to]) => s.replace(re, to), t);
}

function reindent(text: string, indent: number): string {
  return text.trim() === '' ? '' : ' '.repeat(indent) + text;
}

/** True for each line that lies inside a `define` block (its own lines included). */
function defineMask(text: string, count: number): boolean[] {
  const mask = new Array<boolean>(count).fill(false);
  if (!text.includes('define')) return mask;
  const lineOf = lineLocator(text);
  const stack: (number | undefined)[] = [];
  for (const m of text.matchAll(ACTION)) {
    const word = /^(\w+)/.exec(m[1])?.[1];
    if (DEFINE.test(m[1])) stack.push(lineOf(m.index!));
    else if (word === 'if' || word === 'with' || word === 'range' || word === 'block') stack.push(undefined);
    else if (word === 'end') {
      const start = stack.pop();
      if (start !== undefined) mask.fill(true, start, lineOf(m.index!) + 1);
    }
  }
  return mask;
}

/** Offset → zero-based line (lines split on `\n`, as the template readers count them), by binary search. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}
