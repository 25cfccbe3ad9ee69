// Text edits for Dockerfile fixes, as offsets in the file. Inserted lines follow the file's line endings and the
// indentation of the line they are placed above.
import { detectEol, endOfLine, startOfLine } from '../text';
import type { OffsetEdit } from '../types';
import type { Span } from './parse';

/** Inserts `line` as a new line above the line containing `offset`, indented like it. */
export function insertLineAbove(text: string, offset: number, line: string): OffsetEdit {
  const start = startOfLine(text, offset);
  const indent = /^[ \t]*/.exec(text.slice(start, start + 200))?.[0] ?? '';
  return { start, end: start, newText: `${indent}${line}${detectEol(text)}` };
}

/** Appends `line` after the end of the text, adding a line break first when the text lacks a final one. */
export function appendLine(text: string, line: string): OffsetEdit {
  const eol = detectEol(text);
  const needsBreak = text.length > 0 && !text.endsWith('\n') && !text.endsWith('\r');
  return { start: text.length, end: text.length, newText: `${needsBreak ? eol : ''}${line}${eol}` };
}

/** Deletes a word and the blanks that follow it on the same line (or, at line end, the blanks before it). */
export function deleteWord(text: string, word: Span): OffsetEdit {
  let end = word.end;
  while (text[end] === ' ' || text[end] === '\t') end++;
  let start = word.start;
  if (end === word.end || text[end] === '\n' || text[end] === '\r' || end >= text.length) {
    end = word.end;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  }
  return { start, end, newText: '' };
}

/** Deletes whole lines covering `span`, line break included. */
export function deleteLines(text: string, span: Span): OffsetEdit {
  return { start: startOfLine(text, span.start), end: endOfLine(text, span.end), newText: '' };
}

export function replace(span: Span, newText: string): OffsetEdit {
  return { start: span.start, end: span.end, newText };
}
