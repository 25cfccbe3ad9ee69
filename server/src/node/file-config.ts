import { dirname, resolve } from 'node:path';
import { isConfigFileName } from '../engine/config/parse';
import { resolveConfig } from '../engine/config/resolve';
import { toEngineSettings } from '../engine/settings';
import { LineIndex } from '../engine/text';
import type { EngineSettings, Finding } from '../engine/types';
import { ConfigFiles, workspaceFolderOf } from './config-files';

/**
 * Config files for the command line: the same lookup as the editor, with the current directory as the workspace
 * folder (files outside it get only their own folder's config). Command-line flags win over config files.
 */
export class CliConfig {
  private readonly files = new ConfigFiles();
  private readonly root = resolve('.');

  constructor(
    private readonly knownRuleIds: ReadonlySet<string>,
    private readonly flags: Partial<EngineSettings>,
  ) {}

  /** Settings by folder: every file of a folder has the same config chain, so an audit resolves it once per folder. */
  private readonly byFolder = new Map<string, EngineSettings>();

  settingsFor(file: string): EngineSettings {
    const path = resolve(file);
    const folder = dirname(path);
    let settings = this.byFolder.get(folder);
    if (!settings) {
      const root = workspaceFolderOf(path, [this.root]);
      const eff = resolveConfig({ chain: this.files.chainFor(path, root), read: (p) => this.files.read(p), settings: toEngineSettings({}), knownRuleIds: this.knownRuleIds, trusted: true, workspaceRoot: root });
      settings = { ...eff.settings, ...this.flags };
      this.byFolder.set(folder, settings);
    }
    return settings;
  }

  /** Problems of a config file met during the walk, as findings, so a broken config fails the audit visibly. */
  problemsOf(file: string, text: string): Finding[] | undefined {
    if (!isConfigFileName(file)) return undefined;
    const path = resolve(file);
    const { problems } = resolveConfig({ chain: [{ path, text }], read: (p) => this.files.read(p), settings: toEngineSettings({}), knownRuleIds: this.knownRuleIds, trusted: true });
    const lines = new LineIndex(text);
    return problems
      .filter((p) => p.file === path)
      .map((p) => ({ ruleId: p.code, severity: p.severity, message: p.message, range: lines.rangeOf(p.start, p.end), offset: { start: p.start, end: p.end }, docIndex: 0, fixes: [] }));
  }
}
