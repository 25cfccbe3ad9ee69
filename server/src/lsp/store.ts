import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from '../engine/analyze';
import { isConfigFileName } from '../engine/config/parse';
import { fileKindOf } from '../engine/file-kind';
import { toEngineSettings } from '../engine/settings';
import type { AnalysisInput, AnalysisResult } from '../engine/types';
import { helmChartInputFor, helmTemplateValuesFor, isInHelmChart } from '../node/helm-chart';
import { KustomizeLookup } from './kustomize';
import type { ClientSettings } from '../protocol';
import { ConfigService } from './config';

/** The latest analysis per open document, keyed by URI and version, so hovers and code actions reuse it. */
export class AnalysisStore {
  private results = new Map<string, { version: number; result: Promise<AnalysisResult> }>();
  private valuesFiles = new Map<string, readonly string[]>();

  /** Kustomize trees of open files: built in the background, cached by the tree's contents. */
  readonly kustomize: KustomizeLookup;

  constructor(
    private readonly analyzer: Analyzer,
    private readonly settingsFor: (uri: string) => Promise<ClientSettings>,
    readonly config: ConfigService = new ConfigService(analyzer.ruleIds),
  ) {
    this.kustomize = new KustomizeLookup(analyzer);
  }

  /** Editor settings, then config files on top (only for files on disk: an untitled buffer has no folder). */
  async settingsOf(doc: TextDocument) {
    const editor = toEngineSettings(await this.settingsFor(doc.uri));
    return doc.uri.startsWith('file:') ? this.config.effective(uriPath(doc.uri), editor) : { settings: editor, sources: [], problems: [], root: undefined, excludedBy: undefined };
  }

  /** The Helm values files configured for a document when it was last analysed (pin targets read them, synchronously). */
  helmValuesFilesOf(uri: string): readonly string[] {
    return this.valuesFiles.get(uri) ?? [];
  }

  async inputFor(doc: TextDocument): Promise<AnalysisInput> {
    const path = uriPath(doc.uri);
    const { settings } = await this.settingsOf(doc);
    this.valuesFiles.set(doc.uri, settings.helmValuesFiles);
    const onDisk = doc.uri.startsWith('file:');
    const text = doc.getText();
    // Only YAML files belong to Kustomize trees (kustomization files, resources, patches).
    const kustomize = onDisk && fileKindOf(path, doc.languageId) === 'yaml' ? this.kustomize.inputFor(path, text, settings, await this.settingsFor(doc.uri), this.config.trusted, this.config.folders) : undefined;
    return { text, path, languageId: doc.languageId, settings, inHelmChart: onDisk && isInHelmChart(path), helmChart: onDisk ? helmChartInputFor(path, settings.helmValuesFiles) : undefined, helmTemplateValues: onDisk ? helmTemplateValuesFor(path, settings.helmValuesFiles) : undefined, kustomize };
  }

  resultFor(doc: TextDocument): Promise<AnalysisResult> {
    const cached = this.results.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.result;
    const path = uriPath(doc.uri);
    const result = doc.uri.startsWith('file:') && isConfigFileName(path)
      ? this.settingsFor(doc.uri).then((s) => this.config.configFileResult(path, doc.getText(), toEngineSettings(s)))
      : this.inputFor(doc).then((input) => this.analyzer.analyze(input));
    this.results.set(doc.uri, { version: doc.version, result });
    return result;
  }

  get engine(): Analyzer {
    return this.analyzer;
  }

  forget(uri: string): void {
    this.results.delete(uri);
    this.valuesFiles.delete(uri);
  }

  clear(): void {
    this.results.clear();
  }
}

export function uriPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  // untitled:Untitled-1, vscode-remote://…: the last path segment still tells the kind of file.
  return decodeURIComponent(uri.replace(/^[a-z-]+:(\/\/[^/]*)?/i, ''));
}
