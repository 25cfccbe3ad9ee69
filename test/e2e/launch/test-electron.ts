#!/usr/bin/env node
// `npm run test:electron`: the same extension-host test modules in VS Code desktop, through @vscode/test-electron,
// for machines that can download VS Code (it caches it in .vscode-test/ too). CI here uses test-editor.ts instead:
// VS Code desktop cannot be downloaded on these machines.
import { runTests } from '@vscode/test-electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsFile, type SessionResults } from '../session';
import { FIXTURES_DIR, REPO_ROOT, SUITE_DIR } from './paths';
import { Report } from './report';
import { ACTIVATION_FILES, prepareSession } from './sessions';

async function session(report: Report, name: string, testsPath: string, fixture?: string, open?: string): Promise<void> {
  const { dir, workspace } = prepareSession(`electron-${name}`, fixture, open ? { open } : undefined);
  const exitCode = await runTests({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: testsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  }).catch((err: unknown) => {
    report.record({ name: `${name}: VS Code ran`, ok: false, ms: 0, error: String(err) });
    return -1;
  });
  if (exitCode === -1) return;
  const file = resultsFile(dir);
  if (!existsSync(file)) {
    report.record({ name: `${name}: test module reported`, ok: false, ms: 0, error: `VS Code exited with ${exitCode} and no results` });
    return;
  }
  const results = JSON.parse(readFileSync(file, 'utf8')) as SessionResults;
  report.add({ ...results, tests: results.tests.map((t) => ({ ...t, name: `${name}: ${t.name}` })) });
}

async function main(): Promise<number> {
  const report = new Report('electron');
  await session(report, 'extension-host', join(SUITE_DIR, 'index.js'), join(FIXTURES_DIR, 'workspace'));
  for (const file of ACTIVATION_FILES) {
    await session(report, `activation-${file}`, join(SUITE_DIR, 'activation.js'), undefined, join(FIXTURES_DIR, 'activation', file));
  }
  return report.finish();
}

main().then((code) => process.exit(code));
