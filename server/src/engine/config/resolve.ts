import type { ConfigIgnore, EngineSettings, RuleSetting } from '../types';
import { anchorGlob, excludedBy } from './glob';
import { asList, CONFIG_ERROR, ignoreEntries, parseConfig, type ConfigProblem, type IgnoreEntryText, type KubewardConfig, type ParsedConfig, type RuleSettingText } from './parse';
import { dirOf, isInside, resolvePath } from './paths';
import { nodeAt } from './schema';

export const UNTRUSTED_IGNORED = 'kubeward/untrusted-ignored';
export const EXPIRED_IGNORE = 'kubeward/expired-ignore';

export interface ConfigText {
  path: string;
  text: string;
}

export interface ConfigResolveInput {
  /** The file being analysed (absolute path), for `exclude`. */
  file?: string;
  /** Config files that apply to the file, outermost (workspace root) first, nearest last. */
  chain: readonly ConfigText[];
  /** Reads a file named by `extends`; undefined when it cannot be read. The only I/O, supplied by the caller. */
  read(path: string): string | undefined;
  /** The editor's settings, already normalised: the layer config files override. */
  settings: EngineSettings;
  knownRuleIds: ReadonlySet<string>;
  /** Workspace trust (VS Code restricted mode): see `resolveConfig`. */
  trusted: boolean;
  /** The workspace folder holding the file; `extends` may not leave it in an untrusted workspace. */
  workspaceRoot?: string;
}

export interface EffectiveConfig {
  settings: EngineSettings;
  /** Config files applied, lowest precedence first (an `extends` base comes before the file extending it). */
  sources: string[];
  /** Problems in any of the files involved, each naming its file. */
  problems: ConfigProblem[];
  /** The anchored `exclude` pattern that excludes `file`, if any. */
  excludedBy?: string;
}

/**
 * Merges defaults < editor settings < config files (outermost first, nearer files win; a file's `extends` bases sit
 * just below it). Pure: file contents come from `chain` and `read`.
 *
 * In an untrusted workspace config files still apply (they only change what is reported), with two limits: an
 * `extends` outside the workspace folder is not read, and `trustedRegistries` from config files is ignored (a cloned
 * repository must not be able to vouch for its own images).
 */
export function resolveConfig(input: ConfigResolveInput): EffectiveConfig {
  const settings: EngineSettings = { ...input.settings, rules: { ...input.settings.rules }, exclude: [...input.settings.exclude], ignores: [...(input.settings.ignores ?? [])] };
  const out: EffectiveConfig = { settings, sources: [], problems: [] };
  const visiting: string[] = [];

  const applyFile = (parsed: ParsedConfig) => {
    visiting.push(parsed.path);
    out.problems.push(...parsed.problems);
    for (const [base, at] of extendsOf(parsed)) {
      const problem = (severity: ConfigProblem['severity'], code: string, message: string) =>
        out.problems.push({ file: parsed.path, code, severity, message, start: at[0], end: Math.max(at[1], at[0] + 1) });
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(base)) {
        problem('error', CONFIG_ERROR, `\`extends: ${base}\` is ignored: kubeward never downloads configuration. Point to a file in the repository.`);
        continue;
      }
      const target = resolvePath(dirOf(parsed.path), base);
      if (!input.trusted && input.workspaceRoot && !isInside(target, input.workspaceRoot)) {
        problem('warning', UNTRUSTED_IGNORED, `\`extends: ${base}\` is ignored: it is outside the workspace, and the workspace is not trusted.`);
        continue;
      }
      if (visiting.includes(target)) {
        problem('error', CONFIG_ERROR, `\`extends: ${base}\` is circular (${[...visiting.slice(visiting.indexOf(target)), target].join(' → ')}).`);
        continue;
      }
      const text = input.read(target);
      if (text === undefined) {
        problem('error', CONFIG_ERROR, `\`extends: ${base}\` cannot be read (${target}); its settings are not applied.`);
        continue;
      }
      const baseParsed = parseConfig(target, text, input.knownRuleIds);
      applyFile(baseParsed);
      const broken = baseParsed.problems.filter((p) => p.severity === 'error').length;
      if (broken) problem('warning', CONFIG_ERROR, `\`${base}\` has ${broken} error${broken > 1 ? 's' : ''}; its invalid entries are not applied.`);
    }
    applyConfig(settings, parsed, input.trusted, out.problems);
    out.sources.push(parsed.path);
    visiting.pop();
  };

  for (const file of input.chain) applyFile(parseConfig(file.path, file.text, input.knownRuleIds));
  if (input.file) out.excludedBy = excludedBy(input.file, settings.exclude);
  return out;
}

