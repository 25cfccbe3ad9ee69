#!/usr/bin/env node
// `npm run test:editor`: the extension under development in a real VS Code (code-server + headless Chromium).
// Runs the main extension-host suite, one activation window per file kind, and the UI-level check.
// Needs `npm run build`, the compiled tests (out/e2e) and `node scripts/editor/setup.mjs`.
import { join } from 'node:path';
import { startCodeServer } from './code-server';
import { FIXTURES_DIR, REPO_ROOT, SUITE_DIR, VSCODE_TEST_DIR } from './paths';
import { Report, runLauncher } from './report';
import { ACTIVATION_FILES, runSession } from './sessions';
import { uiCheck } from './ui-check';
import { launchBrowser } from './workbench';

async function main(): Promise<number> {
  const report = new Report('editor');
  const server = await startCodeServer({ stateDir: join(VSCODE_TEST_DIR, 'state', 'dev') });
  const browser = await launchBrowser();
  try {
    report.add(await runSession(browser, server, { name: 'extension-host', fixture: join(FIXTURES_DIR, 'workspace'), testsPath: join(SUITE_DIR, 'index.js'), extensionDevelopmentPath: REPO_ROOT }));
    for (const file of ACTIVATION_FILES) {
      report.add(
        await runSession(browser, server, {
          name: `activation-${file.replace(/\W/g, '-')}`,
          testsPath: join(SUITE_DIR, 'activation.js'),
          extensionDevelopmentPath: REPO_ROOT,
          request: { open: join(FIXTURES_DIR, 'activation', file) },
        }),
      );
    }
    await uiCheck(report, browser, server, { name: 'editor-ui', extensionDevelopmentPath: REPO_ROOT });
  } finally {
    await browser.close();
    await server.stop();
  }
  return report.finish();
}

runLauncher(main);
