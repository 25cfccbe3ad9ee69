// Preloaded (`node --require`) into a process under measurement: at exit it writes its CPU time and its peak and
// final resident set size to the file named by KUBEWARD_BENCH_RSS, so the measured program needs no flag for it.
import { writeFileSync } from 'node:fs';

const out = process.env.KUBEWARD_BENCH_RSS;
if (out) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(out, JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6, peakBytes: process.resourceUsage().maxRSS * 1024, finalBytes: process.memoryUsage().rss }));
  });
}
