import { parseDocument, type Document } from 'yaml';
import { withoutCrdSchema } from './crd-schema';

/** One `---` document of a YAML stream, parsed on its own so an error in it cannot leak into its neighbours. */
export interface YamlDocument {
  /** Zero-based index among the stream's documents. */
  index: number;
  /** Offset of this document's text in the whole file; node ranges are relative to it. */
  base: number;
  text: string;
  doc: Document.Parsed;
}

// A line starting with `---` or `...` followed by a blank or the line end is a document boundary
// wherever it appears (the YAML spec forbids such lines inside scalars), so splitting on them is exact.
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

interface Chunk {
  start: number;
  end: number;
  hasStartMarker: boolean;
}

export function splitYamlDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let hasStartMarker = false;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    if (m[0] === '---') {
      if (m.index > start || hasStartMarker) chunks.push({ start, end: m.index, hasStartMarker });
      start = m.index;
      hasStartMarker = true;
    } else {
      // `...` ends the current document; its line belongs to it.
      let end = m.index + 3;
      while (end < text.length && text[end] !== '\n') end++;
      end = Math.min(text.length, end + 1);
      chunks.push({ start, end, hasStartMarker });
      start = end;
      hasStartMarker = false;
      MARKER.lastIndex = end;
    }
  }
  if (start < text.length || hasStartMarker) chunks.push({ start, end: text.length, hasStartMarker });
  return mergeDirectives(text, chunks);
}

// `%YAML`/`%TAG` directives belong to the document that the next `---` opens.
function mergeDirectives(text: string, chunks: Chunk[]): Chunk[] {
  const out: Chunk[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    const next = chunks[i + 1];
    if (!c.hasStartMarker && next?.hasStartMarker && /^%/m.test(text.slice(c.start, c.end))) {
      out.push({ start: c.start, end: next.end, hasStartMarker: true });
      i++;
    } else out.push(c);
  }
  return out;
}

// A line whose first non-blank character is not `#`. (A single pattern for "only comments and blank lines" with
// nested optional repeats backtracks exponentially on indented lines and long comment headers.)
const CONTENT_LINE = /^[ \t]*[^ \t\r\n#]/m;

/**
 * The documents of a YAML stream. Each is parsed on first access to `doc`, so a caller that finds a document's
 * text in its cache never pays for parsing it: an edit in one document of a bundle re-parses only that document.
 * `shared`: parses by document text, filled and re-used across streams that repeat documents (the builds of one
 * Kustomize tree); only for readers that do not change the parsed documents.
 */
export function parseYamlDocuments(text: string, shared?: Map<string, Document.Parsed>): YamlDocument[] {
  const docs: YamlDocument[] = [];
  for (const chunk of splitYamlDocuments(text)) {
    const chunkText = text.slice(chunk.start, chunk.end);
    // Leading comments before the first `---` are not a document of their own.
    if (!chunk.hasStartMarker && !CONTENT_LINE.test(chunkText)) continue;
    docs.push(lazyDocument(docs.length, chunk.start, chunkText, shared));
  }
  return docs;
}

function lazyDocument(index: number, base: number, text: string, shared?: Map<string, Document.Parsed>): YamlDocument {
  let parsed: Document.Parsed | undefined;
  const parse = (): Document.Parsed => {
    const known = shared?.get(text);
    if (known) return known;
    const doc = parseYamlText(withoutCrdSchema(text));
    shared?.set(text, doc);
    return doc;
  };
  return {
    index,
    base,
    text,
    get doc() {
      return (parsed ??= parse());
    },
  };
}

export function parseYamlText(text: string): Document.Parsed {
  // `uniqueKeys: false`: duplicate keys are reported by a rule, not as a parse error that hides the document.
  // `maxAliasCount` bounds alias expansion ("billion laughs") when values are converted.
  return parseDocument(text, { keepSourceTokens: false, uniqueKeys: false, prettyErrors: false, strict: false });
}
