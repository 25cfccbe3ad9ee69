import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { readValueUses } from '../engine/helm';
import { valuesImages, type ValuesImage } from '../engine/helm/values-images';

/**
 * True when a folder above `file` (up to 6 levels) holds a Chart.yaml: the file belongs to a Helm chart. An audit
 * passes `hasChart`, its memory of which folders hold one, so the thousands of files of a tree cost one look per folder.
 */
export function isInHelmChart(file: string, hasChart?: Map<string, boolean>): boolean {
  return chartRootOf(file, hasChart) !== undefined;
}

/** The folder of the nearest Chart.yaml above `file` (up to 6 levels), if any. */
export function chartRootOf(file: string, hasChart?: Map<string, boolean>): string | undefined {
  let dir = dirname(file);
  for (let i = 0; i < 6; i++) {
    let found = hasChart?.get(dir);
    if (found === undefined) {
      found = existsSync(join(dir, 'Chart.yaml'));
      hasChart?.set(dir, found);
    }
    if (found) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

const VALUES_FILE = /^values\.ya?ml$/;
/** `values-production.yaml`, `values.prod.yaml`: values files beside the chart's own, applied over it. */
const OVERRIDE_FILE = /^values[-.].+\.ya?ml$/;
const TEMPLATE_FILE = /\.(?:ya?ml|tpl)$/;

export interface HelmChartInput {
  templates: { path: string; text: string; library?: boolean }[];
  /** The values files applied, in order (values.yaml first); the analysed file is among them, marked `self`. */
  values: { path: string; text: string; self?: boolean }[];
}

/**
 * For a chart's values file (`values.yaml` beside `Chart.yaml`, a `values-*.yaml` beside it, or one of `valuesFiles`),
 * the chart's templates and the values files applied, read from disk, for the engine to judge the values where they
 * are rendered; undefined for any other file. `valuesFiles` (`kubeward.helm.valuesFiles`, `--helm-values`) are applied
 * over values.yaml in order, like `helm -f`; relative paths are relative to the chart folder.
 */
export function helmChartInputFor(file: string, valuesFiles: readonly string[] = []): HelmChartInput | undefined {
  const chart = chartFolderOf(file, valuesFiles);
  if (!chart) return undefined;
  const templates = readTemplates(join(chart, 'templates'));
  // Dependencies' named templates (a library such as Bitnami's `common`): unpacked under charts/, or beside the chart
  // in a monorepo (`../common`). Only their defines are read; their manifests are not the chart's.
  for (const name of dependencyNames(join(chart, 'Chart.yaml'))) {
    const home = [join(chart, 'charts', name), join(dirname(chart), name)].find((d) => existsSync(join(d, 'Chart.yaml')));
    if (home) templates.push(...readTemplates(join(home, 'templates')).map((t) => ({ ...t, library: true })));
  }
  return { templates, values: valuesLayers(chart, file, valuesFiles) };
}

/** The chart folder whose values `file` is: values.yaml or values-*.yaml beside Chart.yaml, or a configured file. */
function chartFolderOf(file: string, valuesFiles: readonly string[]): string | undefined {
  const dir = dirname(file);
  const name = basename(file);
  if ((VALUES_FILE.test(name) || OVERRIDE_FILE.test(name)) && existsSync(join(dir, 'Chart.yaml'))) return dir;
  // A configured values file elsewhere (`env/prod.yaml` given as an absolute path, or relative to a chart above it).
  // Without one, no folder is looked at: an audit asks this of every file.
  if (!valuesFiles.length) return undefined;
  let chart = dir;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(chart, 'Chart.yaml')) && valuesFiles.some((v) => resolve(chart, v) === resolve(file))) return chart;
    const parent = dirname(chart);
    if (parent === chart) break;
    chart = parent;
  }
  return undefined;
}

/**
 * values.yaml, then the configured files in order; the analysed file is placed where the configuration puts it, or
 * last when it is a `values-*.yaml` the configuration does not name (opening it shows what it changes).
 */
