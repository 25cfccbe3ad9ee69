// Starts code-server (a real VS Code whose workbench runs in a browser) on 127.0.0.1, isolated from the user's
// own settings and extensions. scripts/editor/setup.mjs installs it into .vscode-test/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CODE_SERVER_ENTRY, VSCODE_TEST_DIR } from './paths';

export interface CodeServerOptions {
  /** Folder for this instance's user data and extensions (created if missing). */
  stateDir: string;
  /** Folder code-server opens when the URL names none. */
  folder?: string;
  port?: number;
}

export interface CodeServer {
  readonly url: string;
  readonly extensionsDir: string;
  /** Everything code-server printed, for failure reports. */
  output(): string;
  stop(): Promise<void>;
}

function requireInstalled(): void {
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not installed in ${VSCODE_TEST_DIR}: run \`node scripts/editor/setup.mjs\``);
}

function commonArgs(stateDir: string): string[] {
  return ['--user-data-dir', join(stateDir, 'user-data'), '--extensions-dir', join(stateDir, 'extensions'), '--config', join(stateDir, 'config.yaml')];
}

/** User settings of the isolated instance: nothing that pops up over the editor or reaches the network. */
const USER_SETTINGS = {
  'git.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
};

function writeUserSettings(stateDir: string): void {
  const dir = join(stateDir, 'user-data', 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `code-server --install-extension FILE` into the instance's own extensions folder. */
export function installExtension(stateDir: string, vsix: string): string {
  requireInstalled();
  mkdirSync(stateDir, { recursive: true });
  const r = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...commonArgs(stateDir), '--install-extension', vsix], { encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${r.status}):\n${out}`);
  return out;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  requireInstalled();
  writeUserSettings(options.stateDir);
  const port = options.port ?? (await freePort());
  const args = [
    CODE_SERVER_ENTRY,
    ...commonArgs(options.stateDir),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(options.folder ? [options.folder] : []),
  ];
  const proc: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_PROXY_URI: '' } });
  let output = '';
  const collect = (d: Buffer) => (output += d.toString());
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('HTTP server listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on('data', check);
    proc.stderr!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code} before listening:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    extensionsDir: join(options.stateDir, 'extensions'),
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.exitCode === null && proc.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
