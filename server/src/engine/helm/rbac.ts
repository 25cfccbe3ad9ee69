// RBAC objects written literally in a template (`{{- if .Values.rbac.create }}` around a Role whose rules are plain
// YAML) are judged as the rendered Role would be, when the chart's default values render them. The template is turned
// into YAML of the same length: lines a template action touches, and lines inside an `if` that is false with the
// default values, become blank; what is left is what every rendering contains. Offsets stay those of the template.
import { isScalar, type YAMLMap } from 'yaml';
import { evaluateGuard, guardsByLine } from './conditions';
import { lineLocator } from './expand';
import { kindsByLine } from './scalars';
import { truthy, valueAt } from './values-tree';

const RBAC_KINDS = /^(?:Role|ClusterRole|RoleBinding|ClusterRoleBinding)$/;
const RBAC_API_VERSION = 'apiVersion: rbac.authorization.k8s.io/v1';

/** The literal RBAC part of a template as YAML with the template's offsets, or undefined when it has none. */
export function literalRbacText(text: string, valuesOf: () => YAMLMap | undefined): string | undefined {
  const lines = text.split(/(?<=\n)/);
  const bodies = lines.map((l) => l.replace(/\r?\n$/, ''));
  const kinds = kindsByLine(bodies);
  if (!kinds.some((k) => k !== undefined && RBAC_KINDS.test(k))) return undefined;
  // Read only now: most templates hold no RBAC object, and the values are a parse of their own.
  const values = valuesOf();
  if (!values) return undefined;
  const guards = guardsByLine(text);
  const touched = linesTouchedByActions(text, lines.length);
  const scalarAt = (path: string[]) => {
    const node = valueAt(values, path);
    return isScalar(node) ? (node.value as string | number | boolean | null) : undefined;
  };
  const rendered = (i: number) => (guards[i] ?? []).every((g) => evaluateGuard(g, (p) => truthy(valueAt(values, p)), scalarAt) !== false);
  let out = '';
  lines.forEach((line, i) => {
    const body = bodies[i];
    const eol = line.slice(body.length);
    const rbac = kinds[i] !== undefined && RBAC_KINDS.test(kinds[i]!);
    if (rbac && rendered(i) && !touched[i]) out += line;
    // The API version is often a helper (`apiVersion: {{ include "common.capabilities.rbac.apiVersion" . }}`): the
    // kind says which group it is, so write it when it fits in the line.
    else if (rbac && rendered(i) && /^apiVersion:/.test(body) && body.length >= RBAC_API_VERSION.length) out += RBAC_API_VERSION.padEnd(body.length) + eol;
    else out += ' '.repeat(body.length) + eol;
  });
  return out;
}

/** True for each line that holds part of a `{{ ... }}` action (actions and comments may span lines). */
function linesTouchedByActions(text: string, count: number): boolean[] {
  const touched = new Array<boolean>(count).fill(false);
  const lineOf = lineLocator(text);
  for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', open + 2)) {
    const close = text.indexOf('}}', open + 2);
    const end = close < 0 ? text.length : close + 2;
    touched.fill(true, lineOf(open), lineOf(end - 1) + 1);
    if (close < 0) break;
    open = close;
  }
  return touched;
}
