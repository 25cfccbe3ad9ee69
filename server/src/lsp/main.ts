#!/usr/bin/env node
// Entry point of `kubeward-language-server`: `--stdio`, `--node-ipc` or `--socket=N`, as vscode-languageserver reads them.
import '../node/plain-env';
import { startServer } from './server';

// A bug in one request must not take the editor's YAML support down: log it and keep serving.
process.on('uncaughtException', (err) => process.stderr.write(`kubeward: uncaught exception: ${err?.stack ?? String(err)}\n`));
process.on('unhandledRejection', (err) => process.stderr.write(`kubeward: unhandled rejection: ${String(err)}\n`));

startServer();
