// Messages of the workspace audit between the client and the server. Imports nothing, like protocol.ts.

export namespace AuditCommandIds {
  export const auditWorkspace = 'kubeward.auditWorkspace';
  export const auditFolder = 'kubeward.auditFolder';
  export const exportReport = 'kubeward.exportReport';
  export const groupBySeverity = 'kubeward.auditGroupBySeverity';
  export const groupByFile = 'kubeward.auditGroupByFile';
}

export const AUDIT_VIEW_ID = 'kubeward.auditResults';

export type AuditSeverity = 'error' | 'warning' | 'info' | 'hint';

/** One folder (or a part of one) to audit. */
export interface AuditTargetParams {
  /** The workspace folder: report paths are relative to it. */
  rootUri: string;
  /** What to walk inside it (file: URIs); the whole folder when absent. */
  uris?: string[];
  /** Glob patterns relative to the folder: `files.exclude` and `kubeward.audit.exclude`. */
  exclude: string[];
  /** Prefix for report paths, set in multi-root workspaces (the folder's name). */
  prefix?: string;
}

export interface AuditFinding {
  uri: string;
  path: string;
  ruleId: string;
  ruleTitle: string;
  severity: AuditSeverity;
  category?: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface AuditResult {
  cancelled: boolean;
  filesDone: number;
  filesTotal: number;
  /** Files analysed this time, and files whose earlier result was reused (same content hash). */
  analysed: number;
  reused: number;
  findings: AuditFinding[];
  skipped: { uri?: string; path: string; reason: string; message: string }[];
  bySeverity: Record<AuditSeverity, number>;
  byCategory: Record<string, Record<AuditSeverity, number>>;
}

/** Runs an audit; supports `workDoneToken` progress and cancellation. */
export namespace AuditRequest {
  export const method = 'kubeward/audit';
  export interface Params {
    targets: AuditTargetParams[];
    workDoneToken?: string | number;
  }
}

/** Sent after file watchers triggered a re-audit of the last audited targets. */
export namespace AuditUpdatedNotification {
  export const method = 'kubeward/auditUpdated';
}

/** Renders the last audit as a report; `null` when there was none yet. */
export namespace ExportReportRequest {
  export const method = 'kubeward/exportReport';
  export interface Params {
    format: 'sarif' | 'json' | 'markdown' | 'html' | 'text';
  }
  export interface Result {
    text: string;
  }
}
