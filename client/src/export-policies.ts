import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EffectiveConfigurationRequest } from '../../server/src/protocol';

/** What a caller (a keybinding, a task, a test) may pass to skip the questions. */
export interface ExportPoliciesArgs {
  format?: 'vap' | 'kyverno' | 'gatekeeper';
  profile?: 'strict' | 'pss-restricted' | 'pss-baseline';
  /** Absolute path of the folder to write into. */
  folder?: string;
}

export interface ExportPoliciesResult {
  folder: string;
  /** The Pod Security Standards version the policies follow. */
  pssVersion: string;
  /** The CLI's own summary line. */
  summary: string;
}

/**
 * "Kubeward: Export Admission Policies…": asks for the format, the rules (profile) and folder, then runs the bundled CLI
 * (`kubeward export-policy`) so the editor and CI produce the same files. The Pod Security Standards version is the one
 * the editor's checks follow in the workspace folder (VS Code settings < config files), so admission enforces what the
 * diagnostics showed.
 */
export async function exportAdmissionPolicies(context: vscode.ExtensionContext, output: vscode.OutputChannel, client: LanguageClient | undefined, args: ExportPoliciesArgs = {}): Promise<ExportPoliciesResult | undefined> {
  const format = await choose(args.format, 'Export admission policies: format', [
    { label: 'vap', description: 'ValidatingAdmissionPolicy + binding (built into Kubernetes 1.30+)' },
    { label: 'kyverno', description: 'Kyverno ClusterPolicy (CEL)' },
    { label: 'gatekeeper', description: 'Gatekeeper ConstraintTemplate + Constraint (CEL)' },
  ]);
  if (!format) return undefined;
  const profile = await choose(args.profile, 'Export admission policies: rules', [
    { label: 'strict', description: 'every rule the object alone decides (Pod Security restricted and more)' },
    { label: 'pss-restricted', description: 'Pod Security Standards restricted checks only' },
    { label: 'pss-baseline', description: 'Pod Security Standards baseline checks only' },
  ]);
  if (!profile) return undefined;
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0];
  const folder = args.folder ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Export here', defaultUri: workspaceFolder?.uri }))?.[0]?.fsPath;
  if (!folder) return undefined;
  const pssVersion = await workspacePssVersion(client, workspaceFolder);
  const cli = context.asAbsolutePath('server/dist/cli.js');
  const argv = [cli, 'export-policy', '--format', format, '--profile', profile, '--pss-version', pssVersion, '-o', folder];
  return new Promise((done) => {
    // The extension host's executable runs scripts as plain Node with ELECTRON_RUN_AS_NODE.
    execFile(process.execPath, argv, { cwd: workspaceFolder?.uri.fsPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, (err, stdout, stderr) => {
      output.appendLine(stdout + stderr);
      if (err) {
        void vscode.window.showErrorMessage(`kubeward: export failed: ${stderr || err.message}`);
        done(undefined);
        return;
      }
      void vscode.window.showInformationMessage(`kubeward: ${stdout.trim()}`);
      done({ folder, pssVersion, summary: stdout.trim() });
    });
  });
}

/** The caller's choice, or the user's from a quick pick (undefined when dismissed). */
async function choose<T extends string>(given: T | undefined, title: string, items: { label: T; description: string }[]): Promise<T | undefined> {
  return given ?? (await vscode.window.showQuickPick(items, { title }))?.label;
}

/** The PSS version that applies at the workspace folder's root, as the language server merges it. */
async function workspacePssVersion(client: LanguageClient | undefined, workspaceFolder: vscode.WorkspaceFolder | undefined): Promise<string> {
  const fallback = vscode.workspace.getConfiguration('kubeward', workspaceFolder?.uri).get<string>('pssVersion') ?? 'latest';
  if (!client || !workspaceFolder) return fallback;
  // Config files apply by folder: any file name at the root gets the root's settings.
  const uri = vscode.Uri.joinPath(workspaceFolder.uri, 'kustomization.yaml').toString();
  const result = await client.sendRequest<EffectiveConfigurationRequest.Result>(EffectiveConfigurationRequest.method, { uri } satisfies EffectiveConfigurationRequest.Params);
  const version = result.settings.pssVersion;
  return typeof version === 'string' ? version : fallback;
}
