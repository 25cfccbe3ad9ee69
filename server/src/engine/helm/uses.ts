// The template reader: finds where a chart's templates place values that carry security settings, without rendering.
// It recognises the idioms charts use (`toYaml .Values.X`, `{{- with .Values.X }}` + `toYaml .`, `omit .Values.X
// "enabled" | toYaml`, Bitnami's `"secContext" .Values.X`, `.Values.P.repository`/`.Values.P.tag`, also across the
// lines of a named template such as Bitnami's `common.images.image`). A full renderer
// could replace this module: the judge only consumes `ValueUse`s.
import { guardsByLine, type Guard } from './conditions';
import { collectDefines, expandTemplate, type ExpandedLine, type ViaLine } from './expand';
import { kindsByLine, scalarUse, type Either, type ScalarField } from './scalars';

/** One template file of a chart, as the caller read it. */
export interface TemplateFile {
  /** Path as the caller names it (shown in messages and related information). */
  path: string;
  text: string;
  /** A library chart's file (Bitnami `common`): only its named templates are read, never its manifests. */
  library?: boolean;
}

export type ValueUseKind = 'container-security-context' | 'pod-security-context' | 'image' | 'scalar';

/** A place in a template where the value at `path` under `.Values` is rendered. */
export interface ValueUse {
  kind: ValueUseKind;
  path: string[];
  template: string;
  /** Zero-based line of the template where the value is used, and the columns of its text (indentation left out). */
  line: number;
  columns: [number, number];
  /** `if` guards around the use, readable without rendering: the use is rendered only when all hold. */
  guards: Guard[];
  /** For images: the tag falls back to `.Chart.AppVersion` when the value is empty. */
  tagDefaultsToAppVersion?: boolean;
  /** For scalars: the field the value fills (`hostNetwork`, `privileged`, `image`...). */
  field?: ScalarField;
  /** For scalars written `or .Values.a .Values.b` (or `and`): the operands, of which the defaults render one. */
  either?: Either;
  /** The include lines and `define` lines the use came through, outermost first (empty when written in place). */
  via: ViaLine[];
}

const SECURITY_CONTEXT_KEY = /^([ \t]*)securityContext:[ \t]*(.*)$/;
/** A whole-map reference: `toYaml .Values.X`, `omit .Values.X ...`, `"secContext" .Values.X`, or `toYaml .` inside a `with`. */
const MAP_REF = /(?:toYaml|omit|"secContext")[ \t]+(\$?\.Values\.[\w.]+|\.)(?=[\s|)}])/;
const WITH_VALUES = /\{\{-?[ \t]*with[ \t]+\$?\.Values\.([\w.]+)[ \t]*-?\}\}/;
const TEMPLATE_ONLY = /^[ \t]*\{\{.*\}\}[ \t]*$/;

/** Files whose text is not a manifest template: notes and chart tests are not deployed workloads. */
export function isTemplateForAnalysis(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return !/\/NOTES\.txt$/i.test(p) && !/\/templates\/tests\//.test(p);
}

export function readValueUses(templates: readonly TemplateFile[]): ValueUse[] {
  const uses: ValueUse[] = [];
  const defines = collectDefines(templates);
  for (const file of templates) {
    if (file.library || !isTemplateForAnalysis(file.path)) continue;
    const expanded = expandTemplate(file, defines);
    const lines = expanded.map((l) => l.expanded);
    const guards = guardsByLine(lines.join('\n'));
    const kinds = kindsByLine(lines);
    for (let i = 0; i < lines.length; i++) {
      const source = expanded[i];
      const columns: [number, number] = [indentOf(source.text), source.text.trimEnd().length];
      const at = { template: source.template, line: source.line, guards: guards[i] ?? [], columns, via: source.via };
      const sc = securityContextUse(lines, i);
      if (sc) {
        // Rendered by a named template's body (`securityContext: {{- include "x" . | nindent 12 }}`): the use is that
        // body's line, reached through the key's include.
        const body = expanded[sc.from];
        const fromBody = body.via.length > source.via.length;
        const where = fromBody ? { template: body.template, line: body.line, columns: [indentOf(body.text), body.text.trimEnd().length] as [number, number], via: body.via } : {};
        uses.push({ kind: sc.kind, path: sc.path, ...at, ...where });
      }
      const image = imageUse(lines, i);
      if (image) uses.push({ ...image, ...at });
      const built = namedImageUse(expanded, lines, i);
      if (built) {
        // Reported through the body line that reads the tag, so the related information walks the include chain.
        const body = expanded[built.from];
        uses.push({ kind: 'image', path: built.path, tagDefaultsToAppVersion: built.tagDefaultsToAppVersion, ...at, template: body.template, line: body.line, columns: [indentOf(body.text), body.text.trimEnd().length], via: body.via });
      }
      const scalar = scalarUse(lines, i, kinds[i]);
      if (scalar) uses.push({ kind: 'scalar', ...scalar, ...at });
    }
  }
  return uses;
}