/** Each `extends` entry with the offsets of its value in the file. */
function extendsOf(parsed: ParsedConfig): [string, [number, number]][] {
  const ext = parsed.config.extends;
  if (ext === undefined) return [];
  const list = Array.isArray(ext) ? ext : [ext];
  return list.map((base, i) => {
    const node = nodeAt(parsed.doc, Array.isArray(ext) ? ['extends', String(i)] : ['extends']);
    const r = node?.range ?? [0, 0];
    return [base, [r[0], r[1]]];
  });
}

function applyConfig(settings: EngineSettings, parsed: ParsedConfig, trusted: boolean, problems: ConfigProblem[]): void {
  const c: KubewardConfig = parsed.config;
  if (c.profile !== undefined) settings.profile = c.profile;
  if (c.kubernetesVersion !== undefined) settings.kubernetesVersion = c.kubernetesVersion.replace(/^v/, '');
  if (c.allowInlineSuppressions !== undefined) settings.allowInlineSuppressions = c.allowInlineSuppressions;
  if (c.requireReason !== undefined) settings.requireReason = c.requireReason;
  if (c.helm?.valuesFiles !== undefined) settings.helmValuesFiles = [...c.helm.valuesFiles];
  if (c.trustedRegistries !== undefined) {
    if (trusted) settings.trustedRegistries = [...c.trustedRegistries];
    else {
      const r = nodeAt(parsed.doc, ['trustedRegistries'])?.range ?? [0, 1];
      problems.push({ file: parsed.path, code: UNTRUSTED_IGNORED, severity: 'info', message: '`trustedRegistries` from a config file is ignored while the workspace is not trusted.', start: r[0], end: Math.max(r[1], r[0] + 1) });
    }
  }
  // Patterns are relative to the file that wrote them, so they accumulate instead of replacing each other.
  for (const glob of c.exclude ?? []) settings.exclude.push(anchorGlob(glob, dirOf(parsed.path)));
  for (const [id, value] of Object.entries(c.rules ?? {})) settings.rules[id] = mergeRule(settings.rules[id], value);
  // Entries accumulate like `exclude`: each file adds the exceptions of its own folder.
  for (const [entry, i] of ignoreEntries(c)) {
    const r = nodeAt(parsed.doc, ['ignore', String(i)])?.range ?? [0, 1];
    if (entry.expires !== undefined && entry.expires <= (settings.today ?? new Date().toISOString().slice(0, 10))) {
      const at = nodeAt(parsed.doc, ['ignore', String(i), 'expires'])?.range ?? r;
      problems.push({ file: parsed.path, code: EXPIRED_IGNORE, severity: 'warning', start: at[0], end: Math.max(at[1], at[0] + 1),
        message: `This ignore entry expired on ${entry.expires}: its findings are reported again. Fix them, or extend \`expires\` with a reason.` });
      continue;
    }
    settings.ignores.push(resolvedIgnore(entry, dirOf(parsed.path), { path: parsed.path, start: r[0], end: r[1] }));
  }
}

function resolvedIgnore(entry: IgnoreEntryText, folder: string, source: ConfigIgnore['source']): ConfigIgnore {
  const paths = asList(entry.paths);
  return {
    rules: asList(entry.rules)!,
    reason: entry.reason,
    ...(paths ? { paths: paths.map((g) => anchorGlob(g, folder)) } : {}),
    ...(entry.kind !== undefined ? { kinds: asList(entry.kind) } : {}),
    ...(entry.name !== undefined ? { names: asList(entry.name) } : {}),
    ...(entry.namespace !== undefined ? { namespaces: asList(entry.namespace) } : {}),
    ...(entry.container !== undefined ? { containers: asList(entry.container) } : {}),
    source,
  };
}

function mergeRule(below: RuleSetting | undefined, value: RuleSettingText): RuleSetting {
  if (typeof value === 'string') return { ...below, severity: value };
  const merged: RuleSetting = { ...below };
  if (value.severity !== undefined) merged.severity = value.severity;
  if (value.options !== undefined) merged.options = { ...below?.options, ...value.options };
  return merged;
}
