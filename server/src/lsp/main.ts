#!/usr/bin/env node
// Entry point of `kubeward-language-server`: `--stdio`, `--node-ipc` or `--socket=N`, as vscode-languageserver reads them.
// The same file is the script of the workspace audit's worker thread (./audit-thread.ts): one bundle, not two.
import '../node/plain-env';
import { isMainThread } from 'node:worker_threads';
import { runAuditWorker } from './audit-worker';
import { startServer } from './server';

if (isMainThread) {
  // A bug in one request must not take the editor's YAML support down: log it and keep serving.
  process.on('uncaughtException', (err) => process.stderr.write(`kubeward: uncaught exception: ${err?.stack ?? String(err)}\n`));
  process.on('unhandledRejection', (err) => process.stderr.write(`kubeward: unhandled rejection: ${String(err)}\n`));
  startServer(undefined, __filename);
} else {
  runAuditWorker();
}
