// Opens the VS Code workbench served by code-server in headless Chromium (Debian's, driven by playwright-core),
// optionally with an extension under development and a test module (the URL `payload`, the only way code-server
// accepts extensionDevelopmentPath / extensionTestsPath).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CodeServer } from './code-server';
import { CHROMIUM } from './paths';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run \`node scripts/editor/setup.mjs\``);
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

export interface WorkbenchOptions {
  folder: string;
  /** Absolute path of an extension folder to load as under development. */
  extensionDevelopmentPath?: string;
  /** Absolute path of a compiled test module exporting `run()`. */
  extensionTestsPath?: string;
}

export function workbenchUrl(server: CodeServer, options: WorkbenchOptions): string {
  const remote = (path: string) => `vscode-remote://${new URL(server.url).host}${path}`;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: options.folder });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query.toString()}`;
}

/** A fresh browser context per window, so no state (recent files, layout) leaks between windows. */
export async function openWorkbench(browser: Browser, server: CodeServer, options: WorkbenchOptions): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(workbenchUrl(server, options));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}

export async function closeWorkbench(page: Page): Promise<void> {
  await page.context().close();
}

export async function screenshot(page: Page, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file });
}