function valuesLayers(chart: string, file: string | undefined, valuesFiles: readonly string[]): HelmChartInput['values'] {
  const base = ['values.yaml', 'values.yml'].map((n) => join(chart, n)).find((p) => existsSync(p));
  const configured = valuesFiles.map((v) => (isAbsolute(v) ? v : resolve(chart, v)));
  const order = [...(base ? [base] : []), ...configured.filter((p) => p !== base)];
  const self = file === undefined ? undefined : resolve(file);
  if (self !== undefined && !order.includes(self)) order.push(self);
  const layers: HelmChartInput['values'] = [];
  for (const path of order) {
    // The analysed file's text comes from the caller (the editor's buffer): only its place in the order is needed.
    if (path === self) layers.push({ path, text: '', self: true });
    else {
      try {
        layers.push({ path, text: readFileSync(path, 'utf8') });
      } catch {
        // A configured file that does not exist for this chart is simply not applied.
      }
    }
  }
  return layers;
}

/**
 * For a file under a chart's `templates/`, the texts of the values files a rendering applies (values.yaml, then
 * `valuesFiles` in order), for the engine to evaluate the template's `if` guards; undefined for any other file.
 */
export function helmTemplateValuesFor(file: string, valuesFiles: readonly string[] = []): string[] | undefined {
  let dir = dirname(file);
  for (let i = 0; i < 8; i++) {
    if (basename(dir) === 'templates' && existsSync(join(dirname(dir), 'Chart.yaml'))) {
      const chart = dirname(dir);
      return valuesLayers(chart, undefined, valuesFiles).map((v) => v.text);
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
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

/** The images the chart's templates render from `file` when it is a chart's values file, for the digest pin. */
export function valuesImagesFor(file: string, text: string, valuesFiles: readonly string[] = []): ValuesImage[] {
  const chart = helmChartInputFor(file, valuesFiles);
  return chart ? valuesImages(text, readValueUses(chart.templates)) : [];
}

/** How long the language server trusts the templates it read: code actions come on every cursor move. */
const TEMPLATES_FRESH_MS = 2000;

/**
 * valuesImagesFor for the language server, which asks on every cursor move (code actions, hovers): on a large chart
 * (Bitnami redis: 56 templates, a 104 KB values.yaml) reading the template uses and the values took about 50 ms.
 * The templates are read again after TEMPLATES_FRESH_MS, their uses when a template's text changed, and the images
 * when the values text changed.
 */
export class ValuesImageMemo {
  private chart: { file: string; valuesFiles: string; at: number; templates: HelmChartInput['templates'] | undefined } | undefined;
  private uses: { templates: HelmChartInput['templates']; uses: ReturnType<typeof readValueUses> } | undefined;
  private images: { file: string; text: string; uses: ReturnType<typeof readValueUses>; images: ValuesImage[] } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** `valuesFiles`: the configured values files (`kubeward.helm.valuesFiles`); one under a chart's folder is its too. */
  for(file: string, text: string, valuesFiles: readonly string[] = []): ValuesImage[] {
    const configured = valuesFiles.join('\u0000');
    if (this.chart?.file !== file || this.chart.valuesFiles !== configured || this.now() - this.chart.at > TEMPLATES_FRESH_MS) {
      this.chart = { file, valuesFiles: configured, at: this.now(), templates: helmChartInputFor(file, valuesFiles)?.templates };
    }
    const templates = this.chart.templates;
    if (!templates) return [];
    if (!this.uses || !sameTemplates(this.uses.templates, templates)) this.uses = { templates, uses: readValueUses(templates) };
    const uses = this.uses.uses;
    if (this.images?.file !== file || this.images.text !== text || this.images.uses !== uses) this.images = { file, text, uses, images: valuesImages(text, uses) };
    return this.images.images;
  }
}

function sameTemplates(a: HelmChartInput['templates'], b: HelmChartInput['templates']): boolean {
  return a.length === b.length && a.every((t, i) => t.path === b[i].path && t.text === b[i].text && t.library === b[i].library);
}
