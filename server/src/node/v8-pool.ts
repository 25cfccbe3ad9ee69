// V8 does its background work (optimising compiles, parts of garbage collection) on a pool of threads: four by
// default, whatever the machine. The first edits of a file start several optimising compiles at once, and on a
// 2-core machine those threads take the cores the server's main thread and the editor need. A 500-line Dockerfile's
// edit p95 (pooled over 5 fresh servers, 8 interleaved runs of bench/edit-latency on a 2-core AMD EPYC VM,
// 2026-12-07) was 11.5-13.0 ms with the default pool and 6.9-8.5 ms with a pool of one. A pool of cores - 1 leaves
// one core to the main thread. The price, on that machine: Audit Workspace, which runs in a worker thread of the
// same process and so shares the pool, took 11.3-12.3 s instead of 9.7-10.5 s in interleaved runs of
// bench/server-audit. Typing comes first; from 5 cores on, nothing changes.
import { availableParallelism } from 'node:os';

/** Node's own default pool size (`--v8-pool-size`), kept where cores allow it. */
const NODE_DEFAULT_POOL = 4;

/** The Node flags a language server process is started with (by the extension, and by the benchmarks). */
export function languageServerExecArgv(cores = availableParallelism()): string[] {
  return [`--v8-pool-size=${Math.max(1, Math.min(NODE_DEFAULT_POOL, cores - 1))}`];
}
