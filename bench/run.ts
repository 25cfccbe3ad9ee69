// `npm run bench`: every benchmark of issue 10 in turn, each printing its own tables.
import { loadavg } from 'node:os';
import * as audit from './audit';
import * as coldStart from './cold-start';
import * as editLatency from './edit-latency';
import * as serverAudit from './server-audit';
import { machine } from './lib/report';

async function main(): Promise<void> {
  console.log(`# kubeward benchmarks\n\n${new Date().toISOString()} — ${machine()}`);
  // Figures from a busy machine are slower than from an idle one; the load says how busy it was.
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`load average at start: ${load()}`);
  await editLatency.main();
  await audit.main();
  await serverAudit.main();
  await coldStart.main();
  console.log(`\nload average at end: ${load()}`);
}

main().catch((err) => {
  process.exitCode = 1;
  console.error(err);
});
