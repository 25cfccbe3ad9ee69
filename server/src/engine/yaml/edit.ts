import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { OffsetEdit } from '../types';
import { detectEol, startOfLine } from '../text';
import { pairOf } from './nodes';

/** A value a fix wants present: scalars are set, maps merged key by key, arrays must contain each item. */
export type Desired = string | number | boolean | Desired[] | { [key: string]: Desired };

/**
 * Builds minimal text edits against one YAML (or JSON) document of a file. Everything outside the edited
 * spans stays byte-identical: comments, key order, quoting and indentation are never re-serialised.
 */
export class YamlEditor {
  readonly eol: '\n' | '\r\n';
  readonly indentUnit: number;
  /** Whether block sequences sit at their parent key's column (`key:\n- a`) rather than indented. */
  readonly compactSeqs: boolean;

  /** `fileText` is the text of one document (a chunk of the file); offsets are relative to it. */
  constructor(
    readonly fileText: string,
    readonly json: boolean,
  ) {
    this.eol = detectEol(fileText);
    [this.indentUnit, this.compactSeqs] = detectStyle(fileText);
  }

  /** Column of a node's first character. */
  columnOf(node: Node): number {
    const at = (node.range![0]);
    return at - startOfLine(this.fileText, at);
  }

  replaceNode(node: Node, newText: string): OffsetEdit {
    return { start: (node.range![0]), end: (node.range![1]), newText };
  }

  /** Removes one pair from a map, with its line when it has one of its own, and the comma when in flow style. */
  removePair(map: YAMLMap, pair: Pair): OffsetEdit {
    const i = map.items.indexOf(pair);
    const key = pair.key as Node;
    const value = pair.value as Node | null;
    const keyStart = (key.range![0]);
    const valueEnd = ((value ?? key).range![1]);
    const next = map.items[i + 1]?.key as Node | undefined;
    const prev = map.items[i - 1]?.value as Node | null | undefined;
    if (map.flow) {
      if (next) return { start: keyStart, end: (next.range![0]), newText: '' };
      if (prev) return { start: (prev.range![1]), end: valueEnd, newText: '' };
      return { start: keyStart, end: valueEnd, newText: '' };
    }
    const lineStart = startOfLine(this.fileText, keyStart);
    const rawEnd = ((value ?? key).range![2]);
    const lastLineEnd = afterLineBreak(this.fileText, rawEnd);
    if (/^[ \t]*$/.test(this.fileText.slice(lineStart, keyStart))) return { start: lineStart, end: lastLineEnd, newText: '' };
    // The key shares its line with a `- ` or a parent key: keep that prefix and pull the next key up.
    if (next) return { start: keyStart, end: (next.range![0]), newText: '' };
    return { start: keyStart, end: valueEnd, newText: '{}' };
  }

  /**
   * Removes one item of a sequence: its whole line in block style (a comment on that line goes with it), the item and
   * one comma in flow style. Removing the last item of a block sequence leaves the key empty (null): prefer removing
   * the pair then.
   */
  removeItem(seq: YAMLSeq, item: Node): OffsetEdit {
    const i = seq.items.indexOf(item);
    const start = item.range![0];
    const end = item.range![1];
    if (seq.flow) {
      const next = seq.items[i + 1] as Node | undefined;
      const prev = seq.items[i - 1] as Node | undefined;
      if (next) return { start, end: next.range![0], newText: '' };
      if (prev) return { start: prev.range![1], end, newText: '' };
      return { start, end, newText: '' };
    }
    const lineStart = startOfLine(this.fileText, start);
    const rawEnd = item.range![2];
    const lineEnd = afterLineBreak(this.fileText, rawEnd);
    return { start: lineStart, end: lineEnd, newText: '' };
  }

