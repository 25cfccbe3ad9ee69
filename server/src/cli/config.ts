import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { toEngineSettings } from '../engine/settings';
import type { EngineSettings } from '../engine/types';
import type { ClientSettings } from '../protocol';

export class ConfigError extends Error {}

export interface CliConfig {
  settings: EngineSettings;
  exclude: string[];
}

/**
 * Reads `--config FILE` (YAML or JSON): `rules` (as in the editor's kubeward.rules), `exclude` (globs) and
 * `maxFileBytes`. Without a file, the defaults.
 */
export function loadCliConfig(file: string | undefined): CliConfig {
  if (!file) return { settings: toEngineSettings({}), exclude: [] };
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read config ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`config ${file}: expected a mapping at the top level`);
  const data = raw as ClientSettings & { exclude?: unknown };
  if (data.exclude !== undefined && !(Array.isArray(data.exclude) && data.exclude.every((g) => typeof g === 'string'))) {
    throw new ConfigError(`config ${file}: "exclude" must be a list of glob strings`);
  }
  return { settings: toEngineSettings(data), exclude: (data.exclude as string[] | undefined) ?? [] };
}
