// Audit throughput (issue 10, benchmark 4): the CLI over the real corpus on one core — files/s, MB/s, peak RSS —
// and how time grows with the corpus copied ×1, ×4, ×16 into a temporary folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { collectFiles } from '../server/src/node/walk';
import { REAL_CORPUS, REPO_ROOT } from '../test/helpers/paths';
import type { FloorRun } from './lib/audit-floor';
import { machine, mb, printTable } from './lib/report';

const CLI = resolve(REPO_ROOT, 'server/dist/cli.js');
const PROBE = resolve(__dirname, 'lib/rss-probe.js');
const FLOOR = resolve(__dirname, 'lib/audit-floor.js');
const SCALES = [1, 4, 16];

interface Run {
  files: number;
  bytes: number;
  seconds: number;
  cpuSeconds: number;
  /** CPU time of the kubectl builds the audit ran (child processes). */
  childCpuSeconds: number;
  findings: number;
  peakBytes: number;
  finalBytes: number;
}

/** `taskset -c 0` when there is one, so the audit (and its garbage collector's threads) gets exactly one core. */
function oneCore(): string[] {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? ['taskset', '-c', '0'] : [];
}

async function audit(paths: string[], files: string[], scratch: string, flags: string[] = []): Promise<Run> {
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const rssFile = join(scratch, 'rss.json');
  const [cmd, ...args] = [...oneCore(), process.execPath, '--require', PROBE, CLI, 'audit', ...flags, ...paths];
  const t0 = performance.now();
  const findings = await new Promise<number>((done, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KUBEWARD_BENCH_RSS: rssFile } });
    // The text report ends with its summary, `N findings (…) in …`: keep the last chunk to read N from it.
    let tail = '';
    child.stdout.on('data', (d: Buffer) => {
      tail = (tail + d.toString('utf8')).slice(-4096);
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const summary = /(\d+) findings? \(/.exec(tail.trimEnd().split('\n').pop() ?? '');
      if ((code === 0 || code === 1) && summary) done(Number(summary[1]));
      else fail(new Error(`audit exited with ${code}${summary ? '' : ' and no summary line'}`));
    });
  });
  const seconds = (performance.now() - t0) / 1000;
  const rss = JSON.parse(readFileSync(rssFile, 'utf8')) as { cpuSeconds: number; childCpuSeconds: number; peakBytes: number; finalBytes: number };
  return { files: files.length, bytes, seconds, findings, ...rss };
}

/**
 * Writes `copies` copies of the corpus's analysable files under `root`. Copies after the first get a comment after
 * every `---` and at the top of each file, so each of their documents is new to the analyser's cache: the time
 * measures analysis, not cache hits.
 */
