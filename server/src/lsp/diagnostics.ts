import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl } from '../engine/rule';
import type { AnalysisResult, Finding, Severity } from '../engine/types';
import { DIAGNOSTIC_SOURCE, FileStatusNotification, type ClientSettings } from '../protocol';
import type { AnalysisStore } from './store';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DEFAULT_DEBOUNCE_MS = 150;

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: LSP_SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: f.ruleId.startsWith('kubeward/') ? undefined : { href: ruleDocsUrl(f.ruleId) },
    message: f.message,
    data: { ruleId: f.ruleId, docIndex: f.docIndex },
    ...(f.related?.length
      ? { relatedInformation: f.related.map((r) => ({ location: { uri: pathToFileURL(r.path).href, range: r.range }, message: r.message })) }
      : {}),
  };
}

/** Debounces analysis per document and publishes diagnostics for the version that was analysed. */
export class DiagnosticsPublisher {
  /** Cancels the analysis waiting to run, per document. */
  private pending = new Map<string, () => void>();
  /** The last status sent per document: a keystroke that changes no count sends none (one message less per edit). */
  private statusSent = new Map<string, string>();
  settingsFor: (uri: string) => Promise<ClientSettings> = async () => ({});
  /** Findings from outside the document's own analysis (the workspace audit's cross-file rules). */
  extraFindings: (uri: string) => Finding[] = () => [];

  constructor(
    private readonly connection: Connection,
    private readonly store: AnalysisStore,
  ) {}

  async schedule(doc: TextDocument, delay?: number): Promise<void> {
    this.cancel(doc.uri);
    const ms = delay ?? (await this.settingsFor(doc.uri)).debounceMs ?? DEFAULT_DEBOUNCE_MS;
    // Another change may have been scheduled while the settings were read: the later one replaces it.
    this.cancel(doc.uri);
    const run = () => {
      this.pending.delete(doc.uri);
      void this.publish(doc);
    };
    // No delay means right after the messages already read: a zero timeout would wait a millisecond (Node's least).
    if (ms > 0) {
      const timer = setTimeout(run, ms);
      this.pending.set(doc.uri, () => clearTimeout(timer));
    } else {
      const immediate = setImmediate(run);
      this.pending.set(doc.uri, () => clearImmediate(immediate));
    }
  }

  private cancel(uri: string): void {
    this.pending.get(uri)?.();
    this.pending.delete(uri);
  }

  private async publish(doc: TextDocument): Promise<void> {
    const version = doc.version;
    let result: AnalysisResult;
    try {
      result = await this.store.resultFor(doc);
    } catch (err) {
      this.connection.console.error(`kubeward: analysis of ${doc.uri} failed: ${String(err)}`);
      return;
    }
    // A newer edit arrived while analysing: its own run will publish.
    if (doc.version !== version) return;
    const diagnostics = [...result.findings, ...this.extraFindings(doc.uri)].map(toDiagnostic);
    if (result.skipped && (result.skipped.reason === 'too-large' || result.skipped.reason === 'partial')) {
      diagnostics.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, code: 'kubeward/skipped', message: result.skipped.message });
    }
    void this.connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
    const counts = { error: 0, warning: 0, info: 0, hint: 0 };
    for (const f of result.findings) counts[f.severity]++;
    const status: FileStatusNotification.Params = { uri: doc.uri, counts, skipped: result.skipped?.message };
    const key = JSON.stringify(status);
    if (this.statusSent.get(doc.uri) === key) return;
    this.statusSent.set(doc.uri, key);
    void this.connection.sendNotification(FileStatusNotification.method, status);
  }

  clear(uri: string): void {
    this.cancel(uri);
    this.statusSent.delete(uri);
    this.store.forget(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
  }
}
