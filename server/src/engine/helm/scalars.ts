// Single security settings a template fills from one value: `hostNetwork: {{ .Values.hostNetwork }}`,
// `privileged: {{ .Values.x.privileged }}`, `image: "{{ .Values.image }}"`. The key's place in the template says what
// it sets (a pod spec field, a container securityContext field, a container image); the judge reads the default value.

/** What a templated scalar sets once rendered. */
export type ScalarField =
  | 'hostNetwork'
  | 'hostPID'
  | 'hostIPC'
  | 'automountServiceAccountToken'
  | 'privileged'
  | 'allowPrivilegeEscalation'
  | 'runAsNonRoot'
  | 'readOnlyRootFilesystem'
  | 'image';

const POD_FIELDS = new Set<ScalarField>(['hostNetwork', 'hostPID', 'hostIPC', 'automountServiceAccountToken']);
const SECURITY_CONTEXT_FIELDS = new Set<ScalarField>(['privileged', 'allowPrivilegeEscalation', 'runAsNonRoot', 'readOnlyRootFilesystem']);

/** `key: {{ .Values.a.b }}`, optionally quoted, with `| quote` or a trailing comment; nothing else in the action. */
const SCALAR_LINE = /^([ \t]*(?:-[ \t]+)?)(\w+):[ \t]*("?)\{\{-?[ \t]*\$?\.Values\.([\w.]+)[ \t]*(?:\|[ \t]*quote[ \t]*)?-?\}\}\3[ \t]*(?:#.*)?$/;
/**
 * `key: {{ or .Values.a .Values.b }}` (or `and`), operands all `.Values` paths: Go renders the first non-empty operand
 * (`and`: the first empty one), else the last, so the default values decide which one is rendered.
 */
const EITHER_LINE = /^([ \t]*(?:-[ \t]+)?)(\w+):[ \t]*("?)\{\{-?[ \t]*(or|and)((?:[ \t]+\$?\.Values\.[\w.]+){2,})[ \t]*(?:\|[ \t]*quote[ \t]*)?-?\}\}\3[ \t]*(?:#.*)?$/;
const TEMPLATE_ONLY = /^[ \t]*\{\{.*\}\}[ \t]*$/;
const WORKLOAD_KINDS = /^(?:Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|ReplicationController|Job|CronJob)$/;

export interface ScalarUse {
  field: ScalarField;
  /** The value rendered; for an `or`/`and` the first operand until the judge picks the one the defaults render. */
  path: string[];
  either?: Either;
}

/** The operands of `or`/`and` in a scalar use: which one is rendered depends on the values. */
export interface Either {
  operator: 'or' | 'and';
  paths: string[][];
}

/**
 * The scalar use on line `i`, when the key sits where it means what its name says: pod fields directly under a
 * workload's pod `spec:`, securityContext fields under a `securityContext:` key, `image` in a list item.
 */
export function scalarUse(lines: readonly string[], i: number, kind: string | undefined): ScalarUse | undefined {
  const m = SCALAR_LINE.exec(lines[i]);
  const e = m ? undefined : EITHER_LINE.exec(lines[i]);
  if (!m && !e) return undefined;
  const [lead, key] = (m ?? e)!.slice(1, 3);
  const field = key as ScalarField;
  const either: Either | undefined = e ? { operator: e[4] as Either['operator'], paths: e[5].trim().split(/[ \t]+/).map((t) => t.replace(/^\$?\.Values\./, '').split('.')) } : undefined;
  const use: ScalarUse = either ? { field, path: either.paths[0], either } : { field, path: m![4].split('.') };
  const indent = lead.length;
  const listItem = lead.includes('-');
  if (field === 'image') return listItem || parentLine(lines, i, indent)?.trimStart().startsWith('- ') ? use : undefined;
  if (listItem) return undefined;
  // The parent key may hold the include that renders this line: `securityContext: {{ include "x.context" . | nindent 12 }}`.
  const parent = parentLine(lines, i, indent)?.trim() ?? '';
  if (POD_FIELDS.has(field)) return /^spec:/.test(parent) && kind !== undefined && WORKLOAD_KINDS.test(kind) ? use : undefined;
  if (SECURITY_CONTEXT_FIELDS.has(field)) return /^securityContext:/.test(parent) ? use : undefined;
  return undefined;
}

/** The nearest line above `i` with less indentation (template-only lines, blanks and comments are skipped). */
function parentLine(lines: readonly string[], i: number, indent: number): string | undefined {
  for (let j = i - 1; j >= 0; j--) {
    const l = lines[j];
    if (l.trim() === '' || TEMPLATE_ONLY.test(l) || l.trimStart().startsWith('#')) continue;
    if (l.length - l.trimStart().length < indent) return l;
  }
  return undefined;
}

/** For each line, the object kind written literally (`kind: Deployment`) in its `---` document, if any. */
export function kindsByLine(lines: readonly string[]): (string | undefined)[] {
  const docOf: number[] = [];
  const kinds: (string | undefined)[] = [];
  let doc = 0;
  for (const l of lines) {
    if (/^---/.test(l)) doc++;
    docOf.push(doc);
    const k = /^kind:[ \t]*["']?(\w+)["']?[ \t]*(?:#.*)?$/.exec(l);
    if (k && kinds[doc] === undefined) kinds[doc] = k[1];
  }
  return docOf.map((d) => kinds[d]);
}
