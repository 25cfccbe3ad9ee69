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
import { toEngineSettings } from '../engine/settings';
import { join, sep } from 'node:path';
import { chartRootOf } from '../node/helm-chart';
import { CommandIds, EffectiveConfigurationRequest, FIX_ALL_KIND, PIN_ALL_KIND, SETTINGS_SECTION, WorkspaceTrustNotification, type ClientSettings, type KubewardInitOptions, type PinImagesArgs } from '../protocol';
import { isConfigFileName } from '../engine/config/parse';
import { effectiveConfiguration, folderPaths } from './effective-config';
import { ImageResolver } from '../registry/resolver';
import { codeActions } from './code-actions';
import { DiagnosticsPublisher } from './diagnostics';
import { hoverAt } from './hover';
import { PinService } from './pin';
import { AnalysisStore, uriPath } from './store';
import { treeRootOf } from '../node/kustomize';
import { isInside } from '../node/walk';
import { AuditRequest, ExportReportRequest } from '../audit-protocol';
import { WorkspaceAudit } from './workspace-audit';
import { reuseDockerfileChunks } from '../engine/dockerfile/parse';
import { keepInstructionReports } from '../engine/dockerfile/check';

/**
 * Wires the LSP connection to the engine. Every handler is a thin call into a module of its own. `entryPoint` is the
 * script of the server's process, which the workspace audit's worker thread runs too (see ./main.ts).
 */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all), entryPoint = process.argv[1]): void {
  // Each keystroke in a Dockerfile re-parses only the stage it changed, and re-checks only the instruction it changed
  // with the rules that look at one instruction at a time.
  reuseDockerfileChunks();
  keepInstructionReports();
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
  // Config files open in the editor apply as typed, before they are saved.
  store.config.files.overlay = (path) => documents.all().find((d) => d.uri.startsWith('file:') && uriPath(d.uri) === path)?.getText();
  /** Settings, a config file or trust changed: every open document is re-analysed now, not on its next edit. */
  const reanalyseAll = () => {
    store.clear();
    for (const doc of documents.all()) void publisher.schedule(doc, 0);
  };
  /** A Kustomize tree finished building, or one of its files was saved: its open files are analysed again. */
  const reanalyseTree = (root: string) => {
    for (const doc of documents.all()) {
      if (!doc.uri.startsWith('file:') || !isInside(root, uriPath(doc.uri))) continue;
      store.forget(doc.uri);
      void publisher.schedule(doc, 0);
    }
  };
  store.kustomize.onBuilt = reanalyseTree;
  /** A file of the Helm chart in `chart` was saved: its other open files are analysed again. */
  const reanalyseChart = (chart: string, saved: string) => {
    for (const doc of documents.all()) {
      if (doc.uri === saved || !doc.uri.startsWith('file:') || !uriPath(doc.uri).startsWith(chart + sep)) continue;
      store.forget(doc.uri);
      void publisher.schedule(doc, 0);
    }
  };
  const isConfigDoc = (uri: string) => uri.startsWith('file:') && isConfigFileName(uriPath(uri));
  let watchFolders = false;
  let pins = new PinService(connection, documents, settingsFor, new ImageResolver(), (uri) => store.helmValuesFilesOf(uri));
  const audit = new WorkspaceAudit(connection, documents, settingsFor, store.config, entryPoint);
  publisher.extraFindings = (uri) => audit.workspaceFindingsFor(uri);
  audit.trusted = () => store.config.trusted;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    registerConfiguration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    const init = params.initializationOptions as KubewardInitOptions | undefined;
    pushedSettings = init?.settings;
    // The digest cache lives in the extension's storage; without one it stays in memory.
    pins = new PinService(connection, documents, settingsFor, new ImageResolver({ cacheDir: init?.storagePath ? join(init.storagePath, 'registry-cache') : undefined }), (uri) => store.helmValuesFilesOf(uri));
    pins.trusted = init?.workspaceTrusted !== false;
    pins.progressSupported = !!params.capabilities.window?.workDoneProgress;
    store.config.trusted = init?.workspaceTrusted !== false;
    store.config.folders = folderPaths(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []));
    watchFolders = !!params.capabilities.workspace?.workspaceFolders;
    return {
      capabilities: {
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND, PIN_ALL_KIND] },
        executeCommandProvider: { commands: [CommandIds.pinImages] },
      },
      serverInfo: { name: 'kubeward-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (watchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(folderPaths(e.removed));
        store.config.folders = [...store.config.folders.filter((f) => !removed.has(f)), ...folderPaths(e.added)];
        reanalyseAll();
      });
    }
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
    reanalyseAll();
  });

  // The client watches `**/.kubeward.{yaml,yml,json}` (and reports creations and deletions too).
  connection.onDidChangeWatchedFiles(() => {
    store.config.files.invalidate();
    reanalyseAll();
    // Manifests and Dockerfiles changed on disk: a workspace audit, if one ran, catches up (by content hash).
    audit.filesChanged();
  });

  documents.onDidOpen((e) => publisher.schedule(e.document, 0));
  documents.onDidChangeContent((e) => (isConfigDoc(e.document.uri) ? reanalyseAll() : publisher.schedule(e.document)));
  // Builds read saved files: a save can change what every file of its Kustomize tree shows.
  documents.onDidSave((e) => {
    if (!e.document.uri.startsWith('file:')) return;
    const path = uriPath(e.document.uri);
    const root = treeRootOf(path, store.config.folders.find((f) => isInside(f, path)));
    if (root) reanalyseTree(root);
    // A chart's values files are judged where its saved templates use them, and its templates with its saved values.
    const chart = chartRootOf(path);
    if (chart) reanalyseChart(chart, e.document.uri);
  });
  documents.onDidClose((e) => {
    settingsCache.delete(e.document.uri);
    publisher.clear(e.document.uri);
    audit.republish(e.document.uri);
    // Closing an edited, unsaved config file brings back what is on disk.
    if (isConfigDoc(e.document.uri)) reanalyseAll();
  });

  connection.onRequest(EffectiveConfigurationRequest.method, async (params: EffectiveConfigurationRequest.Params) => {
    const doc = documents.get(params.uri);
    const editor = doc ? undefined : await settingsFor(params.uri);
    return effectiveConfiguration(params.uri, doc ? await store.settingsOf(doc) : store.config.effective(uriPath(params.uri), toEngineSettings(editor)), store.config);
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
    store.config.trusted = true;
    reanalyseAll();
  });

  // A generic request gets no work-done reporter of its own: attach the client's token by hand.
  connection.onRequest(AuditRequest.method, (params: AuditRequest.Params, token) => audit.run(params, token, connection.window.attachWorkDoneProgress(params.workDoneToken)));
  connection.onRequest(ExportReportRequest.method, (params: ExportReportRequest.Params) => audit.exportReport(params));

  connection.onShutdown(() => {
    publisher.dispose();
    audit.dispose();
  });
  documents.listen(connection);
  connection.listen();
}
