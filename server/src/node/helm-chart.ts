import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** True when a folder above `file` (up to 6 levels) holds a Chart.yaml: the file belongs to a Helm chart. */
export function isInHelmChart(file: string): boolean {
  let dir = dirname(file);
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'Chart.yaml'))) return true;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return false;
}
