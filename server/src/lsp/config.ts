import { resolveConfig, type EffectiveConfig } from '../engine/config/resolve';
import { LineIndex } from '../engine/text';
import type { AnalysisResult, EngineSettings, Finding } from '../engine/types';
import { ConfigFiles, workspaceFolderOf } from '../node/config-files';

export const SHADOWED_CONFIG = 'kubeward/config-shadowed';

/**
 * Effective configuration per file for the language server: editor settings merged with the config files that apply
 * (found on disk or open in the editor), under the workspace's trust. No state besides caches that the server clears
 * when config files or settings change.
 */
export class ConfigService {
  readonly files = new ConfigFiles();
  /** Workspace folder paths (multi-root). */
  folders: string[] = [];
  trusted = true;

  constructor(private readonly knownRuleIds: ReadonlySet<string>) {}

  effective(path: string, editorSettings: EngineSettings): EffectiveConfig & { root?: string } {
    const root = workspaceFolderOf(path, this.folders);
    const chain = this.files.chainFor(path, root);
    const resolved = resolveConfig({ file: path, chain, read: (p) => this.files.read(p), settings: editorSettings, knownRuleIds: this.knownRuleIds, trusted: this.trusted, workspaceRoot: root });
    return { ...resolved, root };
  }

  /** The diagnostics of a config file itself: schema errors, unknown ids, broken `extends`, a shadowed file. */
  configFileResult(path: string, text: string, editorSettings: EngineSettings): AnalysisResult {
    const root = workspaceFolderOf(path, this.folders);
    const { problems } = resolveConfig({ chain: [{ path, text }], read: (p) => this.files.read(p), settings: editorSettings, knownRuleIds: this.knownRuleIds, trusted: this.trusted, workspaceRoot: root });
    const lines = new LineIndex(text);
    const findings: Finding[] = problems
      .filter((p) => p.file === path)
      .map((p) => ({
        ruleId: p.code,
        severity: p.severity,
        message: p.message,
        range: lines.rangeOf(p.start, p.end),
        offset: { start: p.start, end: p.end },
        docIndex: 0,
        fixes: (p.fixes ?? []).map((f) => ({ title: f.title, safe: false, edits: f.edits.map((e) => ({ range: lines.rangeOf(e.start, e.end), newText: e.newText })) })),
      }));
    const shadow = this.files.shadowedBy(path);
    if (shadow) {
      const end = lines.rangeOf(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
      findings.unshift({ ruleId: SHADOWED_CONFIG, severity: 'warning', message: `This file is ignored: ${shadow} in the same folder takes precedence.`, range: end, offset: { start: 0, end: 0 }, docIndex: 0, fixes: [] });
    }
    return { kind: path.endsWith('.json') ? 'json' : 'yaml', findings };
  }
}
