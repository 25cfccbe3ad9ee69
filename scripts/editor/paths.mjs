// Where the editor cache lives. The launchers (test/e2e/launch/paths.ts) read the same versions.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
/** The project cache folder for real editors (ignored by git and by the .vsix). */
export const VSCODE_TEST_DIR = join(REPO_ROOT, '.vscode-test');
/** Pinned: the workbench's behaviour and DOM change between versions, and the UI checks depend on them. */
export const CODE_SERVER_VERSION = JSON.parse(readFileSync(new URL('./versions.json', import.meta.url), 'utf8')).codeServer;
export const CODE_SERVER_DIR = join(VSCODE_TEST_DIR, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
