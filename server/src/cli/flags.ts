import { parseArgs } from 'node:util';

interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in the help for the flag's value. */
  value?: string;
  help: string;
}

// One table for every `audit` flag: parsing and the help text both come from it, and a new flag is one entry.
export const AUDIT_FLAGS = {
  format: { type: 'string', short: 'f', value: 'FORMAT', help: 'text (default), json, sarif, markdown or html' },
  output: { type: 'string', short: 'o', value: 'FILE', help: 'write the report to FILE instead of standard output' },
  'fail-on': { type: 'string', value: 'SEVERITY', help: 'exit 1 only for findings at or above SEVERITY: error, warning, info, hint (default: any finding) or none' },
  config: { type: 'string', short: 'c', value: 'FILE', help: 'read settings (rule severities, excludes) from FILE' },
  baseline: { type: 'string', value: 'FILE', help: 'report only findings that are not in FILE, a previous JSON or SARIF report' },
  fix: { type: 'boolean', help: 'apply safe fixes in place, print what changed, then report what is left' },
  exclude: { type: 'string', multiple: true, value: 'GLOB', help: 'leave out files and folders matching GLOB (repeatable)' },
  'no-gitignore': { type: 'boolean', help: 'also audit files that .gitignore lists' },
  'max-file-bytes': { type: 'string', value: 'N', help: 'skip files larger than N bytes (default 8388608), reported as skipped' },
  'stdin-filename': { type: 'string', value: 'NAME', help: 'file name for text read from "-" (default stdin.yaml; e.g. Dockerfile)' },
  profile: { type: 'string', value: 'PROFILE', help: "strict (default): every rule, Pod Security checks at restricted level; pss-baseline / pss-restricted: only that level's Pod Security Standards checks" },
  'pss-version': { type: 'string', value: 'VERSION', help: 'Pod Security Standards policy version: latest (default) or v1.N (e.g. v1.29)' },
  cache: { type: 'string', value: 'FILE', help: 'keep outcomes in FILE and re-use them next time for files, charts and Kustomize trees that did not change (discarded when kubeward or the day changes)' },
  kubectl: { type: 'string', value: 'PATH', help: 'kubectl used to build Kustomize trees (default: kubectl on the PATH; run offline)' },
  'no-kustomize-build': { type: 'boolean', help: 'do not build Kustomize trees: judge files as written (patches only on the values they set)' },
  'helm-values': { type: 'string', multiple: true, value: 'FILE', help: "Helm values file applied over each chart's values.yaml, like helm -f (repeatable; later wins)" },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const satisfies Record<string, FlagSpec>;

export type AuditFlags = ReturnType<typeof parseAuditArgs>['values'];

export function parseAuditArgs(args: string[]) {
  return parseArgs({ args, options: AUDIT_FLAGS, allowPositionals: true, strict: true });
}

export function flagsHelp(): string {
  const rows = Object.entries(AUDIT_FLAGS as Record<string, FlagSpec>).map(([name, spec]) => {
    const left = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return `  ${left.padEnd(30)} ${spec.help}`;
  });
  return rows.join('\n');
}
