// A CustomResourceDefinition is almost all OpenAPI schema under its `spec:` (80% of the bytes of the real-world
// corpus), and no rule reads a CRD's spec: rules about CRDs look at apiVersion, kind and metadata. Composing that
// schema into YAML nodes made the audit five times slower, so before parsing, the top-level `spec:` block of a
// block-style CRD is overwritten by one comment line of the same length. Every offset stays where it was (the
// findings' ranges are computed on the original text), the parser skips a comment with one scan, and the object
// that rules see simply has no `spec`. Syntax errors inside a CRD's schema are therefore not reported. Pretty-printed
// JSON CRDs get the same treatment (a comment is allowed inside a YAML flow mapping, and so is the trailing comma left
// when `spec` was the last member).

const CRD_KIND = /^kind:[ \t]*(["']?)CustomResourceDefinition\1[ \t]*(?:#.*)?\r?$/m;
const SPEC_KEY = /^spec:[ \t]*(?:#.*)?\r?$/m;
// The next line starting in column 0 with a key or a document marker ends the block (`-` and `#` lines do not).
const TOP_LEVEL_LINE = /^[^\s#-]/m;
const JSON_CRD_KIND = /^([ \t]+)"kind":[ \t]*"CustomResourceDefinition",?\r?$/m;

/** The text to parse for a YAML document: unchanged unless it is a CRD with a block `spec:` or pretty-printed JSON. */
export function withoutCrdSchema(text: string): string {
  if (!text.includes('CustomResourceDefinition')) return text;
  if (!CRD_KIND.test(text)) {
    const json = jsonSpec(text);
    return json ? blank(text, json[0], json[1]) : text;
  }
  const span = blockSpec(text);
  if (!span) return text;
  // A block `spec:` usually runs to the document's end: then only the text before it is parsed, a slice that copies
  // nothing, where a blanked copy would be as large as the CRD (megabytes over a tree, all of it garbage at once).
  return span[1] === text.length ? text.slice(0, span[0]) : blank(text, span[0], span[1]);
}

function blockSpec(text: string): [number, number] | undefined {
  const spec = SPEC_KEY.exec(text);
  if (!spec) return undefined;
  const afterKey = spec.index + spec[0].length;
  const next = TOP_LEVEL_LINE.exec(text.slice(afterKey + 1));
  return [spec.index, next ? afterKey + 1 + next.index : text.length];
}

// `"spec": {` at the indentation of the top-level `"kind"`, up to its closing brace at the same indentation.
function jsonSpec(text: string): [number, number] | undefined {
  const kind = JSON_CRD_KIND.exec(text);
  if (!kind) return undefined;
  const indent = kind[1];
  const open = new RegExp(`^${indent}"spec":[ \\t]*\\{\\r?$`, 'm').exec(text);
  if (!open) return undefined;
  const close = new RegExp(`^${indent}\\},?\\r?$`, 'm').exec(text.slice(open.index));
  if (!close) return undefined;
  const end = open.index + close.index + close[0].length;
  return [open.index, text[end] === '\n' ? end + 1 : end];
}

// One comment line as long as [start, end), keeping the final line break so what follows still starts a line.
function blank(text: string, start: number, end: number): string {
  const breakAtEnd = text[end - 1] === '\n' ? 1 : 0;
  return `${text.slice(0, start)}#${' '.repeat(end - start - 1 - breakAtEnd)}${breakAtEnd ? '\n' : ''}${text.slice(end)}`;
}
