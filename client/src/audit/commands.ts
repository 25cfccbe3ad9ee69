import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import {
  AUDIT_VIEW_ID,
  AuditCommandIds,
  AuditRequest,
  AuditUpdatedNotification,
  ExportReportRequest,
  type AuditResult,
  type AuditTargetParams,
} from '../../../server/src/audit-protocol';
import { AuditTree } from './tree';

const EXPORT_FORMATS: { label: string; format: ExportReportRequest.Params['format']; extension: string }[] = [
  { label: 'SARIF 2.1.0', format: 'sarif', extension: 'sarif' },
  { label: 'JSON', format: 'json', extension: 'json' },
  { label: 'Markdown', format: 'markdown', extension: 'md' },
  { label: 'HTML (single file)', format: 'html', extension: 'html' },
];

/** `files.exclude` patterns switched on for the folder, plus kubeward's own `kubeward.audit.exclude`. */
function excludesFor(folder: vscode.WorkspaceFolder): string[] {
  const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  const own = vscode.workspace.getConfiguration('kubeward', folder.uri).get<string[]>('audit.exclude') ?? [];
  // `files.exclude` globs may start with `**/`; the walker matches paths relative to the folder, which suits them.
  return [...Object.entries(filesExclude).filter(([, on]) => on === true).map(([glob]) => glob), ...own];
}

function targetsFor(uri?: vscode.Uri): AuditTargetParams[] | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const multiRoot = folders.length > 1;
  const target = (folder: vscode.WorkspaceFolder, uris?: vscode.Uri[]): AuditTargetParams => ({
    rootUri: folder.uri.toString(),
    uris: uris?.map((u) => u.toString()),
    exclude: excludesFor(folder),
    prefix: multiRoot ? folder.name : undefined,
  });
  if (!uri) return folders.filter((f) => f.uri.scheme === 'file').map((f) => target(f));
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? [target(folder, [uri])] : undefined;
}

/** Audit Workspace / Audit Folder, the results tree and Export Report…, talking to the language server. */
export function registerAuditCommands(context: vscode.ExtensionContext, client: LanguageClient): AuditTree {
  const tree = new AuditTree();
  const view = vscode.window.createTreeView(AUDIT_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const show = (result: AuditResult) => {
    tree.setResult(result);
    view.message = tree.summary();
  };
  tree.setGrouping('severity');
  let run = 0;

  const audit = async (uri?: vscode.Uri): Promise<AuditResult | undefined> => {
    const targets = targetsFor(uri);
    if (!targets?.length) {
      void vscode.window.showWarningMessage('kubeward: open a folder to audit.');
      return undefined;
    }
    const workDoneToken = `kubeward-audit-${++run}`;
    const title = uri ? `kubeward: auditing ${vscode.workspace.asRelativePath(uri)}` : 'kubeward: auditing the workspace';
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      let shown = 0;
      const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? shown;
        progress.report({ message: value.message, increment: percentage - shown });
        shown = percentage;
      });
      try {
        // Cancelling the notification cancels the request: the server stops between two files.
        return await client.sendRequest<AuditResult>(AuditRequest.method, { targets, workDoneToken } satisfies AuditRequest.Params, token);
      } finally {
        sub.dispose();
      }
    });
    show(result);
    if (result.cancelled) void vscode.window.showInformationMessage(`kubeward: audit cancelled after ${result.filesDone} of ${result.filesTotal} files.`);
    else {
      void vscode.commands.executeCommand(`${AUDIT_VIEW_ID}.focus`);
      void vscode.window.setStatusBarMessage(`kubeward: ${tree.summary()}`, 10000);
    }
    return result;
  };

  const exportReport = async (): Promise<vscode.Uri | undefined> => {
    const pick = await vscode.window.showQuickPick(EXPORT_FORMATS, { placeHolder: 'Report format' });
    if (!pick) return undefined;
    const report = await client.sendRequest<ExportReportRequest.Result | null>(ExportReportRequest.method, { format: pick.format } satisfies ExportReportRequest.Params);
    if (!report) {
      void vscode.window.showWarningMessage('kubeward: run "Audit Workspace" first.');
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `kubeward-report.${pick.extension}`) : undefined,
      filters: { [pick.label]: [pick.extension] },
    });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(report.text));
    void vscode.window.showInformationMessage(`kubeward: report written to ${vscode.workspace.asRelativePath(target)}.`);
    return target;
  };

  context.subscriptions.push(
    view,
    vscode.commands.registerCommand(AuditCommandIds.auditWorkspace, () => audit()),
    vscode.commands.registerCommand(AuditCommandIds.auditFolder, (uri?: vscode.Uri) => audit(uri ?? vscode.window.activeTextEditor?.document.uri)),
    vscode.commands.registerCommand(AuditCommandIds.exportReport, exportReport),
    vscode.commands.registerCommand(AuditCommandIds.groupBySeverity, () => tree.setGrouping('severity')),
    vscode.commands.registerCommand(AuditCommandIds.groupByFile, () => tree.setGrouping('file')),
    client.onNotification(AuditUpdatedNotification.method, (result: AuditResult) => show(result)),
  );
  return tree;
}
