// Runs one extension-host test module in one workbench window and collects its results.json.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { requestFile, resultsFile, type SessionRequest, type SessionResults } from '../session';
import type { CodeServer } from './code-server';
import { TEST_OUTPUT_DIR, VSCODE_TEST_DIR } from './paths';
import { closeWorkbench, openWorkbench, screenshot } from './workbench';

/** The activation windows: one per kind of file kubeward reads (fixtures in test/e2e/fixtures/activation/). */
export const ACTIVATION_FILES = ['manifest.yaml', 'pod.json', 'Dockerfile', 'Containerfile'];

export interface SessionSpec {
  /** Names the session folder and the screenshot. */
  name: string;
  /** Copied into a fresh workspace folder; omitted: an empty folder. */
  fixture?: string;
  /** Compiled test module exporting `run()`. */
  testsPath: string;
  /** The extension under development; omitted when testing the installed .vsix. */
  extensionDevelopmentPath?: string;
  request?: SessionRequest;
  timeoutMs?: number;
}

export function prepareSession(name: string, fixture?: string, request?: SessionRequest): { dir: string; workspace: string } {
  const dir = join(VSCODE_TEST_DIR, 'sessions', name);
  rmSync(dir, { recursive: true, force: true });
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  if (fixture) cpSync(fixture, workspace, { recursive: true });
  if (request) writeFileSync(requestFile(dir), JSON.stringify(request, null, 2));
  return { dir, workspace };
}

async function waitForFile(file: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Opens the window, waits for the test module's results, saves a screenshot; a window that never reports fails. */
export async function runSession(browser: Browser, server: CodeServer, spec: SessionSpec): Promise<SessionResults> {
  const { dir, workspace } = prepareSession(spec.name, spec.fixture, spec.request);
  const page = await openWorkbench(browser, server, { folder: workspace, extensionDevelopmentPath: spec.extensionDevelopmentPath, extensionTestsPath: spec.testsPath });
  const browserErrors: string[] = [];
  page.on('pageerror', (err) => browserErrors.push(err.message));
  try {
    const reported = await waitForFile(resultsFile(dir), spec.timeoutMs ?? 300_000);
    await screenshot(page, join(TEST_OUTPUT_DIR, `${spec.name}.png`));
    if (!reported) {
      const error = `no results from the extension host within the time limit${browserErrors.length ? `; page errors: ${browserErrors.join(' | ')}` : ''}\n${server.output().slice(-4000)}`;
      return { passed: 0, failed: 1, tests: [{ name: `${spec.name}: test module reported`, ok: false, ms: 0, error }] };
    }
    // results.json is written in one call; a partial read would fail to parse, so read again once it is complete.
    const results = await readResults(resultsFile(dir));
    return { ...results, tests: results.tests.map((t) => ({ ...t, name: `${spec.name}: ${t.name}` })) };
  } finally {
    await closeWorkbench(page);
  }
}

async function readResults(file: string): Promise<SessionResults> {
  for (let attempt = 0; ; attempt++) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as SessionResults;
    } catch (err) {
      if (attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
