import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { languageServerExecArgv } from '../../server/src/node/v8-pool';
import { CommandIds, CONFIG_FILE_GLOB, FileStatusNotification, SETTINGS_SECTION, WorkspaceTrustNotification, type KubewardInitOptions } from '../../server/src/protocol';
import { registerAuditCommands } from './audit/commands';
import { showEffectiveConfiguration } from './effective-config';
import { StatusBar } from './status';
import { exportAdmissionPolicies, type ExportPoliciesArgs } from './export-policies';

let client: LanguageClient | undefined;

/** The documents kubeward analyses: YAML and JSON manifests and Dockerfiles (also by file name). */
export const DOCUMENT_SELECTOR = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'dockerfile' },
  { pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*}' },
];

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient }> {
  const output = vscode.window.createOutputChannel('kubeward');
  const serverModule = context.asAbsolutePath(path.join('server', 'dist', 'server.js'));
  const execArgv = languageServerExecArgv();
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // Config files are watched so a change, creation or deletion re-analyses open documents at once; manifests and
    // Dockerfiles so a workspace audit, once run, stays fresh (re-audited by content hash).
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: [vscode.workspace.createFileSystemWatcher(CONFIG_FILE_GLOB), vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.json,Dockerfile*,Containerfile*,*.Dockerfile,*.Containerfile,.gitignore}')],
    },
    // Registry lookups never run in an untrusted workspace, nor does a config `extends` outside it; the digest cache lives in the extension's storage.
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted, storagePath: context.globalStorageUri.fsPath } satisfies KubewardInitOptions,
  };
  client = new LanguageClient('kubeward', 'kubeward', serverOptions, clientOptions);

  const status = new StatusBar();
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand(CommandIds.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(CommandIds.restartServer, async () => {
      await client?.restart();
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => status.show(e?.document.uri.toString())),
    // The "pin to digest" fix offered while lookups are off leads here: the setting, with its explanation.
    vscode.commands.registerCommand(CommandIds.enableRegistryLookup, () => vscode.commands.executeCommand('workbench.action.openSettings', 'kubeward.registry.lookup')),
    vscode.commands.registerCommand(CommandIds.showEffectiveConfiguration, () => showEffectiveConfiguration(client)),
    vscode.commands.registerCommand(CommandIds.exportAdmissionPolicies, (args?: ExportPoliciesArgs) => exportAdmissionPolicies(context, output, client, args)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(WorkspaceTrustNotification.method)),
  );

  await client.start();
  registerAuditCommands(context, client);
  context.subscriptions.push(
    client.onNotification(FileStatusNotification.method, (p: FileStatusNotification.Params) => {
      status.update(p);
      status.show(vscode.window.activeTextEditor?.document.uri.toString());
    }),
  );
  return { client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
