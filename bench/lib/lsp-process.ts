import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { languageServerExecArgv } from '../../server/src/node/v8-pool';
import { REPO_ROOT } from '../../test/helpers/paths';

/** How to start a language server and what to answer when it asks for `workspace/configuration`. */
export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  /** Settings per section name (`kubeward`, `yaml`, `http`…); unknown sections get `{}`. */
  sections: Record<string, unknown>;
}

/** kubeward's language server over stdio, started with the Node flags the extension starts it with. */
export function kubewardServer(settings: Record<string, unknown>): ServerSpec {
  return {
    name: 'kubeward',
    command: process.execPath,
    args: [...languageServerExecArgv(), resolve(REPO_ROOT, 'server/dist/server.js'), '--stdio'],
    sections: { kubeward: settings },
  };
}

/**
 * A minimal LSP client over stdio for timing: it records every publishDiagnostics with the time it arrived, so a
 * measurement waits for the first publication after an edit (matched by version when the server sends one).
 */
export class LspProcess {
  readonly proc: ChildProcess;
  private readonly connection: ProtocolConnection;
  private waiter: { uri: string; version?: number; resolve: (at: number) => void } | undefined;
  stderr = '';

  constructor(readonly spec: ServerSpec) {
    this.proc = spawn(spec.command, spec.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p: PublishDiagnosticsParams) => {
      const at = performance.now();
      const w = this.waiter;
      // Servers that send a version are matched exactly; the others are timed to their next publication.
      if (w && w.uri === p.uri && (p.version === undefined || w.version === undefined || p.version === w.version)) {
        this.waiter = undefined;
        w.resolve(at);
      }
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((i) => spec.sections[i.section ?? ''] ?? {}));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { dynamicRegistration: false } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: this.spec.sections });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /** Resolves with the arrival time of the next matching publishDiagnostics. */
  nextDiagnostics(uri: string, version: number | undefined, timeoutMs = 120_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.spec.name}: no diagnostics for ${uri} v${version} in ${timeoutMs} ms\n${this.stderr}`)), timeoutMs);
      this.waiter = { uri, version, resolve: (at) => (clearTimeout(timer), resolve(at)) };
    });
  }

  open(uri: string, text: string, languageId: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Inserts `insert` at a zero-based line/character, as one keystroke of an editor would. */
  type(uri: string, version: number, line: number, character: number, insert: string): Promise<void> {
    const at = { line, character };
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: insert }],
    });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.proc.kill();
  }
}
