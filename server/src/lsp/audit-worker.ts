// The workspace audit's worker thread (see ./audit-thread.ts): runs one audit and posts its report. The server's
// entry point (./main.ts) calls runAuditWorker when it is loaded as the worker's script.
import { parentPort, workerData } from 'node:worker_threads';
import { AuditCache, auditAnalyzer, runAudit } from '../node/audit';
import { KustomizeTrees } from '../node/kustomize';
import type { AuditJob, WorkerMessage } from './audit-thread';
import { ConfigService } from './config';

async function run(job: AuditJob): Promise<WorkerMessage> {
  const analyzer = auditAnalyzer();
  const config = new ConfigService(analyzer.ruleIds);
  config.folders = job.config.folders;
  config.trusted = job.config.trusted;
  config.files.overlay = (path) => job.config.openConfigFiles.get(path);
  const cache = new AuditCache(job.cache);
  const trees = new KustomizeTrees(analyzer, job.trees);
  let cancelled = false;
  parentPort!.on('message', (m) => (cancelled ||= m === 'cancel'));
  let lastProgress = 0;
  const report = await runAudit(job.targets, {
    settings: job.settings,
    settingsFor: (file) => config.effective(file, job.settings).settings,
    analyzer,
    cache,
    kustomize: { options: job.kustomizeOptions, trees },
    isCancelled: () => cancelled,
    onProgress: ({ done, total }) => {
      // A few reports per second are plenty for a progress bar.
      const now = Date.now();
      if (now - lastProgress < 100 && done < total) return;
      lastProgress = now;
      parentPort!.postMessage({ type: 'progress', done, total } satisfies WorkerMessage);
    },
  });
  return { type: 'done', report, cache: cache.added, trees: trees.cache, reused: cache.hits };
}

export function runAuditWorker(): void {
  run(workerData as AuditJob).then(
    (message) => parentPort!.postMessage(message),
    (err: unknown) => parentPort!.postMessage({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerMessage),
  );
}
