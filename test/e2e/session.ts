// The contract between a launcher (plain Node, outside the editor) and a test module running inside the editor's
// extension host. Each run of a test module gets a session folder:
//   <session>/workspace/     the folder the editor opens (a fresh copy of a fixture)
//   <session>/session.json   what the launcher asks of the test module (optional)
//   <session>/results.json   written by the test module when it has finished; the launcher waits for it
// Neither side needs an environment variable or a port: the extension host runs on the same machine.
import { dirname, join } from 'node:path';

export interface SessionRequest {
  /** A file outside the workspace to open first (activation tests). */
  open?: string;
  /** The language id VS Code must give that file. */
  languageId?: string;
  /** Whether kubeward is expected to report something in that file. */
  expectFindings?: boolean;
}

export interface TestOutcome {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface SessionResults {
  passed: number;
  failed: number;
  tests: TestOutcome[];
}

export const sessionDirOf = (workspaceFolder: string): string => dirname(workspaceFolder);
export const requestFile = (sessionDir: string): string => join(sessionDir, 'session.json');
export const resultsFile = (sessionDir: string): string => join(sessionDir, 'results.json');
