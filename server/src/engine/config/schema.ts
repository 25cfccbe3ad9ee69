import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import schema from '../../../../schemas/kubeward-config.schema.json';

export { schema as CONFIG_SCHEMA };

/** A schema violation placed on the config text: offsets of the key or value at fault. */
export interface SchemaProblem {
  message: string;
  start: number;
  end: number;
  /** JSON pointer of the offending value (`/rules/k8s~1x/severity`), for dropping it from the effective config. */
  pointer: string;
}

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  // Compiled once per process: the schema is a constant of the build.
  if (!validator) {
    // Loaded here, not at start: most workspaces have no config file, and ajv is a sizeable part of the server's start.
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    // VS Code's JSON language features read these two; ajv only needs to know they are not typos.
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
    validator = ajv.compile(schema);
  }
  return validator;
}

export function checkAgainstSchema(doc: Document.Parsed, value: unknown): SchemaProblem[] {
  const check = validate();
  if (check(value)) return [];
  return bestErrors(check.errors ?? []).map((e) => place(doc, e));
}

type AjvError = ErrorObject & { propertyName?: string };

/**
 * ajv reports every failed branch of an `anyOf`. Keep the branch that got furthest into the value (the one the
 * user evidently meant, e.g. the object form of a rule setting); when no branch got past the value itself, report
 * the `anyOf` once with its `errorMessage`.
 */
function bestErrors(errors: AjvError[]): AjvError[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const dropped = new Set<AjvError>();
  for (const a of anyOfs) {
    const within = (e: AjvError) => e.instancePath === a.instancePath || e.instancePath.startsWith(a.instancePath + '/');
    const branchErrors = errors.filter((e) => e !== a && within(e) && e.schemaPath.startsWith(a.schemaPath + '/'));
    const depth = (e: AjvError) => e.instancePath.split('/').length;
    const deepest = Math.max(...branchErrors.map(depth));
    if (deepest > depth(a)) {
      const branchOf = (e: AjvError) => e.schemaPath.slice(a.schemaPath.length + 1).split('/')[0];
      const chosen = branchOf(branchErrors.find((e) => depth(e) === deepest)!);
      for (const e of branchErrors) if (branchOf(e) !== chosen) dropped.add(e);
      dropped.add(a);
    } else for (const e of branchErrors) dropped.add(e);
  }
  // `propertyNames` repeats its inner error once more for the object.
  return errors.filter((e) => !dropped.has(e) && e.keyword !== 'propertyNames');
}

function messageOf(e: AjvError): string {
  const own = (e.parentSchema as { errorMessage?: string } | undefined)?.errorMessage;
  const at = pointerToPath(e.instancePath).join('.') || 'the config';
  switch (e.keyword) {
    case 'additionalProperties':
      return `Unknown key \`${String(e.params.additionalProperty)}\` in ${at === 'the config' ? 'the config' : `\`${at}\``}.`;
    case 'enum':
      return own ?? `\`${at}\` must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}.`;
    default:
      return own ?? `\`${at}\` ${e.message ?? 'is not valid'}.`;
  }
}

function place(doc: Document.Parsed, e: AjvError): SchemaProblem {
  const path = pointerToPath(e.instancePath);
  const keyName = e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : e.propertyName;
  const target = keyName !== undefined ? pairAt(doc, [...path, keyName])?.key : nodeAt(doc, path);
  const range = (target as Node | undefined)?.range ?? doc.contents?.range ?? [0, 0, 0];
  const pointer = keyName !== undefined ? `${e.instancePath}/${keyName.replace(/~/g, '~0').replace(/\//g, '~1')}` : e.instancePath;
  return { message: messageOf(e), start: range[0], end: Math.max(range[1], range[0] + 1), pointer };
}

export function pointerToPath(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The pair at `path` (the last segment names its key) in a parsed config document. */
export function pairAt(doc: Document.Parsed, path: readonly string[]): Pair<Node, Node | null> | undefined {
  let cur: unknown = doc.contents;
  let pair: Pair<Node, Node | null> | undefined;
  for (const seg of path) {
    if (isMap(cur)) {
      pair = cur.items.find((p) => (isScalar(p.key) ? String(p.key.value) : undefined) === seg) as Pair<Node, Node | null> | undefined;
      cur = pair?.value;
    } else if (isSeq(cur)) {
      pair = undefined;
      cur = cur.items[Number(seg)];
    } else return undefined;
    if (cur === undefined) return pair;
  }
  return pair;
}

/** The value node at `path` (the key node when the value is empty). */
export function nodeAt(doc: Document.Parsed, path: readonly string[]): Node | undefined {
  let cur: unknown = doc.contents;
  for (const seg of path) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => (isScalar(p.key) ? String(p.key.value) : undefined) === seg);
      if (!pair) return undefined;
      cur = pair.value ?? pair.key;
    } else if (isSeq(cur)) cur = cur.items[Number(seg)];
    else return undefined;
  }
  return cur as Node | undefined;
}
