import { parseDocument, type Document, type Node } from 'yaml';
import { closest } from '../closest';
import type { OffsetEdit, Profile, Severity } from '../types';
import { baseName } from '../file-kind';
import { checkAgainstSchema, nodeAt, pairAt, pointerToPath } from './schema';

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
  /** Entries the schema rejected are `undefined` holes (see `withoutInvalid`); read them with `ignoreEntries`. */
  ignore?: (IgnoreEntryText | undefined)[];
  helm?: { valuesFiles?: string[] };
}

type OneOrMany = string | string[];
/** An `ignore` entry as written (see the schema's `ignoreEntry`). */
export interface IgnoreEntryText {
  rules: OneOrMany;
  reason: string;
  paths?: OneOrMany;
  kind?: OneOrMany;
  name?: OneOrMany;
  namespace?: OneOrMany;
  container?: OneOrMany;
  expires?: string;
}

export const asList = (v: OneOrMany | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

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

  const unknownRule = (id: string, keyPath: string[]) => {
    const node = (keyPath.length === 2 && keyPath[0] === 'rules' ? pairAt(doc, keyPath)?.key : nodeAt(doc, keyPath)) as Node | undefined;
    if (!node?.range) return;
    const [start, end] = unquoted(text, node.range[0], node.range[1]);
    const guess = closest(id, knownRuleIds);
    problem(UNKNOWN_RULE, 'warning', `Unknown rule id \`${id}\`: this setting does nothing.${guess ? ` Did you mean \`${guess}\`?` : ''}`, start, end,
      guess ? [{ title: `Change to \`${guess}\``, edits: [{ start, end, newText: guess }] }] : undefined);
  };
  for (const id of Object.keys(config.rules ?? {})) if (!knownRuleIds.has(id)) unknownRule(id, ['rules', id]);
  for (const [entry, i] of ignoreEntries(config)) {
    asList(entry.rules)!.forEach((id, j) => {
      if (id !== '*' && !knownRuleIds.has(id)) unknownRule(id, Array.isArray(entry.rules) ? ['ignore', String(i), 'rules', String(j)] : ['ignore', String(i), 'rules']);
    });
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
    } else if (path[0] === 'ignore' && path.length >= 2 && Array.isArray(out.ignore)) {
      // One bad entry is dropped, not every ignore; a hole keeps the other entries' indexes (their positions).
      const entries = [...out.ignore];
      entries[Number(path[1])] = undefined;
      out.ignore = entries;
    } else delete out[path[0]];
  }
  return out as KubewardConfig;
}

/** The `ignore` entries that passed validation, with their index in the file's list. */
export function ignoreEntries(config: KubewardConfig): [IgnoreEntryText, number][] {
  return (config.ignore ?? []).flatMap((e, i) => (e ? [[e, i] as [IgnoreEntryText, number]] : []));
}