function writeCopies(root: string, files: string[], copies: number): string[] {
  const dirs: string[] = [];
  for (let k = 0; k < copies; k++) {
    const dir = join(root, `copy-${k}`);
    for (const f of files) {
      const target = join(dir, relative(REAL_CORPUS, f));
      mkdirSync(dirname(target), { recursive: true });
      const text = readFileSync(f, 'utf8');
      writeFileSync(target, k === 0 ? text : `# copy ${k}\n${text.replace(/^---[ \t]*(\r?)$/gm, `---$1\n# copy ${k}$1`)}`);
    }
    dirs.push(dir);
  }
  return dirs;
}

/** The parse floor of the same files (see lib/audit-floor.ts), in a process of its own on the same core. */
function parseFloor(files: string[], scratch: string): FloorRun {
  const list = join(scratch, 'files.txt');
  writeFileSync(list, files.join('\n'));
  const [cmd, ...args] = [...oneCore(), process.execPath, FLOOR, list];
  const out = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (out.status !== 0) throw new Error(`parse floor failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as FloorRun;
}

/** Peak RSS of the CLI that loads and exits (`kubeward --help`): what Node.js and kubeward's code take before any file. */
function idleRss(scratch: string): number {
  const rssFile = join(scratch, 'rss-idle.json');
  const out = spawnSync(process.execPath, ['--require', PROBE, CLI, '--help'], { env: { ...process.env, KUBEWARD_BENCH_RSS: rssFile }, stdio: 'ignore' });
  if (out.status !== 0) throw new Error('kubeward --help failed');
  return (JSON.parse(readFileSync(rssFile, 'utf8')) as { peakBytes: number }).peakBytes;
}

function row(label: string, r: Run, base?: Run): string[] {
  return [
    label,
    String(r.files),
    mb(r.bytes),
    r.seconds.toFixed(2),
    r.cpuSeconds.toFixed(2),
    r.childCpuSeconds.toFixed(2),
    (r.files / r.seconds).toFixed(0),
    (r.bytes / 1048576 / r.seconds).toFixed(1),
    (r.bytes / 1048576 / r.cpuSeconds).toFixed(1),
    mb(r.peakBytes),
    mb(r.finalBytes),
    String(r.findings),
    base ? `${(r.cpuSeconds / base.cpuSeconds).toFixed(2)}× CPU for ${(r.bytes / base.bytes).toFixed(1)}× input` : '',
  ];
}

export async function main(): Promise<void> {
  console.log(`\n## Audit throughput (CLI, one core${oneCore().length ? ', taskset -c 0' : ''})\n\nmachine: ${machine()}`);
  const scratch = mkdtempSync(join(tmpdir(), 'kubeward-audit-'));
  try {
    const files = collectFiles([REAL_CORPUS]);
    const whole = await audit([REAL_CORPUS], files, scratch);
    const asWritten = await audit([REAL_CORPUS], files, scratch, ['--no-kustomize-build']);
    const cache = ['--cache', join(scratch, 'audit.cache')];
    await audit([REAL_CORPUS], files, scratch, cache);
    const reaudit = await audit([REAL_CORPUS], files, scratch, cache);
    const rows = [row('corpus/real', whole), row('corpus/real, --no-kustomize-build', asWritten), row('corpus/real again, --cache', reaudit)];
    const floor = parseFloor(files, scratch);
    const dirs = writeCopies(join(scratch, 'copies'), files, Math.max(...SCALES));
    let base: Run | undefined;
    for (const n of SCALES) {
      const chosen = dirs.slice(0, n);
      const r = await audit(chosen, collectFiles(chosen), scratch);
      base ??= r;
      rows.push(row(`×${n}`, r, base));
    }
    printTable('kubeward audit', ['input', 'files', 'MB', 'wall s', 'CPU s', 'kubectl CPU s', 'files/s', 'MB/s wall', 'MB/s CPU', 'peak RSS MB', 'RSS at exit MB', 'findings', 'scaling'], rows);
    printTable('parse floor of corpus/real', ['parsers', 'CPU s', 'MB/s CPU', 'audit CPU / floor CPU'], [
      ['yaml parseAllDocuments + dockerfile-ast, each file once, whole', floor.cpuSeconds.toFixed(2), (floor.bytes / 1048576 / floor.cpuSeconds).toFixed(1), `${(whole.cpuSeconds / floor.cpuSeconds).toFixed(2)}×`],
    ]);
    console.log(`\nPeak RSS of \`kubeward --help\` (Node.js and kubeward's code loaded, no file read): ${mb(idleRss(scratch))} MB.`);
    console.log('\nThe floor reads and parses the same files with the same parsers and does nothing else (module loading excluded): an audit that parses every byte cannot be faster.');
    console.log('\nMB: bytes of the files the CLI analyses (YAML, JSON, Dockerfiles); copies after the first are edited so none of their documents is a cache hit.');
    console.log('CPU s: user + system time of the audit process (pinned to one core), which other load on the machine disturbs less than wall time; MB/s CPU is MB over it.');
    console.log('again, --cache: a second audit with `--cache FILE`, after one that wrote FILE (nothing changed in between).');
    console.log('kubectl CPU s: user + system time of the `kubectl kustomize` processes the audit ran to build Kustomize trees (on the same core), not counted in CPU s; the copies are built again, each.');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) main().catch((err) => ((process.exitCode = 1), console.error(err)));
