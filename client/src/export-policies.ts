import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

/**
 * "Kubeward: Export Admission Policies…": asks for the format, the rules (profile) and folder, then runs the bundled CLI
 * (`kubeward export-policy`) so the editor and CI produce the same files.
 */
export async function exportAdmissionPolicies(context: vscode.ExtensionContext, output: vscode.OutputChannel): Promise<void> {
  const format = await vscode.window.showQuickPick(
    [
      { label: 'vap', description: 'ValidatingAdmissionPolicy + binding (built into Kubernetes 1.30+)' },
      { label: 'kyverno', description: 'Kyverno ClusterPolicy (CEL)' },
      { label: 'gatekeeper', description: 'Gatekeeper ConstraintTemplate + Constraint (CEL)' },
    ],
    { title: 'Export admission policies: format' },
  );
  if (!format) return;
  const profile = await vscode.window.showQuickPick(
    [
      { label: 'strict', description: 'every rule the object alone decides (Pod Security restricted and more)' },
      { label: 'pss-restricted', description: 'Pod Security Standards restricted checks only' },
      { label: 'pss-baseline', description: 'Pod Security Standards baseline checks only' },
    ],
    { title: 'Export admission policies: rules' },
  );
  if (!profile) return;
  const level = profile.label;
  const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Export here', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
  if (!folder?.[0]) return;
  const cli = context.asAbsolutePath('server/dist/cli.js');
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  // The extension host's executable runs scripts as plain Node with ELECTRON_RUN_AS_NODE.
  execFile(process.execPath, [cli, 'export-policy', '--format', format.label, '--profile', level, '-o', folder[0].fsPath], { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, (err, stdout, stderr) => {
    output.appendLine(stdout + stderr);
    if (err) void vscode.window.showErrorMessage(`kubeward: export failed: ${stderr || err.message}`);
    else void vscode.window.showInformationMessage(`kubeward: ${stdout.trim()}`);
  });
}
