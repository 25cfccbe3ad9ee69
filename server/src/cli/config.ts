import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveConfig } from '../engine/config/resolve';
import { toEngineSettings } from '../engine/settings';
import type { EngineSettings, Finding } from '../engine/types';
import { CliConfig } from '../node/file-config';

export class ConfigError extends Error {}

/** How the audit finds each file's settings: `.kubeward.*` files found on the way (like the editor), or one `--config FILE`. */
export interface CliSettings {
  /** Settings for the run as a whole (workspace rules, size limit). */
  base: EngineSettings;
  settingsFor(file: string): EngineSettings;
  /** Problems of a config file met during the walk, as findings (undefined for other files). */
  problemsOf?(file: string, text: string): Finding[] | undefined;
}

const read = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

/** Command-line flags win over config files in both modes. */
export function cliSettings(configFile: string | undefined, knownRuleIds: ReadonlySet<string>, flags: Partial<EngineSettings>, cwd: string): CliSettings {
  if (!configFile) {
    const config = new CliConfig(knownRuleIds, flags);
    return { base: config.settingsFor(resolve(cwd, '.kubeward-audit')), settingsFor: (f) => config.settingsFor(f), problemsOf: (f, t) => config.problemsOf(f, t) };
  }
  const path = resolve(cwd, configFile);
  const text = read(path);
  if (text === undefined) throw new ConfigError(`cannot read config ${configFile}`);
  const resolveFor = (file?: string) => resolveConfig({ file, chain: [{ path, text }], read, settings: toEngineSettings({}), knownRuleIds, trusted: true, workspaceRoot: cwd });
  const errors = resolveFor().problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new ConfigError(`config ${configFile}: ${errors.map((e) => e.message).join(' ')}`);
  return { base: { ...resolveFor().settings, ...flags }, settingsFor: (f) => ({ ...resolveFor(f).settings, ...flags }) };
}
