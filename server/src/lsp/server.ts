import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from '../engine/analyze';
import { join } from 'node:path';
import { CommandIds, FIX_ALL_KIND, PIN_ALL_KIND, SETTINGS_SECTION, WorkspaceTrustNotification, type ClientSettings, type KubewardInitOptions, type PinImagesArgs } from '../protocol';
import { ImageResolver } from '../registry/resolver';
import { codeActions } from './code-actions';
import { DiagnosticsPublisher } from './diagnostics';
import { hoverAt } from './hover';
import { PinService } from './pin';
import { AnalysisStore } from './store';

/** Wires the LSP connection to the engine. Every handler is a thin call into a module of its own. */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  const analyzer = new Analyzer();
  let pullConfiguration = false;
  let registerConfiguration = false;
  let pushedSettings: ClientSettings | undefined;
  const settingsCache = new Map<string, Promise<ClientSettings>>();

  const settingsFor = (uri: string): Promise<ClientSettings> => {
    if (!pullConfiguration) return Promise.resolve(pushedSettings ?? {});
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (v: ClientSettings | null) => v ?? {},
        () => ({}),
      );
      settingsCache.set(uri, s);
    }
    return s;
  };

  const store = new AnalysisStore(analyzer, settingsFor);
  const publisher = new DiagnosticsPublisher(connection, store);
  publisher.settingsFor = settingsFor;
  let pins = new PinService(connection, documents, settingsFor, new ImageResolver());

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    registerConfiguration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    const init = params.initializationOptions as KubewardInitOptions | undefined;
    pushedSettings = init?.settings;
    // The digest cache lives in the extension's storage; without one it stays in memory.
    pins = new PinService(connection, documents, settingsFor, new ImageResolver({ cacheDir: init?.storagePath ? join(init.storagePath, 'registry-cache') : undefined }));
    pins.trusted = init?.workspaceTrusted !== false;
    pins.progressSupported = !!params.capabilities.window?.workDoneProgress;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND, PIN_ALL_KIND] },
        executeCommandProvider: { commands: [CommandIds.pinImages] },
      },
      serverInfo: { name: 'kubeward-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (registerConfiguration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((err: unknown) => {
        connection.console.warn(`kubeward: could not register for configuration changes: ${String(err)}`);
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const pushed = (change.settings as { kubeward?: ClientSettings } | undefined)?.kubeward;
    if (pushed) pushedSettings = pushed;
    store.clear();
    for (const doc of documents.all()) publisher.schedule(doc, 0);
  });

  documents.onDidOpen((e) => publisher.schedule(e.document, 0));
  documents.onDidChangeContent((e) => publisher.schedule(e.document));
  documents.onDidClose((e) => {
    settingsCache.delete(e.document.uri);
    publisher.clear(e.document.uri);
  });

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const findings = hoverAt(await store.resultFor(doc), params.position);
    const image = pins.hover(doc, params.position);
    if (!findings || !image) return findings ?? image;
    const value = (h: typeof findings) => (h.contents as { value: string }).value;
    return { contents: { kind: 'markdown', value: `${value(findings)}\n\n---\n\n${value(image)}` }, range: findings.range };
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return [...(await codeActions(doc, await store.resultFor(doc), params, store)), ...(await pins.codeActions(doc, params))];
  });

  connection.onExecuteCommand(async (params, token) => {
    if (params.command === CommandIds.pinImages) return pins.pin(params.arguments?.[0] as PinImagesArgs, token);
    return null;
  });

  connection.onNotification(WorkspaceTrustNotification.method, () => {
    pins.trusted = true;
  });

  connection.onShutdown(() => publisher.dispose());
  documents.listen(connection);
  connection.listen();
}
