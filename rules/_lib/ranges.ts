import { isScalar, type Node } from 'yaml';

/**
 * Offsets of `[from, to)` of a scalar's value inside the document text, when the value appears verbatim
 * (plain, or quoted without escapes). Otherwise the whole node, so a finding is never misplaced.
 */
export function spanInScalar(text: string, node: Node, from: number, to: number): { start: number; end: number } {
  const [start, end] = node.range ?? [0, 0];
  const whole = { start, end };
  if (!isScalar(node) || typeof node.value !== 'string') return whole;
  const source = text.slice(start, end);
  const value = node.value;
  let valueStart: number | undefined;
  if (source === value) valueStart = start;
  else if (/^(["']).*\1$/s.test(source) && source.slice(1, -1) === value) valueStart = start + 1;
  return valueStart === undefined ? whole : { start: valueStart + from, end: valueStart + to };
}

/** Replacement text for a string scalar that keeps the node's quoting style. */
export function sameStyleScalar(text: string, node: Node, value: string, json: boolean): string {
  const [start] = node.range ?? [0];
  const quote = text[start];
  if (json || quote === '"') return JSON.stringify(value);
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  return value;
}
