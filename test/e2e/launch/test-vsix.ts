#!/usr/bin/env node
// `npm run test:vsix`: builds the .vsix with `npm run package`, installs that file into a code-server with its own
// empty extensions folder (`--install-extension`), and runs the smoke suite and the UI check against the installed
// extension. Catches what only the package shows: files left out by .vscodeignore, a broken bundle, stray weight.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installExtension, startCodeServer } from './code-server';
import { FIXTURES_DIR, REPO_ROOT, SUITE_DIR, VSCODE_TEST_DIR } from './paths';
import { Report, runLauncher } from './report';
import { runSession } from './sessions';
import { uiCheck } from './ui-check';
import { launchBrowser } from './workbench';

const VSIX = join(REPO_ROOT, 'kubeward.vsix');
/** Everything is bundled into three files; a package past this has picked up node_modules or test data. */
const MAX_VSIX_BYTES = 2 * 1024 * 1024;

/**
 * VS Code loads a test module only together with an extension under development; this empty one stands in, so the
 * kubeward that runs is the installed one.
 */
function testHostExtension(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'test-host', publisher: 'kubeward-e2e', version: '0.0.0', engines: { vscode: '^1.90.0' } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

async function main(): Promise<number> {
  const report = new Report('vsix');
  await report.check('npm run package builds kubeward.vsix', async () => {
    rmSync(VSIX, { force: true });
    execFileSync('npm', ['run', 'package'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const bytes = statSync(VSIX).size;
    report.note('kubeward.vsix bytes', bytes);
    if (bytes > MAX_VSIX_BYTES) throw new Error(`kubeward.vsix is ${bytes} bytes, over ${MAX_VSIX_BYTES}`);
  });
  const stateDir = join(VSCODE_TEST_DIR, 'state', 'vsix');
  rmSync(stateDir, { recursive: true, force: true });
  await report.check('code-server --install-extension kubeward.vsix', async () => {
    const out = installExtension(stateDir, VSIX);
    if (!/was successfully installed/.test(out)) throw new Error(`unexpected install output:\n${out}`);
    const installed = readdirSync(join(stateDir, 'extensions')).filter((d) => d.startsWith('kubeward.kubeward-'));
    if (installed.length !== 1) throw new Error(`expected one kubeward.kubeward-<version> folder in the extensions folder, found ${JSON.stringify(installed)}`);
  });

  const server = await startCodeServer({ stateDir });
  const browser = await launchBrowser();
  try {
    const host = testHostExtension(join(VSCODE_TEST_DIR, 'test-host-extension'));
    report.add(await runSession(browser, server, { name: 'vsix-extension-host', fixture: join(FIXTURES_DIR, 'workspace'), testsPath: join(SUITE_DIR, 'smoke.js'), extensionDevelopmentPath: host }));
    await uiCheck(report, browser, server, { name: 'vsix-ui' });
  } finally {
    await browser.close();
    await server.stop();
  }
  return report.finish();
}

runLauncher(main);
