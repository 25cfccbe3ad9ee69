import type { WorkspaceFolder } from 'vscode-languageserver/node';
import type { EffectiveConfig } from '../engine/config/resolve';
import { LineIndex } from '../engine/text';
import type { EffectiveConfigurationRequest } from '../protocol';
import type { ConfigService } from './config';
import { uriPath } from './store';

export function folderPaths(folders: readonly WorkspaceFolder[]): string[] {
  return folders.filter((f) => f.uri.startsWith('file:')).map((f) => uriPath(f.uri));
}

/** The answer to "Show Effective Configuration": merged settings, where they came from, and what is wrong. */
export function effectiveConfiguration(uri: string, eff: EffectiveConfig & { root?: string }, config: ConfigService): EffectiveConfigurationRequest.Result {
  const problems = eff.problems.map((p) => {
    const text = config.files.read(p.file) ?? '';
    const pos = new LineIndex(text).positionAt(p.start);
    return { file: p.file, line: pos.line + 1, character: pos.character + 1, message: p.message };
  });
  return {
    uri,
    settings: { ...eff.settings },
    configFiles: eff.sources,
    workspaceFolder: eff.root,
    workspaceTrusted: config.trusted,
    excludedBy: eff.excludedBy,
    problems,
  };
}
