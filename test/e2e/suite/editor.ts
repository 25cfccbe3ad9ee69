// What the extension-host tests do through the public VS Code API: open files, wait for diagnostics, change settings.
import { readFileSync, readdirSync } from 'node:fs';
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'kubeward.kubeward';
export const SOURCE = 'kubeward';

export function kubeward(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  return ext;
}

/** Polls `probe` until it returns a value (not undefined/false), failing with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders![0];
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

export function kubewardDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function ruleOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

/** Waits until kubeward's diagnostics for `uri` satisfy `accept`, and returns them. */
export function diagnosticsWhen(uri: vscode.Uri, what: string, accept: (ds: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitFor(`${what} in ${uri.path}`, () => {
    const ds = kubewardDiagnostics(uri);
    return accept(ds) ? ds : undefined;
  });
}

export const hasRule = (rule: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => ruleOf(d) === rule);
export const lacksRule = (rule: string) => (ds: vscode.Diagnostic[]) => !ds.some((d) => ruleOf(d) === rule);

export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): vscode.Range {
  return new vscode.Range(startLine, startCharacter, endLine, endCharacter);
}

export function assertRange(actual: vscode.Range, expected: vscode.Range, what: string): void {
  const show = (r: vscode.Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  assert.equal(show(actual), show(expected), `range of ${what}`);
}

/** Sets a workspace setting and waits until VS Code reports it changed. */
export async function setSetting(section: string, key: string, value: unknown): Promise<void> {
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${section}.${key}`)) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
  await changed;
}

/** The process ids of the kubeward language servers forked by this extension host (Linux /proc). */
export function languageServerPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid …"; comm may contain spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (commandLineOf(Number(entry)).some((arg) => arg.endsWith('server/dist/server.js'))) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** A process's command line, executable first (Linux). */
function commandLineOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
}

/** The Node flags a process was started with: its command line between the executable and the first script. */
export function nodeFlagsOf(pid: number): string[] {
  const [, ...args] = commandLineOf(pid);
  const script = args.findIndex((arg) => !arg.startsWith('-'));
  return script < 0 ? args : args.slice(0, script);
}

/** Closes every editor, dropping unsaved edits, so the next test starts from the files on disk. */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
