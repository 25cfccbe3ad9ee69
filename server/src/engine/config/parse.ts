import { parseDocument, type Document, type Node } from 'yaml';
import { closest } from '../closest';
import type { OffsetEdit, Profile, Severity } from '../types';
import { baseName } from '../file-kind';
import { checkAgainstSchema, pairAt, pointerToPath } from './schema';

export const CONFIG_FILE_NAMES = ['.kubeward.yaml', '.kubeward.yml', '.kubeward.json'] as const;
export const CONFIG_ERROR = 'kubeward/config-error';
export const UNKNOWN_RULE = 'kubeward/unknown-rule';

export function isConfigFileName(path: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(baseName(path));
}

export type RuleSettingText = Severity | 'off' | { severity?: Severity | 'off'; options?: Record<string, unknown> };

/** A config file's content after validation: invalid entries are left out (and reported). */
export interface KubewardConfig {
  extends?: string | string[];
  profile?: Profile;
  kubernetesVersion?: string;
  rules?: Record<string, RuleSettingText>;
  exclude?: string[];
  trustedRegistries?: string[];
  allowInlineSuppressions?: boolean;
  requireReason?: boolean;
}

/** A problem in a config file, placed on the key or value at fault. */
export interface ConfigProblem {
  file: string;
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes?: { title: string; edits: OffsetEdit[] }[];
}

export interface ParsedConfig {
  path: string;
  config: KubewardConfig;
  problems: ConfigProblem[];
  doc: Document.Parsed;
}

/** Parses and validates one config file's text (YAML or JSON); pure. */
export function parseConfig(path: string, text: string, knownRuleIds: ReadonlySet<string>): ParsedConfig {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = [];
  const problem = (code: string, severity: Severity, message: string, start: number, end: number, fixes?: ConfigProblem['fixes']) =>
    problems.push({ file: path, code, severity, message, start, end: Math.max(end, start + 1), fixes });
  for (const e of doc.errors) problem(CONFIG_ERROR, 'error', `Config syntax error: ${e.message.split('\n')[0]}`, e.pos[0], e.pos[1]);
  if (doc.errors.length) return { path, config: {}, problems, doc };

  const value: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const invalid: string[][] = [];
  for (const p of checkAgainstSchema(doc, value)) {
    problem(CONFIG_ERROR, 'error', p.message, p.start, p.end);
    invalid.push(pointerToPath(p.pointer));
  }
  const config = withoutInvalid(value, invalid);

  for (const id of Object.keys(config.rules ?? {})) {
    if (knownRuleIds.has(id)) continue;
    const key = pairAt(doc, ['rules', id])?.key as Node | undefined;
    if (!key?.range) continue;
    const [start, end] = unquoted(text, key.range[0], key.range[1]);
    const guess = closest(id, knownRuleIds);
    problem(UNKNOWN_RULE, 'warning', `Unknown rule id \`${id}\`: this setting does nothing.${guess ? ` Did you mean \`${guess}\`?` : ''}`, start, end,
      guess ? [{ title: `Change to \`${guess}\``, edits: [{ start, end, newText: guess }] }] : undefined);
  }
  problems.sort((a, b) => a.start - b.start);
  return { path, config, problems, doc };
}

/** The part of a key inside its quotes, so a replacement keeps the user's quoting. */
function unquoted(text: string, start: number, end: number): [number, number] {
  const q = text[start];
  return (q === '"' || q === "'") && text[end - 1] === q ? [start + 1, end - 1] : [start, end];
}

/**
 * Drops the values the schema rejected, at the level the user can recognise: a whole top-level key, or one rule's
 * entry under `rules`. The rest of the file still applies.
 */
function withoutInvalid(value: unknown, invalid: string[][]): KubewardConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const path of invalid) {
    if (path.length === 0) return {};
    if (path[0] === 'rules' && path.length >= 2 && typeof out.rules === 'object' && out.rules !== null) {
      const rules = { ...(out.rules as Record<string, unknown>) };
      delete rules[path[1]];
      out.rules = rules;
    } else delete out[path[0]];
  }
  return out as KubewardConfig;
}
