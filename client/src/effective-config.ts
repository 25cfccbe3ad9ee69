import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EffectiveConfigurationRequest } from '../../server/src/protocol';

/** "Kubeward: Show Effective Configuration": the merged settings for the active file, in a read-only JSON editor. */
export async function showEffectiveConfiguration(client: LanguageClient | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) {
    void vscode.window.showInformationMessage('kubeward: open a manifest or Dockerfile to see the configuration that applies to it.');
    return;
  }
  const result = await client.sendRequest<EffectiveConfigurationRequest.Result>(EffectiveConfigurationRequest.method, { uri: editor.document.uri.toString() } satisfies EffectiveConfigurationRequest.Params);
  const header = [
    `// Effective kubeward configuration for ${vscode.workspace.asRelativePath(editor.document.uri)}`,
    '// Precedence: defaults < VS Code settings < config files (outermost first, nearest wins).',
    '',
  ].join('\n');
  const doc = await vscode.workspace.openTextDocument({ language: 'jsonc', content: header + JSON.stringify(result, null, 2) + '\n' });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}
