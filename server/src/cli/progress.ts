import type { AuditProgress } from '../node/audit';

/** A single self-overwriting line on a terminal; nothing at all in CI logs or when stderr is a file. */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): { update(p: AuditProgress): void; done(): void } {
  const enabled = !!stream.isTTY && !process.env.CI;
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (!enabled || now - last < 100) return;
      last = now;
      const width = (stream.columns ?? 80) - 1;
      stream.write(`\r\x1b[K${`[${p.done}/${p.total}] ${p.path}`.slice(0, width)}`);
    },
    done() {
      if (enabled && last) stream.write('\r\x1b[K');
    },
  };
}
