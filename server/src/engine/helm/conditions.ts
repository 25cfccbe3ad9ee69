// Which `{{ if }}` guards enclose each template line, and what they evaluate to with the default values as far as
// they can be read without rendering: a use inside `{{- if .Values.metrics.enabled }}` is not rendered by default
// when `metrics.enabled` is false. Anything the reader cannot evaluate is "unknown" and never hides a use.

/** An `if` (or `else if`) expression with the template variables assigned before it (`$x := ...`). */
export interface Guard {
  expr: string;
  vars: Readonly<Record<string, string>>;
  /** An `else if` branch: a later `else` cannot be written as one negation. */
  afterElseIf?: boolean;
  /** The `if` has an `else` branch: when it is false, something else is rendered in its place. */
  hasElse?: boolean;
}

/** Truth of a `.Values` path with the default values: undefined when it must not be judged. */
export type TruthAt = (path: string[]) => boolean | undefined;
/** The scalar at a `.Values` path with the default values (for `eq`/`ne`): undefined when it must not be judged. */
export type ScalarAt = (path: string[]) => string | number | boolean | null | undefined;

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const ASSIGN = /^(\$\w+)\s*:?=\s*([\s\S]+)$/;

/**
 * For each line, the guards of the `if` blocks open at its start. An `else` branch is guarded by the negation of its
 * `if` (after an `else if` chain it has no readable guard).
 */
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
      const top = stack[stack.length - 1];
      if (top) top.hasElse = true;
      if (elseIf) stack[stack.length - 1] = { expr: elseIf[1].trim(), vars: { ...vars }, afterElseIf: true };
      else stack[stack.length - 1] = top && !top.afterElseIf ? { expr: `not (${top.expr})`, vars: top.vars } : undefined;
    } else if (word === 'end') stack.pop();
  }
  flushUntil(text.length);
  return result;
}

/** What a guard evaluates to: true, false, or undefined when it cannot be read. */
export function evaluateGuard(guard: Guard, truthAt: TruthAt, scalarAt: ScalarAt = () => undefined): boolean | undefined {
  return evaluate(tokens(guard.expr), guard.vars, truthAt, 0, scalarAt);
}

function evaluate(parts: string[], vars: Readonly<Record<string, string>>, truthAt: TruthAt, depth: number, scalarAt: ScalarAt = () => undefined): boolean | undefined {
  if (depth > 8 || parts.length === 0) return undefined;
  const [head, ...args] = parts;
  if (parts.length === 1) return term(head, vars, truthAt, depth, scalarAt);
  if ((head === 'eq' || head === 'ne') && args.length === 2) {
    const [a, b] = args.map((t) => operand(t, scalarAt));
    if (a === undefined || b === undefined) return undefined;
    return head === 'eq' ? a === b : a !== b;
  }
  if (head === 'not' || head === 'empty') {
    const v = args.length === 1 ? term(args[0], vars, truthAt, depth, scalarAt) : undefined;
    return v === undefined ? undefined : !v;
  }
  if (head === 'and' || head === 'or') {
    const values = args.map((a) => term(a, vars, truthAt, depth, scalarAt));
    const decisive = head === 'and' ? false : true;
    if (values.includes(decisive)) return decisive;
    return values.every((v) => v === !decisive) ? !decisive : undefined;
  }
  return undefined;
}

function term(t: string, vars: Readonly<Record<string, string>>, truthAt: TruthAt, depth: number, scalarAt: ScalarAt): boolean | undefined {
  if (t.startsWith('(') && t.endsWith(')')) return evaluate(tokens(t.slice(1, -1)), vars, truthAt, depth + 1, scalarAt);
  const ref = /^\$?\.Values\.([\w.]+)$/.exec(t);
  if (ref) return truthAt(ref[1].split('.'));
  const variable = /^(\$\w+)((?:\.\w+)*)$/.exec(t);
  if (variable && vars[variable[1]] !== undefined) {
    const bound = vars[variable[1]].trim();
    if (!variable[2]) return evaluate(tokens(bound), vars, truthAt, depth + 1, scalarAt);
    return /^\$?\.Values\.[\w.]+$/.test(bound) ? term(bound + variable[2], vars, truthAt, depth + 1, scalarAt) : undefined;
  }
  return undefined;
}

/** An `eq`/`ne` operand: a quoted string, a number, a boolean, or a `.Values` path with its default scalar. */
function operand(t: string, scalarAt: ScalarAt): string | number | boolean | null | undefined {
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(t);
  if (quoted) return quoted[1];
  if (/^-?\d+(?:\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  const ref = /^\$?\.Values\.([\w.]+)$/.exec(t);
  return ref ? scalarAt(ref[1].split('.')) : undefined;
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
