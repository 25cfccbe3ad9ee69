// Guard for performance work: an optimisation must not change a single finding. Audits the real corpus with the
// built CLI (`--format json`: findings with ranges, messages, fixes and fingerprints; files; skipped) and either
// saves the report or compares it with a saved one.
//
//   node scripts/same-findings.mjs save /tmp/before.json     (before the change, on the old build)
//   node scripts/same-findings.mjs check /tmp/before.json    (after it: exit 1 and the first difference if any)
//
// Extra arguments are audited instead of ../shared/corpus/real. Run from the project root after `npm run build`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [mode, file, ...paths] = process.argv.slice(2);
if (!['save', 'check'].includes(mode) || !file) {
  console.error('usage: node scripts/same-findings.mjs save|check FILE [PATH…]');
  process.exit(2);
}
const cli = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../server/dist/cli.js');
const targets = paths.length ? paths : ['../shared/corpus/real'];
let out;
try {
  out = execFileSync(process.execPath, [cli, 'audit', ...targets, '--format', 'json'], { maxBuffer: 1 << 30, encoding: 'utf8' });
} catch (err) {
  // Exit 1 means "there are findings": the report is still complete.
  if (err.status !== 1) throw err;
  out = err.stdout;
}
const report = JSON.parse(out);
delete report.root; // the checkout's absolute path, not a result
const text = JSON.stringify(report, null, 1);

if (mode === 'save') {
  writeFileSync(file, text);
  console.log(`saved ${report.findings.length} findings over ${report.files.length} files to ${file}`);
} else {
  const before = readFileSync(file, 'utf8');
  if (before === text) {
    console.log(`same findings: ${report.findings.length} findings over ${report.files.length} files, byte for byte`);
  } else {
    const a = before.split('\n');
    const b = text.split('\n');
    const i = a.findIndex((line, k) => line !== b[k]);
    console.error(`findings differ from ${file} at line ${i + 1} of the report:\n- ${a[i]}\n+ ${b[i]}`);
    process.exit(1);
  }
}
