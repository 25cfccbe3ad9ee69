import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Analyzer } from '../engine/analyze';
import { fileKindOf } from '../engine/file-kind';
import type { AnalysisInput, AnalysisResult, EngineSettings, FileKind, Finding, KustomizeInput, SkipNotice } from '../engine/types';
import { workspaceFindings, workspaceRuleActive } from '../engine/workspace';
import { isGoTemplate } from '../engine/helm';
import { summarizeObjects, type ObjectSummary } from '../engine/workspace/objects';
import { newReport, reportFindings, sortFindings, type AuditReport, type ReportFinding } from '../report/model';
import { helmChartInputFor, helmTemplateValuesFor, isInHelmChart } from './helm-chart';
import { isKustomizationFileName } from '../engine/kustomize';
import { KustomizeTrees, treeRootOf, type KustomizeOptions } from './kustomize';
import { compareText, isInside, walkFiles, type WalkOptions } from './walk';

/** One tree to audit: a folder (or files) and how to walk it. */
export interface AuditTarget extends Omit<WalkOptions, 'maxFileBytes'> {
  root: string;
  paths: readonly string[];
  /** Prepended to report paths (multi-root workspaces: the folder's name). */
  prefix?: string;
}

export interface AuditProgress {
  done: number;
  total: number;
  path: string;
}

export interface AuditRunOptions {
  settings: EngineSettings;
  analyzer?: Analyzer;
  /** Outcomes of earlier runs by file and content hash: unchanged files are not analysed again. */
  cache?: AuditCache;
  onProgress?: (p: AuditProgress) => void;
  isCancelled?: () => boolean;
  /** Settings of one file (config files nearer the file win); `settings` when absent. */
  settingsFor?: (file: string) => EngineSettings;
  /** Problems of a config file, reported instead of analysing it; undefined for other files. */
  configProblems?: (file: string, text: string) => Finding[] | undefined;
  /** Text read from standard input, audited under this path. */
  stdin?: { path: string; text: string };
  /** Run the rules over all files together (default true). */
  workspaceRules?: boolean;
  /** Kustomize trees: how to build them (default: no builds, patches judged as written) and a cache of builds. */
  kustomize?: { options: KustomizeOptions; trees?: KustomizeTrees };
}

export interface FileOutcome {
  kind: FileKind;
  findings: ReportFinding[];
  skipped?: SkipNotice;
  objects: ObjectSummary[];
}

export type AuditCacheEntries = Map<string, { key: string; outcome: FileOutcome }>;

export class AuditCache {
  hits = 0;

  /** Entries set since the cache was made: what a worker thread sends back (./lsp/audit-thread.ts). */
  readonly added: AuditCacheEntries = new Map();

  /** `entries`: what `entries` of an earlier cache held (a worker thread gets them as a copy). */
  constructor(readonly entries: AuditCacheEntries = new Map()) {}

  get(file: string, key: string): FileOutcome | undefined {
    const e = this.entries.get(file);
    if (e?.key !== key) return undefined;
    this.hits++;
    return e.outcome;
  }

  set(file: string, key: string, outcome: FileOutcome): void {
    this.entries.set(file, { key, outcome });
    this.added.set(file, { key, outcome });
  }
}

/**
 * An analyzer for audits: its cache keys documents by a SHA-1 of their text, not by a copy of it, so the texts of
 * a large tree do not stay alive as keys (see DocumentCache).
 */
export function auditAnalyzer(): Analyzer {
  return new Analyzer(undefined, { digest: (text) => createHash('sha1').update(text).digest('base64') });
}

// Hand the event loop back this often, so a language server can read a cancellation while auditing.
const YIELD_EVERY_MS = 20;

