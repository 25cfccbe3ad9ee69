#!/usr/bin/env node
// `npm run demo`: the real thing in one command. Sets up a local VS Code (code-server, into .vscode-test/), builds and
// packages kubeward, installs the .vsix, serves the editor on 127.0.0.1 with examples/ open, and prints the URL.
//   npm run demo                          serve until Ctrl+C
//   npm run demo -- --port 8090           choose the port (default: 8090, or a free one when taken)
//   npm run demo -- --screenshot FILE     no server left running: a PNG of the editor with findings (headless machines)
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { screenshot: { type: 'string' }, port: { type: 'string' } } });
const step = (n, what) => console.log(`kubeward demo [${n}/4] ${what}`);
const run = (command, args) => execFileSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

step(1, 'editor setup (first run installs Chromium, ripgrep and code-server: a few minutes)…');
run(process.execPath, [join(ROOT, 'scripts', 'editor', 'setup.mjs'), '--quiet']);
step(2, 'building and packaging kubeward.vsix…');
run('npm', ['run', 'package']);
run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'test', 'e2e')]);

const launch = (name) => require(join(ROOT, 'out', 'e2e', 'launch', name));
const { installExtension, startCodeServer, freePort } = launch('code-server.js');
const { launchBrowser, openWorkbench, screenshot } = launch('workbench.js');
const { quickOpen, hoverFirstError } = launch('ui-check.js');

step(3, 'installing kubeward.vsix into the demo editor…');
const stateDir = join(ROOT, '.vscode-test', 'state', 'demo');
rmSync(join(stateDir, 'extensions'), { recursive: true, force: true });
installExtension(stateDir, join(ROOT, 'kubeward.vsix'));

const examples = join(ROOT, 'examples');
const port = values.port ? Number(values.port) : await portOrFree(8090);
const server = await startCodeServer({ stateDir, folder: examples, port });
const url = `${server.url}/?folder=${encodeURI(examples)}`;

if (values.screenshot) {
  step(4, `opening examples/web-deployment.yaml in headless Chromium…`);
  const file = resolve(values.screenshot);
  const browser = await launchBrowser();
  try {
    const page = await openWorkbench(browser, server, { folder: examples });
    await quickOpen(page, 'web-deployment.yaml');
    await hoverFirstError(page);
    mkdirSync(dirname(file), { recursive: true });
    await screenshot(page, file);
    console.log(`kubeward demo: screenshot of the editor with findings written to ${file}`);
  } finally {
    await browser.close();
    await server.stop();
  }
} else {
  step(4, 'serving');
  console.log(`\nkubeward is running in VS Code (code-server) with examples/ open:\n\n    ${url}\n\nOpen it in a browser on this machine; Ctrl+C stops it.`);
  const stop = () => server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function portOrFree(preferred) {
  const { createServer } = await import('node:net');
  const free = await new Promise((ok) => {
    const probe = createServer().once('error', () => ok(false));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => ok(true)));
  });
  return free ? preferred : freePort();
}
