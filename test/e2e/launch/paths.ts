// Paths shared by the launchers (the same values as scripts/editor/paths.mjs, which the setup script uses).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (launchers run from out/e2e/launch/). */
export const REPO_ROOT = resolve(__dirname, '../../..');
export const VSCODE_TEST_DIR = join(REPO_ROOT, '.vscode-test');
/** Pinned in scripts/editor/versions.json (setup.mjs installs that version). */
export const CODE_SERVER_VERSION: string = JSON.parse(readFileSync(join(REPO_ROOT, 'scripts', 'editor', 'versions.json'), 'utf8')).codeServer;
export const CODE_SERVER_ENTRY = join(VSCODE_TEST_DIR, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Screenshots and results of the editor tests. */
export const TEST_OUTPUT_DIR = join(REPO_ROOT, 'test-output');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'e2e', 'fixtures');
/** Compiled extension-host test modules. */
export const SUITE_DIR = join(REPO_ROOT, 'out', 'e2e', 'suite');
export const CHROMIUM = process.env.KUBEWARD_CHROMIUM ?? '/usr/bin/chromium';