/** Walks the targets, analyses every file with the engine, runs workspace rules and returns the report. */
export async function runAudit(targets: readonly AuditTarget[], options: AuditRunOptions): Promise<AuditReport> {
  const analyzer = options.analyzer ?? auditAnalyzer();
  const report = newReport(resolve(targets[0]?.root ?? '.'));
  const work: { file?: string; path: string }[] = [];
  for (const t of targets) {
    const walked = walkFiles(t.paths, { ...t, maxFileBytes: options.settings.maxFileBytes });
    const prefixed = (p: string) => (t.prefix ? `${t.prefix}/${p}` : p);
    work.push(...walked.files.map((f) => ({ file: f.file, path: prefixed(f.path) })));
    report.skipped.push(...walked.skipped.map((s) => ({ path: prefixed(s.path), reason: s.reason, message: s.message })));
  }
  if (options.stdin) work.push({ path: options.stdin.path });
  report.totalFiles = work.length;
  const objects: ObjectSummary[] = [];
  // Kustomize builds run (in other processes) while the files outside every tree are analysed; the files of a
  // tree wait for them. A file outside the trees that a kustomization names after all is analysed again.
  const roots = kustomizeRoots(work, targets);
  const building = kustomizeInputs(roots, analyzer, options);
  // Awaited below unless the audit is cancelled first: a failure must not go unhandled meanwhile.
  building.catch(() => undefined);
  const treeFile = work.map(({ file }) => !!file && roots.some((r) => isInside(r, file)));
  const order = [...work.keys()].sort((a, b) => Number(treeFile[a]) - Number(treeFile[b]) || a - b);
  let kustomize: Map<string, KustomizeInput> | undefined;
  const texts = new Map<string, () => string>();
  const settingsByPath = new Map<string, EngineSettings>();
  const hasChart = new Map<string, boolean>();
  // The values a chart's templates are rendered with, read once per folder of templates.
  const templateValues = new Map<string, string[] | undefined>();
  const helmInputs = (file: string, settings: EngineSettings): HelmInputs => {
    const inHelmChart = isInHelmChart(file, hasChart);
    // A configured values file may sit outside the chart's folder.
    const helmChart = helmChartInputFor(file, settings.helmValuesFiles);
    if (!inHelmChart) return { inHelmChart, helmChart };
    const folder = `${dirname(file)}\u0000${settings.helmValuesFiles.join('\u0000')}`;
    if (!templateValues.has(folder)) templateValues.set(folder, helmTemplateValuesFor(file, settings.helmValuesFiles));
    return { inHelmChart, helmChart, helmTemplateValues: templateValues.get(folder) };
  };
  const outcomes: (FileOutcome | undefined)[] = [];
  const analyse = (i: number, text: string): FileOutcome => {
    const { file, path } = work[i];
    const settings = file && options.settingsFor ? options.settingsFor(file) : options.settings;
    settingsByPath.set(path, settings);
    const kustomizeInput = file ? kustomize?.get(file) : undefined;
    const helm = file ? helmInputs(file, settings) : { inHelmChart: false };
    // Only a caller that keeps outcomes between runs (the editor's workspace audit, `audit --cache`) needs the content
    // key. Findings a build placed here depend on the other files of the tree too, and a chart file's on the chart: a
    // values file is judged where the templates use it, a template with the values.
    const key = options.cache ? `${helmDigest(createHash('sha1').update(text).update(JSON.stringify(kustomizeInput ?? null)), helm).digest('hex')}\u0000${path}\u0000${JSON.stringify(settings)}` : '';
    const cacheId = file ?? `stdin:${path}`;
    let outcome = options.cache?.get(cacheId, key);
    if (!outcome) {
      const problems = file ? options.configProblems?.(file, text) : undefined;
      outcome = problems ? { kind: fileKindOf(path), findings: reportFindings(path, text, problems), objects: [] } : analyzeFile(analyzer, text, path, settings, helm, kustomizeInput);
      options.cache?.set(cacheId, key, outcome);
    }
    return outcome;
  };
  let lastYield = Date.now();
  let done = 0;
  for (const i of order) {
    if (options.isCancelled?.()) {
      report.cancelled = true;
      break;
    }
    const { file, path } = work[i];
    if (!kustomize && treeFile[i]) {
      kustomize = await unlessCancelled(building, options.isCancelled);
      if (!kustomize) {
        report.cancelled = true;
        break;
      }
    }
    options.onProgress?.({ done: done++, total: work.length, path });
    let text: string;
    try {
      text = file ? readFileSync(file, 'utf8') : options.stdin!.text;
    } catch (err) {
      report.skipped.push({ path, reason: 'unreadable', message: (err as Error).message });
      continue;
    }
    texts.set(path, file ? () => readFileSync(file, 'utf8') : () => options.stdin!.text);
    outcomes[i] = analyse(i, text);
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((r) => setImmediate(r));
      lastYield = Date.now();
    }
  }
  kustomize ??= report.cancelled ? undefined : await unlessCancelled(building, options.isCancelled);
  if (!kustomize) report.cancelled = true;
  else {
    for (const i of order) {
      const file = work[i].file;
      if (outcomes[i] && file && !treeFile[i] && kustomize.has(file)) outcomes[i] = analyse(i, texts.get(work[i].path)!());
    }
  }
  // In the order the files were walked, as if they had been analysed in that order.
  for (const [i, outcome] of outcomes.entries()) {
    if (!outcome) continue;
    report.files.push({ path: work[i].path, file: work[i].file, kind: outcome.kind, findings: outcome.findings.length, skipped: outcome.skipped && { reason: outcome.skipped.reason, message: outcome.skipped.message } });
    report.findings.push(...outcome.findings);
    objects.push(...outcome.objects);
  }
  options.onProgress?.({ done: report.files.length, total: work.length, path: '' });

  if (options.workspaceRules !== false && !report.cancelled) {
    for (const [path, all] of workspaceFindings(objects, options.settings)) {
      const own = settingsByPath.get(path) ?? options.settings;
      const findings = all.filter((f) => workspaceRuleActive(f.ruleId, own));
      const text = findings.length ? texts.get(path)?.() : undefined;
      if (text === undefined) continue;
      report.findings.push(...reportFindings(path, text, findings));
      const entry = report.files.find((f) => f.path === path);
      if (entry) entry.findings += findings.length;
    }
  }
  report.files.sort((a, b) => compareText(a.path, b.path));
  report.skipped.sort((a, b) => compareText(a.path, b.path));
  sortFindings(report.findings);
  return report;
}