  /**
   * Where a line after `node` goes: after the line break of its last line of content. A block collection's range
   * can run over trailing comment lines and into the indentation of the next key; those must stay after the insert.
   */
  private afterLastLine(node: Node): number {
    const start = node.range![0];
    let end = node.range![1];
    for (;;) {
      // Step back over the line break(s) as a whole (CRLF included) to find the line `end` closes.
      let probe = end;
      while (probe > start && /[\r\n]/.test(this.fileText[probe - 1])) probe--;
      const lineStart = startOfLine(this.fileText, probe);
      if (lineStart <= start || !/^[ \t]*(?:#.*)?[\r\n]*$/.test(this.fileText.slice(lineStart, end))) break;
      end = lineStart;
    }
    return afterLineBreak(this.fileText, end);
  }

  /** The indentation step used inside `map` itself (a nested block map shows it), else the document's. */
  unitWithin(map: YAMLMap): number {
    for (const pair of map.items) {
      const v = pair.value;
      if (isMap(v) && !v.flow && v.items.length && pair.key) {
        const diff = this.columnOf(v.items[0].key as Node) - this.columnOf(pair.key as Node);
        if (diff > 0 && diff <= 8) return diff;
      }
    }
    return this.indentUnit;
  }

  /** Edits that make `map` contain `desired`, merging with what is there. */
  ensure(map: YAMLMap, desired: { [key: string]: Desired }, unit = this.unitWithin(map)): OffsetEdit[] {
    const edits: OffsetEdit[] = [];
    const missing: [string, Desired][] = [];
    for (const [key, want] of Object.entries(desired)) {
      const pair = pairOf(map, key);
      if (!pair) {
        missing.push([key, want]);
        continue;
      }
      edits.push(...this.ensureValue(pair, want, unit));
    }
    if (missing.length) edits.push(this.insertPairs(map, missing, unit));
    return edits;
  }

  private ensureValue(pair: Pair<Node, Node | null>, want: Desired, unit: number): OffsetEdit[] {
    const value = pair.value;
    const isEmpty = !value || (isScalar(value) && value.value === null);
    if (isEmpty) return [this.fillEmptyValue(pair, want, unit)];
    if (Array.isArray(want)) {
      if (!isSeq(value)) return [];
      const have = new Set(value.items.map((n) => (isScalar(n) ? n.value : undefined)));
      const add = want.filter((w) => !have.has(w));
      return add.length ? [this.appendToSeq(value, add)] : [];
    }
    if (typeof want === 'object') return isMap(value) ? this.ensure(value, want, unit) : [];
    if (isScalar(value) && value.value !== want) return [this.replaceNode(value, this.scalar(want))];
    return [];
  }

  /** `key:` with nothing after it (or `~`/`null`): put the desired value there. */
  private fillEmptyValue(pair: Pair<Node, Node | null>, want: Desired, unit: number): OffsetEdit {
    const key = pair.key;
    const colon = this.fileText.indexOf(':', (key.range![1]));
    const value = pair.value;
    const end = value?.range && value.range[1] > value.range[0] ? (value.range[1]) : colon + 1;
    if (this.json || this.inFlowContext(key) || typeof want !== 'object' || Array.isArray(want)) {
      return { start: colon + 1, end, newText: ' ' + this.flow(want) };
    }
    const body = this.blockLines(want, this.columnOf(key) + unit, unit);
    return { start: colon + 1, end, newText: this.eol + body.join(this.eol) };
  }

  private inFlowContext(key: Node): boolean {
    // A key preceded on its line by `{` or `,` sits in a flow collection.
    const at = (key.range![0]);
    const before = this.fileText.slice(startOfLine(this.fileText, at), at);
    return /[{,]\s*$/.test(before);
  }

  insertPairs(map: YAMLMap, entries: [string, Desired][], unit = this.unitWithin(map)): OffsetEdit {
    if (map.flow) return this.insertIntoFlowMap(map, entries);
    const first = map.items[0]?.key as Node | undefined;
    const last = map.items[map.items.length - 1];
    const column = first ? this.columnOf(first) : 0;
    const lastNode = ((last?.value as Node | null) ?? (last?.key as Node)) as Node;
    const at = this.afterLastLine(lastNode);
    const lines = entries.flatMap(([k, v]) => this.blockEntry(k, v, column, unit));
    const atEnd = at === this.fileText.length && !this.fileText.endsWith('\n');
    const text = atEnd ? this.eol + lines.join(this.eol) : lines.join(this.eol) + this.eol;
    return { start: at, end: at, newText: text };
  }

  private insertIntoFlowMap(map: YAMLMap, entries: [string, Desired][]): OffsetEdit {
    const rendered = entries.map(([k, v]) => `${this.key(k)}: ${this.flow(v)}`);
    const close = (map.range![1]) - 1;
    const lastValue = map.items.length ? ((map.items[map.items.length - 1].value ?? map.items[map.items.length - 1].key) as Node) : undefined;
    if (!lastValue) return { start: close, end: close, newText: rendered.join(', ') };
    const firstKey = map.items[0].key as Node;
    const multiline = /[\n\r]/.test(this.fileText.slice((map.range![0]), (firstKey.range![0])));
    const at = (lastValue.range![1]);
    if (!multiline) return { start: at, end: at, newText: ', ' + rendered.join(', ') };
    const pad = ' '.repeat(this.columnOf(firstKey));
    return { start: at, end: at, newText: rendered.map((r) => ',' + this.eol + pad + r).join('') };
  }

  private appendToSeq(seq: YAMLSeq, items: Desired[]): OffsetEdit {
    if (seq.flow) {
      const last = seq.items[seq.items.length - 1] as Node | undefined;
      const rendered = items.map((i) => this.flow(i)).join(', ');
      if (!last) return { start: (seq.range![1]) - 1, end: (seq.range![1]) - 1, newText: rendered };
      return { start: (last.range![1]), end: (last.range![1]), newText: ', ' + rendered };
    }
    const first = seq.items[0] as Node;
    const dashColumn = this.columnOf(first) - 2;
    const last = seq.items[seq.items.length - 1] as Node;
    const at = this.afterLastLine(last);
    const lines = items.map((i) => `${' '.repeat(Math.max(0, dashColumn))}- ${this.flow(i)}`);
    const atEnd = at === this.fileText.length && !this.fileText.endsWith('\n');
    return { start: at, end: at, newText: atEnd ? this.eol + lines.join(this.eol) : lines.join(this.eol) + this.eol };
  }

  private blockEntry(key: string, value: Desired, column: number, unit: number): string[] {
    const pad = ' '.repeat(column);
    if (Array.isArray(value)) {
      const itemPad = ' '.repeat(this.compactSeqs ? column : column + unit);
      return [`${pad}${this.key(key)}:`, ...value.map((v) => `${itemPad}- ${this.flow(v)}`)];
    }
    if (typeof value === 'object') return [`${pad}${this.key(key)}:`, ...this.blockLines(value, column + unit, unit)];
    return [`${pad}${this.key(key)}: ${this.scalar(value)}`];
  }

  /** Block-style lines for a value, its keys at `column`. */
  blockLines(value: Desired, column: number, unit: number): string[] {
    if (typeof value !== 'object' || Array.isArray(value)) return [' '.repeat(column) + this.flow(value)];
    return Object.entries(value).flatMap(([k, v]) => this.blockEntry(k, v, column, unit));
  }

  /** Flow (or JSON) text for a value. */
  flow(value: Desired): string {
    if (Array.isArray(value)) return `[${value.map((v) => this.flow(v)).join(', ')}]`;
    if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${this.key(k)}: ${this.flow(v)}`).join(', ')}}`;
    return this.scalar(value);
  }

  private key(k: string): string {
    return this.json ? JSON.stringify(k) : this.scalar(k);
  }

  scalar(v: string | number | boolean): string {
    if (typeof v !== 'string') return String(v);
    if (this.json) return JSON.stringify(v);
    const plainSafe = /^[A-Za-z_/][\w./-]*$/.test(v) && !/^(?:true|false|null|yes|no|on|off|y|n|~)$/i.test(v);
    return plainSafe ? v : JSON.stringify(v);
  }
}

/** The indentation step and sequence style a document already uses (2 and indented when it shows none). */
function detectStyle(text: string): [number, boolean] {
  let unit = 0;
  let compact: boolean | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i + 1 < lines.length && (unit === 0 || compact === undefined); i++) {
    const m = /^( *)(?:- )?[^\s#-][^:#]*:\s*(?:#.*)?$/.exec(lines[i]);
    if (!m) continue;
    const keyCol = lines[i].length - lines[i].trimStart().length + (lines[i].trimStart().startsWith('- ') ? 2 : 0);
    const next = lines.slice(i + 1).find((l) => l.trim() && !l.trim().startsWith('#'));
    if (!next) continue;
    const nextCol = next.length - next.trimStart().length;
    if (next.trimStart().startsWith('- ')) {
      if (compact === undefined) compact = nextCol === keyCol;
      if (nextCol > keyCol && unit === 0) unit = nextCol - keyCol;
    } else if (nextCol > keyCol && unit === 0) unit = nextCol - keyCol;
  }
  return [unit > 0 && unit <= 8 ? unit : 2, compact ?? false];
}

/**
 * The offset just after the line break that ends the line holding `offset`, or `offset` itself when a line break ends
 * there. The `yaml` parser breaks lines at LF (and CRLF) only: a lone CR is part of its line, and an edit placed after
 * one would join the line it writes to the line before.
 */
function afterLineBreak(text: string, offset: number): number {
  if (text[offset - 1] === '\n') return offset;
  const lf = text.indexOf('\n', offset);
  return lf < 0 ? text.length : lf + 1;
}
