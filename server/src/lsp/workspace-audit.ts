import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, Diagnostic, TextDocuments, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AuditUpdatedNotification, type AuditFinding, type AuditRequest, type AuditResult, type ExportReportRequest } from '../audit-protocol';
import { isConfigFileName } from '../engine/config/parse';
import { toEngineSettings } from '../engine/settings';
import type { Finding } from '../engine/types';
import type { AuditCacheEntries, AuditTarget } from '../node/audit';
import type { TreeAnalysis } from '../node/kustomize';
import { auditInWorker } from './audit-thread';
import type { ConfigService } from './config';
import { kustomizeOptionsOf } from './kustomize';
import { renderReport } from '../report/formats';
import { summarize, type AuditReport, type ReportFinding } from '../report/model';
import type { ClientSettings } from '../protocol';
import { toDiagnostic } from './diagnostics';
import { uriPath } from './store';

const REAUDIT_DELAY_MS = 300;

function asFinding(f: ReportFinding): Finding {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, offset: { start: 0, end: 0 }, docIndex: 0, fixes: [] };
}

/**
 * "Audit Workspace": walks folders on disk, analyses every manifest and Dockerfile (unchanged files are
 * reused by content hash), runs the workspace rules, and publishes diagnostics for files that are not open. The
 * audit itself runs in a worker thread (./audit-thread.ts).
 */
export class WorkspaceAudit {
  /** Outcomes of audited files by content hash, and Kustomize tree analyses: what the next audit re-uses. */
  private readonly cache: AuditCacheEntries = new Map();
  private trees = new Map<string, TreeAnalysis>();
  private last?: { params: AuditRequest.Params; report: AuditReport; uriByPath: Map<string, string> };
  /** URIs this audit published diagnostics for (to clear them when they go away). */
  private published = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  /** Whether the workspace is trusted (Kustomize builds run only then); set by the server. */
  trusted = () => true;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settingsFor: (uri: string) => Promise<ClientSettings>,
    /** Config files, folders and trust: the worker resolves each file's settings as the editor does. */
    private readonly config: ConfigService,
    /** The server's entry point, which the worker thread runs (see ./main.ts). */
    private readonly workerScript: string,
  ) {}

  async run(params: AuditRequest.Params, token?: CancellationToken, progress?: WorkDoneProgressReporter): Promise<AuditResult> {
    const first = params.targets[0];
    const client = first ? await this.settingsFor(first.rootUri) : {};
    const settings = toEngineSettings(client);
    const targets: AuditTarget[] = params.targets.map((t) => ({
      root: fileURLToPath(t.rootUri),
      paths: t.uris?.length ? t.uris.map((u) => fileURLToPath(u)) : ['.'],
      exclude: t.exclude,
      prefix: t.prefix,
    }));
    // Config files open in the editor apply as typed, before they are saved.
    const openConfigFiles = new Map(this.documents.all().flatMap((d) => (d.uri.startsWith('file:') && isConfigFileName(uriPath(d.uri)) ? [[uriPath(d.uri), d.getText()] as const] : [])));
    progress?.begin('kubeward: auditing', 0, 'finding files…', true);
    const job = auditInWorker(
      this.workerScript,
      {
        targets,
        settings,
        kustomizeOptions: kustomizeOptionsOf(client, this.trusted()),
        config: { folders: this.config.folders, trusted: this.config.trusted, openConfigFiles },
        cache: this.cache,
        trees: this.trees,
      },
      (done, total) => progress?.report(total ? Math.floor((done / total) * 100) : 100, `${done}/${total} files`),
    );
    const cancellation = token?.onCancellationRequested(() => job.cancel());
    if (token?.isCancellationRequested) job.cancel();
    let outcome;
    try {
      outcome = await job.outcome;
    } finally {
      cancellation?.dispose();
      progress?.done();
    }
    const { report, reused } = outcome;
    for (const [file, entry] of outcome.cache) this.cache.set(file, entry);
    this.trees = outcome.trees;
    const uriByPath = new Map(report.files.filter((f) => f.file).map((f) => [f.path, pathToFileURL(f.file!).href]));
    if (!report.cancelled) {
      this.last = { params, report, uriByPath };
      this.publish();
    }
    return this.toResult(report, uriByPath, { analysed: report.files.length - reused, reused });
  }

  private toResult(report: AuditReport, uriByPath: Map<string, string>, counts: { analysed: number; reused: number }): AuditResult {
    const title = new Map(report.rules.map((r) => [r.id, r]));
    const summary = summarize(report);
    const findings: AuditFinding[] = report.findings.map((f) => ({
      uri: uriByPath.get(f.path) ?? '',
      path: f.path,
      ruleId: f.ruleId,
      ruleTitle: title.get(f.ruleId)?.title ?? f.ruleId,
      severity: f.severity,
      category: title.get(f.ruleId)?.category,
      message: f.message,
      range: f.range,
    }));
    return {
      cancelled: !!report.cancelled,
      filesDone: report.files.length,
      filesTotal: report.totalFiles ?? report.files.length,
      analysed: counts.analysed,
      reused: counts.reused,
      findings,
      skipped: [...report.skipped, ...report.files.filter((f) => f.skipped).map((f) => ({ path: f.path, ...f.skipped! }))].map((s) => ({ uri: uriByPath.get(s.path), ...s })),
      bySeverity: summary.bySeverity,
      byCategory: summary.byCategory,
    };
  }

  /** Diagnostics for every audited file that is not open (open files are the regular publisher's). */
  private publish(): void {
    const byUri = new Map<string, Diagnostic[]>();
    for (const f of this.last?.report.findings ?? []) {
      const uri = this.last!.uriByPath.get(f.path);
      if (uri) byUri.set(uri, [...(byUri.get(uri) ?? []), toDiagnostic(asFinding(f))]);
    }
    for (const uri of this.published) if (!byUri.has(uri) && !this.documents.get(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published = new Set(byUri.keys());
    for (const [uri, diagnostics] of byUri) if (!this.documents.get(uri)) void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** When an audited file is closed, its audit diagnostics come back. */
  republish(uri: string): void {
    if (!this.last) return;
    const diagnostics = this.last.report.findings.filter((f) => this.last!.uriByPath.get(f.path) === uri).map((f) => toDiagnostic(asFinding(f)));
    if (diagnostics.length) void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Findings of workspace-level rules in an open document, added to its own diagnostics. */
  workspaceFindingsFor(uri: string): Finding[] {
    if (!this.last) return [];
    return this.last.report.findings.filter((f) => f.ruleId.startsWith('workspace/') && this.last!.uriByPath.get(f.path) === uri).map(asFinding);
  }

  /** File watchers saw a change: re-audit the same targets (cheap, by content hash) and tell the client. */
  filesChanged(): void {
    if (!this.last) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const params = this.last!.params;
      this.running = this.run(params).then(
        (result) => this.connection.sendNotification(AuditUpdatedNotification.method, result),
        (err: unknown) => this.connection.console.error(`kubeward: re-audit failed: ${String(err)}`),
      );
    }, REAUDIT_DELAY_MS);
  }

  exportReport(params: ExportReportRequest.Params): ExportReportRequest.Result | null {
    return this.last ? { text: renderReport(this.last.report, params.format) } : null;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    void this.running;
  }
}
