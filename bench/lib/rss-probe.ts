// Preloaded (`node --require`) into a process under measurement: at exit it writes its peak and final resident
// set size to the file named by KUBEWARD_BENCH_RSS, so the measured program itself needs no flag for it.
import { writeFileSync } from 'node:fs';

const out = process.env.KUBEWARD_BENCH_RSS;
if (out) {
  process.on('exit', () => {
    writeFileSync(out, JSON.stringify({ peakBytes: process.resourceUsage().maxRSS * 1024, finalBytes: process.memoryUsage().rss }));
  });
}
