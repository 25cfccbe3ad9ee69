import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  PublishDiagnosticsNotification,
  ConfigurationRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const SERVER_JS = resolve(__dirname, '../../../server/dist/server.js');

/** A real LSP client over stdio against the built `server/dist/server.js`. */
export class LspTestClient {
  readonly proc: ChildProcess;
  readonly connection: ProtocolConnection;
  private waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  settings: unknown = {};
  stderr = '';

  constructor(args: string[] = ['--stdio']) {
    this.proc = spawn(process.execPath, [SERVER_JS, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === p.uri && w.pred(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection.listen();
  }

  async initialize(configuration = true, initializationOptions?: unknown, workspaceFolders: string[] | null = null): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: workspaceFolders?.map((uri, i) => ({ uri, name: `folder${i}` })) ?? null,
      initializationOptions,
      capabilities: {
        workspace: { configuration, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: !!workspaceFolders, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  diagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (p) => (clearTimeout(timer), resolvePromise(p)) });
    });
  }

  open(uri: string, text: string, languageId = 'yaml', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Replaces the whole text of an open document. */
  change(uri: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.proc.kill();
  }
}
