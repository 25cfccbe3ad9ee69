import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';

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

const VALUES_FILE = /^values\.ya?ml$/;
const TEMPLATE_FILE = /\.(?:ya?ml|tpl)$/;

/**
 * For a chart's values file (`values.yaml` beside `Chart.yaml`), the chart's templates read from disk, for the engine
 * to judge the values where they are rendered; undefined for any other file.
 */
export function helmChartInputFor(file: string): { templates: { path: string; text: string; library?: boolean }[] } | undefined {
  const dir = dirname(file);
  if (!VALUES_FILE.test(basename(file)) || !existsSync(join(dir, 'Chart.yaml'))) return undefined;
  const templates = readTemplates(join(dir, 'templates'));
  // Dependencies' named templates (a library such as Bitnami's `common`): unpacked under charts/, or beside the chart
  // in a monorepo (`../common`). Only their defines are read; their manifests are not the chart's.
  for (const name of dependencyNames(join(dir, 'Chart.yaml'))) {
    const home = [join(dir, 'charts', name), join(dirname(dir), name)].find((d) => existsSync(join(d, 'Chart.yaml')));
    if (home) templates.push(...readTemplates(join(home, 'templates')).map((t) => ({ ...t, library: true })));
  }
  return { templates };
}

function dependencyNames(chartFile: string): string[] {
  try {
    const chart = parse(readFileSync(chartFile, 'utf8')) as { dependencies?: { name?: unknown }[] } | null;
    const deps = Array.isArray(chart?.dependencies) ? chart.dependencies : [];
    return deps.map((d) => d?.name).filter((n): n is string => typeof n === 'string' && /^[\w.-]+$/.test(n));
  } catch {
    return [];
  }
}

function readTemplates(root: string): { path: string; text: string }[] {
  const templates: { path: string; text: string }[] = [];
  const visit = (folder: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, e.name);
      if (e.isDirectory() && depth < 8) visit(path, depth + 1);
      else if (e.isFile() && TEMPLATE_FILE.test(e.name)) {
        try {
          templates.push({ path, text: readFileSync(path, 'utf8') });
        } catch {
          // An unreadable template is left out; the others are still judged.
        }
      }
    }
  };
  visit(root, 0);
  return templates;
}