/** What `work` resolves to, or undefined as soon as `isCancelled` says so (builds can take seconds each). */
async function unlessCancelled<T>(work: Promise<T>, isCancelled?: () => boolean): Promise<T | undefined> {
  if (!isCancelled) return work;
  let timer: NodeJS.Timeout | undefined;
  const cancelled = new Promise<undefined>((resolveCancel) => {
    const poll = () => (isCancelled() ? resolveCancel(undefined) : (timer = setTimeout(poll, 50)));
    poll();
  });
  try {
    return await Promise.race([work, cancelled]);
  } finally {
    clearTimeout(timer);
  }
}

/** The roots of the Kustomize trees of the audited files; a tree inside another tree is read as part of it. */
function kustomizeRoots(work: { file?: string }[], targets: readonly AuditTarget[]): string[] {
  const roots = new Set<string>();
  for (const { file } of work) {
    if (!file || !isKustomizationFileName(file)) continue;
    const stopAt = targets.find((t) => isInside(resolve(t.root), file))?.root;
    const root = treeRootOf(file, stopAt);
    if (root) roots.add(root);
  }
  return [...roots].filter((r) => ![...roots].some((o) => o !== r && isInside(o, r))).sort();
}

/** What the Kustomize trees say about each file (patches; findings placed by builds); trees are read side by side. */
async function kustomizeInputs(roots: string[], analyzer: Analyzer, options: AuditRunOptions): Promise<Map<string, KustomizeInput>> {
  const out = new Map<string, KustomizeInput>();
  const kustomizeOptions = options.kustomize?.options ?? { build: false, kubectlPath: 'kubectl', timeoutMs: 30_000 };
  const trees = options.kustomize?.trees ?? new KustomizeTrees(analyzer);
  const analyses = await Promise.all(roots.map((root) => trees.analysis(root, options.settings, kustomizeOptions)));
  // The first tree (in sorted order) that says something about a file wins, as when they were read one by one.
  for (const tree of analyses) for (const [file, input] of tree.inputs) if (!out.has(file)) out.set(file, input);
  return out;
}

/** Adds the chart inputs to a file's reuse key, text by text: one JSON string of a chart's templates per file was garbage of megabytes. */
function helmDigest(hash: Hash, helm: HelmInputs): Hash {
  hash.update(`\u0000${helm.inHelmChart}`);
  for (const t of helm.helmChart?.templates ?? []) hash.update(`\u0000t${t.library ? 'l' : ''}\u0000${t.path}\u0000`).update(t.text);
  for (const v of helm.helmChart?.values ?? []) hash.update(`\u0000v${v.self ? 's' : ''}\u0000${v.path}\u0000`).update(v.text);
  for (const v of helm.helmTemplateValues ?? []) hash.update('\u0000tv\u0000').update(v);
  return hash;
}

/** What analysing a file of a Helm chart reads besides the file: whether it is in one, its chart, its values. */
type HelmInputs = Pick<AnalysisInput, 'inHelmChart' | 'helmChart' | 'helmTemplateValues'> & { inHelmChart: boolean };

function analyzeFile(analyzer: Analyzer, text: string, path: string, settings: EngineSettings, helm: HelmInputs, kustomize?: KustomizeInput): FileOutcome {
  const { inHelmChart } = helm;
  const result = analyzer.analyze({ text, path, settings, ...helm, kustomize, summarize: true });
  return {
    kind: result.kind,
    // Suppressed findings stay in reports, marked (SARIF `suppressions`); they fail no run.
    findings: reportFindings(path, text, [...result.findings, ...(result.suppressed ?? [])]),
    skipped: result.skipped,
    objects: result.skipped ? [] : objectsOf(result, text, path, inHelmChart),
  };
}

/** The objects of a file for workspace rules: from the analysis's own parse, or (Kustomize patches) a parse of its own. */
function objectsOf(result: AnalysisResult, text: string, path: string, inHelmChart: boolean): ObjectSummary[] {
  if (!result.objects) return summarizeObjects(text, path, fileKindOf(path), inHelmChart);
  // A chart's values file is analysed as YAML, but it holds no objects of the workspace (only template text).
  return isGoTemplate(text, inHelmChart) ? [] : result.objects;
}
