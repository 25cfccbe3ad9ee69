// The language server's memory around "Audit Workspace" of the real corpus (issue 10: RSS after the audit). The
// server stays running after an audit, so what it keeps resident then is what the user pays for. The audit runs in
// a worker thread that ends with it (server/src/lsp/audit-thread.ts); RSS is read from /proc (Linux).
// `node out/bench/server-audit.js` runs it alone (after `npm run build && tsc -p .`).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { AuditRequest, type AuditResult } from '../server/src/audit-protocol';
import { REAL_CORPUS } from '../test/helpers/paths';
import { kubewardServer, LspProcess } from './lib/lsp-process';
import { machine, printTable } from './lib/report';

/** V8 gives freed heap pages back some seconds after the last collection; this is long enough to see it here. */
const SETTLE_MS = 25_000;

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): string {
  try {
    const kb = Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return (kb / 1024).toFixed(0);
  } catch {
    return 'n/a';
  }
}

export async function main(): Promise<void> {
  console.log(`\n## Language server memory around Audit Workspace of corpus/real\n\nmachine: ${machine()}`);
  const server = new LspProcess(kubewardServer({}));
  try {
    await server.initialize();
    const pid = server.proc.pid!;
    const rows: string[][] = [['started', rssMb(pid, 'VmRSS'), rssMb(pid, 'VmHWM')]];
    const params: AuditRequest.Params = { targets: [{ rootUri: pathToFileURL(REAL_CORPUS).href, exclude: [] }] };
    for (const label of ['audit', 're-audit (nothing changed)']) {
      const t0 = performance.now();
      const result = await server.request<AuditResult>(AuditRequest.method, params);
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      rows.push([`${label} done (${seconds} s, ${result.findings.length} findings, ${result.reused} files reused)`, rssMb(pid, 'VmRSS'), rssMb(pid, 'VmHWM')]);
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      rows.push([`${SETTLE_MS / 1000} s later`, rssMb(pid, 'VmRSS'), rssMb(pid, 'VmHWM')]);
    }
    printTable('kubeward language server, RSS MB', ['moment', 'RSS', 'peak RSS so far'], rows);
  } finally {
    await server.stop();
  }
}

if (require.main === module) main().catch((err) => ((process.exitCode = 1), console.error(err)));
