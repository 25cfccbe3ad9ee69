#!/usr/bin/env node
// Installs what the real-editor tests and the demo need, only what is missing, so running it again costs nothing:
//   - Debian packages: chromium (the browser code-server is driven in), ripgrep (VS Code's search binary),
//     libkrb5-dev (header for a native module code-server builds), neovim (the third-party LSP client test);
//   - code-server (a real VS Code, 1.100.3 inside) from npm, into the project cache folder .vscode-test/.
// Usage: node scripts/editor/setup.mjs [--quiet]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { dirname, join } from 'node:path';
import { CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_VERSION, VSCODE_TEST_DIR } from './paths.mjs';

const quiet = process.argv.includes('--quiet');
const log = (msg) => quiet || console.log(`[editor setup] ${msg}`);

/** Each Debian package with the way to tell it is already there (no apt call at all in the common case). */
const APT_PACKAGES = [
  { name: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { name: 'ripgrep', present: () => onPath('rg') },
  { name: 'neovim', present: () => onPath('nvim') },
  { name: 'libkrb5-dev', present: () => existsSync('/usr/include/gssapi/gssapi.h') || existsSync('/usr/include/krb5.h') },
];

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}`);
  execFileSync(command, args, { stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit', ...options });
}

function installAptPackages() {
  const missing = APT_PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (!missing.length) return log('Debian packages present');
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && !onPath('sudo')) {
    throw new Error(`missing Debian packages ${missing.join(', ')}: install them (apt-get install ${missing.join(' ')}) or run this as root`);
  }
  const apt = (args) => (asRoot ? run('apt-get', args, { env: aptEnv() }) : run('sudo', ['-E', 'apt-get', ...args], { env: aptEnv() }));
  // Other installs (a concurrent test run, unattended upgrades) may hold dpkg's lock: wait for it rather than fail.
  const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
  apt([...lockWait, 'update', '-qq']);
  apt([...lockWait, 'install', '-y', '-qq', ...missing]);
}

function aptEnv() {
  return { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
}

// code-server's postinstall installs VS Code's own dependencies, among them @vscode/ripgrep, whose postinstall
// downloads a ripgrep build from the internet (unreachable here). It first looks in its download cache,
// $TMPDIR/vscode-ripgrep-cache-<package version>/ripgrep-<tag>-<target>.tar.gz: seed that cache with Debian's rg.
// Both versions are pinned by code-server 4.100.3's npm-shrinkwrap (@vscode/ripgrep 1.15.11 → ripgrep v13.0.0-10).
const VSCODE_RIPGREP_VERSION = '1.15.11';
const RIPGREP_TAG = 'v13.0.0-10';
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

function seedRipgrepCache(tmpDir) {
  const target = RIPGREP_TARGETS[arch()];
  if (!target) throw new Error(`no ripgrep seeding for architecture ${arch()}`);
  const cacheDir = join(tmpDir, `vscode-ripgrep-cache-${VSCODE_RIPGREP_VERSION}`);
  mkdirSync(cacheDir, { recursive: true });
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  // A tar.gz holding a single `rg` at its root, as the released archives are unpacked by @vscode/ripgrep.
  run('tar', ['-czf', join(cacheDir, `ripgrep-${RIPGREP_TAG}-${target}.tar.gz`), '-C', dirname(rg), 'rg']);
}

function installCodeServer() {
  if (existsSync(CODE_SERVER_ENTRY) && existsSync(join(CODE_SERVER_DIR, '.complete'))) return log(`code-server ${CODE_SERVER_VERSION} present`);
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  writeFileSync(join(CODE_SERVER_DIR, 'package.json'), JSON.stringify({ name: 'kubeward-editor-cache', private: true }, null, 2) + '\n');
  const tmpDir = join(VSCODE_TEST_DIR, 'tmp');
  seedRipgrepCache(tmpDir);
  const started = Date.now();
  run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: CODE_SERVER_DIR,
    env: { ...process.env, TMPDIR: tmpDir, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
  });
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server install finished but ${CODE_SERVER_ENTRY} is missing`);
  writeFileSync(join(CODE_SERVER_DIR, '.complete'), `${new Date().toISOString()}\n`);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

installAptPackages();
installCodeServer();
