#!/usr/bin/env node
// `npm run test:neovim`: a third-party LSP client. Neovim (Debian's 0.7, headless, no config) starts
// `node server/dist/server.js --stdio` with vim.lsp.start_client, opens a manifest, and reports what it got
// (test/e2e/neovim/check.lua); this runner asserts on it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, REPO_ROOT } from './paths';
import { Report } from './report';
import { prepareSession } from './sessions';

interface NeovimReport {
  errors: string[];
  diagnostics?: { lnum: number; col: number; end_lnum: number; end_col: number; severity: number; source: string; code: string; message: string }[];
  quick_fixes?: string[];
  after_fix?: string;
  fix_all?: { title: string; kind: string }[];
}

async function main(): Promise<number> {
  const report = new Report('neovim');
  const { dir, workspace } = prepareSession('neovim', join(FIXTURES_DIR, 'workspace'));
  const out = join(dir, 'neovim.json');
  let got: NeovimReport = { errors: [] };

  await report.check('nvim --headless runs the LSP session', async () => {
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(REPO_ROOT, 'test', 'e2e', 'neovim', 'check.lua')}`], {
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, KUBEWARD_SERVER: join(REPO_ROOT, 'server', 'dist', 'server.js'), KUBEWARD_FILE: join(workspace, 'multi-doc.yaml'), KUBEWARD_OUT: out },
    });
    assert.ok(existsSync(out), `nvim wrote its report (exit ${run.status}, ${run.error ?? ''}):\n${run.stdout}${run.stderr}`);
    got = JSON.parse(readFileSync(out, 'utf8')) as NeovimReport;
    assert.deepEqual(got.errors, []);
  });

  await report.check('diagnostics reach Neovim with exact positions, source and code', async () => {
    const d = got.diagnostics?.find((x) => x.code === 'k8s/privileged-container');
    assert.ok(d, `privileged diagnostic among ${JSON.stringify(got.diagnostics?.map((x) => x.code))}`);
    // Line 16 (0-based) is `        privileged: true   # remove me`.
    assert.deepEqual([d.lnum, d.col, d.end_lnum, d.end_col], [16, 8, 16, 24]);
    assert.equal(d.source, 'kubeward');
    assert.equal(d.severity, 1, 'vim.diagnostic.severity.ERROR');
    assert.equal(d.message, 'container "tools" runs privileged: it has full access to the node.');
  });

  await report.check('the quick fix is offered, and applying its edit removes exactly the privileged line', async () => {
    assert.ok(got.quick_fixes?.includes('Remove `privileged: true`'), JSON.stringify(got.quick_fixes));
    const original = readFileSync(join(FIXTURES_DIR, 'workspace', 'multi-doc.yaml'), 'utf8');
    assert.equal(got.after_fix, original.replace('        privileged: true   # remove me\n', ''));
  });

  await report.check('source.fixAll.kubeward is offered', async () => {
    assert.deepEqual(got.fix_all?.map((a) => a.kind), ['source.fixAll.kubeward']);
  });
  return report.finish();
}

main().then((code) => process.exit(code));
