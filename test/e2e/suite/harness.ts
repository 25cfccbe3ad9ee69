// A minimal test runner for the extension host (the @vscode/test-electron convention: the test module exports
// `run()`, which settles when the tests are done). Tests run one after the other, each with a time limit, and the
// outcome is written to the session's results.json for the launcher.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { requestFile, resultsFile, sessionDirOf, type SessionRequest, type SessionResults, type TestOutcome } from '../session';

type TestFn = () => Promise<void> | void;
const registered: { name: string; fn: TestFn }[] = [];
const TEST_TIME_LIMIT_MS = 60_000;

export function test(name: string, fn: TestFn): void {
  registered.push({ name, fn });
}

function sessionDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the editor was opened without a workspace folder');
  return sessionDirOf(folder.uri.fsPath);
}

export function sessionRequest(): SessionRequest {
  const file = requestFile(sessionDir());
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SessionRequest) : {};
}

function withTimeLimit(name: string, work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: did not finish within ${TEST_TIME_LIMIT_MS / 1000} s`)), TEST_TIME_LIMIT_MS);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Runs every registered test and records the outcome; rejects when one failed (so VS Code desktop exits non-zero). */
export async function runRegistered(): Promise<void> {
  const tests: TestOutcome[] = [];
  for (const { name, fn } of registered) {
    const started = Date.now();
    try {
      await withTimeLimit(name, Promise.resolve().then(fn));
      tests.push({ name, ok: true, ms: Date.now() - started });
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      tests.push({ name, ok: false, ms: Date.now() - started, error });
    }
    console.log(`${tests.at(-1)!.ok ? 'ok' : 'FAILED'} - ${name}`);
  }
  const results: SessionResults = { passed: tests.filter((t) => t.ok).length, failed: tests.filter((t) => !t.ok).length, tests };
  writeFileSync(resultsFile(sessionDir()), JSON.stringify(results, null, 2));
  if (results.failed) throw new Error(`${results.failed} of ${tests.length} editor tests failed`);
}
