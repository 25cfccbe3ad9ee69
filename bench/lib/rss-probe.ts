// Preloaded (`node --require`) into a process under measurement: at exit it writes its CPU time, the CPU time of the
// child processes it ran (kubectl builds), and its peak and final resident set size to the file named by
// KUBEWARD_BENCH_RSS, so the measured program needs no flag for it.
import { readFileSync, writeFileSync } from 'node:fs';

/** CPU seconds of the children this process has waited for (Linux: cutime + cstime of /proc/self/stat); 0 elsewhere. */
function childrenCpuSeconds(): number {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces; cutime and cstime are the 16th
    // and 17th fields, in clock ticks (100 per second on Linux).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

const out = process.env.KUBEWARD_BENCH_RSS;
if (out) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(out, JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6, childCpuSeconds: childrenCpuSeconds(), peakBytes: process.resourceUsage().maxRSS * 1024, finalBytes: process.memoryUsage().rss }));
  });
}