/** A securityContext key filled from a values map; `from` is the line holding the reference (the key's or the next). */
function securityContextUse(lines: string[], i: number): (Pick<ValueUse, 'kind' | 'path'> & { from: number }) | undefined {
  const m = SECURITY_CONTEXT_KEY.exec(lines[i]);
  if (!m) return undefined;
  const indent = m[1].length;
  // The value is on the key's line or on the next line (block or template action).
  const candidates: [string, number][] = [[m[2], i]];
  const nextIndex = lines.findIndex((l, j) => j > i && l.trim() !== '');
  const next = nextIndex >= 0 ? lines[nextIndex] : undefined;
  if (next !== undefined && (TEMPLATE_ONLY.test(next) || indentOf(next) > indent)) candidates.push([next, nextIndex]);
  for (const [text, from] of candidates) {
    const ref = MAP_REF.exec(text);
    if (!ref) continue;
    const path = ref[1] === '.' ? enclosingWith(lines, i) : ref[1].replace(/^\$?\.Values\./, '').split('.');
    if (!path) return undefined;
    return { kind: isContainerLevel(lines, i, indent) ? 'container-security-context' : 'pod-security-context', path, from };
  }
  return undefined;
}

/** The values path of the nearest `{{- with .Values.X }}` just above line `i` (within a few lines). */
function enclosingWith(lines: string[], i: number, reach = 4): string[] | undefined {
  for (let j = i; j >= Math.max(0, i - reach); j--) {
    const w = WITH_VALUES.exec(lines[j]);
    if (w) return w[1].split('.');
  }
  return undefined;
}

/** A container's keys sit under a `- ` list item; a pod's `securityContext` under `spec:` (or at a helper's top level). */
function isContainerLevel(lines: string[], i: number, indent: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const l = lines[j];
    if (l.trim() === '' || TEMPLATE_ONLY.test(l) || l.trimStart().startsWith('#')) continue;
    if (indentOf(l) < indent) return l.trimStart().startsWith('- ');
  }
  return false;
}

function imageUse(lines: string[], i: number): Pick<ValueUse, 'kind' | 'path' | 'tagDefaultsToAppVersion'> | undefined {
  const line = lines[i];
  const absolute = /\.Values\.([\w.]+)\.repository\b/.exec(line);
  let path: string[] | undefined;
  if (absolute && line.includes(`.Values.${absolute[1]}.tag`)) path = absolute[1].split('.');
  else if (/\{\{-?[ \t]*\.repository[ \t]*-?\}\}/.test(line) && /\{\{-?[ \t]*\.tag\b/.test(line)) path = enclosingWith(lines, i);
  if (!path) return undefined;
  return { kind: 'image', path, tagDefaultsToAppVersion: line.includes('.Chart.AppVersion') };
}

/** A container's `image:` whose whole value is a named template: `image: {{ include "x.image" . }}`, quoted or not. */
const IMAGE_INCLUDE = /^[ \t]*(?:-[ \t]+)?image:[ \t]*["']?\{\{-?[ \t]*(?:include|template)[ \t]+"/;

/**
 * An image built by a named template from one values map, over several body lines (Bitnami's `common.images.image`:
 * `$repositoryName := .imageRoot.repository`, `$termination := .imageRoot.tag`, `if .imageRoot.digest` …, with
 * `imageRoot` bound to `.Values.P` by the include's `dict`). The shape read: the body the include expands to names
 * `.Values.P.repository` and `.Values.P.tag` for one P; `.Chart.AppVersion` in it means an empty tag falls back to the
 * chart's version. A body whose single line already holds both is an ordinary image use (`imageUse`). `from` is the
 * body line reading the tag.
 */
function namedImageUse(expanded: readonly ExpandedLine[], lines: string[], i: number): (Pick<ValueUse, 'path' | 'tagDefaultsToAppVersion'> & { from: number }) | undefined {
  if (!IMAGE_INCLUDE.test(lines[i])) return undefined;
  const depth = expanded[i].via.length;
  let end = i + 1;
  while (end < expanded.length && expanded[end].via.length > depth) end++;
  const body = lines.slice(i + 1, end);
  if (body.some((_, k) => imageUse(lines, i + 1 + k))) return undefined;
  const text = body.join('\n');
  for (const m of text.matchAll(/\.Values\.([\w.]+)\.repository\b/g)) {
    const tag = new RegExp(`\\.Values\\.${m[1].replace(/\./g, '\\.')}\\.tag\\b`);
    const from = body.findIndex((l) => tag.test(l));
    if (from >= 0) return { path: m[1].split('.'), tagDefaultsToAppVersion: text.includes('.Chart.AppVersion'), from: i + 1 + from };
  }
  return undefined;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
