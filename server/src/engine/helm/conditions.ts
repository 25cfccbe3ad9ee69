// Which `{{ if }}` guards enclose each template line, and what they evaluate to with the default values as far as
// they can be read without rendering: a use inside `{{- if .Values.metrics.enabled }}` is not rendered by default
// when `metrics.enabled` is false. Anything the reader cannot evaluate is "unknown" and never hides a use.

/** An `if` (or `else if`) expression with the template variables assigned before it (`$x := ...`). */
export interface Guard {
  expr: string;
  vars: Readonly<Record<string, string>>;
}

/** Truth of a `.Values` path with the default values: undefined when it must not be judged. */
export type TruthAt = (path: string[]) => boolean | undefined;

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const ASSIGN = /^(\$\w+)\s*:?=\s*([\s\S]+)$/;

/** For each line, the guards of the `if` blocks open at its start (an `else` branch has no readable guard). */
export function guardsByLine(text: string): Guard[][] {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const result: Guard[][] = new Array(lineStarts.length);
  const stack: (Guard | undefined)[] = [];
  const vars: Record<string, string> = {};
  let line = 0;
  const flushUntil = (offset: number) => {
    while (line < lineStarts.length && lineStarts[line] <= offset) result[line++] = stack.filter((g): g is Guard => !!g);
  };
  for (const m of text.matchAll(ACTION)) {
    flushUntil(m.index!);
    const body = m[1];
    const word = /^(\w+)/.exec(body)?.[1];
    const assign = ASSIGN.exec(body);
    if (assign) vars[assign[1]] = assign[2];
    else if (word === 'if') stack.push({ expr: body.slice(2).trim(), vars: { ...vars } });
    else if (word === 'with' || word === 'range' || word === 'define' || word === 'block') stack.push(undefined);
    else if (word === 'else' && stack.length) {
      const elseIf = /^else\s+if\s+([\s\S]+)$/.exec(body);
      stack[stack.length - 1] = elseIf ? { expr: elseIf[1].trim(), vars: { ...vars } } : undefined;
    } else if (word === 'end') stack.pop();
  }
  flushUntil(text.length);
  return result;
}

/** What a guard evaluates to: true, false, or undefined when it cannot be read. */
export function evaluateGuard(guard: Guard, truthAt: TruthAt): boolean | undefined {
  return evaluate(tokens(guard.expr), guard.vars, truthAt, 0);
}

function evaluate(parts: string[], vars: Readonly<Record<string, string>>, truthAt: TruthAt, depth: number): boolean | undefined {
  if (depth > 8 || parts.length === 0) return undefined;
  const [head, ...args] = parts;
  if (parts.length === 1) return term(head, vars, truthAt, depth);
  if (head === 'not' || head === 'empty') {
    const v = args.length === 1 ? term(args[0], vars, truthAt, depth) : undefined;
    return v === undefined ? undefined : !v;
  }
  if (head === 'and' || head === 'or') {
    const values = args.map((a) => term(a, vars, truthAt, depth));
    const decisive = head === 'and' ? false : true;
    if (values.includes(decisive)) return decisive;
    return values.every((v) => v === !decisive) ? !decisive : undefined;
  }
  return undefined;
}

function term(t: string, vars: Readonly<Record<string, string>>, truthAt: TruthAt, depth: number): boolean | undefined {
  if (t.startsWith('(') && t.endsWith(')')) return evaluate(tokens(t.slice(1, -1)), vars, truthAt, depth + 1);
  const ref = /^\$?\.Values\.([\w.]+)$/.exec(t);
  if (ref) return truthAt(ref[1].split('.'));
  const variable = /^(\$\w+)((?:\.\w+)*)$/.exec(t);
  if (variable && vars[variable[1]] !== undefined) {
    const bound = vars[variable[1]].trim();
    if (!variable[2]) return evaluate(tokens(bound), vars, truthAt, depth + 1);
    return /^\$?\.Values\.[\w.]+$/.test(bound) ? term(bound + variable[2], vars, truthAt, depth + 1) : undefined;
  }
  return undefined;
}

/** Space-separated terms at the top level; a parenthesised group is one term. */
function tokens(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s.trim()) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (/\s/.test(c) && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}
