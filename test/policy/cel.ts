import { celEnv, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { POD_VARIABLES, pssCel, type CelVariable } from '../../server/src/policy/pss-cel';

/**
 * JSON as the API server hands it to CEL: whole numbers are ints, not doubles, and null fields are gone (decoding
 * into the typed object drops them).
 */
export function toCel(v: unknown): unknown {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return v.map(toCel);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, toCel(x)]));
  return v;
}

// With the strings extension, as the Kubernetes CEL environment has it (k8s/ingress-no-tls uses `substring`).
const ENV = celEnv({ funcs: strings });
const planned = new Map<string, ReturnType<typeof plan>>();

export function evaluate(expression: string, bindings: Record<string, unknown>): unknown {
  let program = planned.get(expression);
  if (!program) planned.set(expression, (program = plan(ENV, parse(expression))));
  let result: unknown;
  try {
    result = program(bindings as never);
  } catch (err) {
    result = err;
  }
  if (result instanceof Error || (result && typeof result === 'object' && 'message' in result && !(result instanceof Map))) {
    throw new Error(`CEL error in ${expression.slice(0, 80)}…: ${String((result as Error).message ?? result)}`);
  }
  return result;
}

/** Evaluates policies the way an admission controller does: variables in order, then each expression (true = allowed). */
export function denied(object: unknown, expressions: readonly { name: string; expression: string }[], celVariables: readonly CelVariable[] = POD_VARIABLES): string[] {
  const obj = toCel(object);
  const variables: Record<string, unknown> = {};
  for (const v of celVariables) variables[v.name] = evaluate(v.expression, { object: obj, variables });
  return expressions
    .filter(({ name, expression }) => {
      const allowed = evaluate(expression, { object: obj, variables });
      if (typeof allowed !== 'boolean') throw new Error(`${name}: expression returned ${String(allowed)}`);
      return !allowed;
    })
    .map((e) => e.name);
}

/** The PSS checks (at policy version v1.`minor`) that deny an object. */
export function deniedChecks(object: unknown, checks: readonly string[], minor?: number): string[] {
  const cel = pssCel(minor);
  return denied(object, checks.map((check) => ({ name: check, expression: cel.find((c) => c.check === check)!.expression })));
}
