// The workspace audit runs in a worker thread. Keystrokes are analysed on the server's main thread, and a
// large audit there made them wait for its slices; and the audit's garbage (gigabytes of parser allocations over a
// big tree) grew the main heap to about 250 MB that it kept after the audit, since V8 seldom gives pages back to the
// system. A worker is created per audit and ends with it, and its heap goes with it. What later audits re-use (the
// outcomes of unchanged files, Kustomize builds) comes back with the report and goes to the next worker as a copy.
import { Worker } from 'node:worker_threads';
import type { EngineSettings } from '../engine/types';
import type { AuditCacheEntries, AuditTarget } from '../node/audit';
import type { KustomizeOptions, TreeAnalysis } from '../node/kustomize';
import type { AuditReport } from '../report/model';

/** Everything the worker needs: plain data, copied into the worker. */
export interface AuditJob {
  targets: AuditTarget[];
  settings: EngineSettings;
  kustomizeOptions: KustomizeOptions;
  /** The language server's config-file state: workspace folders, trust, and config files open in the editor. */
  config: { folders: string[]; trusted: boolean; openConfigFiles: Map<string, string> };
  cache: AuditCacheEntries;
  trees: Map<string, TreeAnalysis>;
}

export interface AuditOutcome {
  report: AuditReport;
  /** Cache entries the audit set (files analysed this time); the others are as they were. */
  cache: AuditCacheEntries;
  trees: Map<string, TreeAnalysis>;
  /** Files whose outcome came from `cache`. */
  reused: number;
}

export type WorkerMessage = { type: 'progress'; done: number; total: number } | ({ type: 'done' } & AuditOutcome) | { type: 'failed'; message: string };

/**
 * Runs `job` in a new worker thread of `script` (the server's own entry point, which runs the audit when it is not
 * the main thread); `cancel` asks it to stop (it then reports what it did, marked cancelled).
 */
export function auditInWorker(script: string, job: AuditJob, onProgress: (done: number, total: number) => void): { outcome: Promise<AuditOutcome>; cancel(): void } {
  const worker = new Worker(script, { workerData: job });
  const outcome = new Promise<AuditOutcome>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') return onProgress(m.done, m.total);
      settled = true;
      void worker.terminate();
      if (m.type === 'done') resolve({ report: m.report, cache: m.cache, trees: m.trees, reused: m.reused });
      else reject(new Error(m.message));
    });
    worker.on('error', (err) => ((settled = true), reject(err)));
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the audit worker stopped (exit code ${code})`));
    });
  });
  return { outcome, cancel: () => worker.postMessage('cancel') };
}
