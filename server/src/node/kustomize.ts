// Kustomize trees on disk: finds the kustomizations around a file, builds them with `kubectl kustomize` (never with
// network access) and hands each file of the tree what the engine needs: whether it is a patch, and the findings the
// builds placed on it. The pure parts (reading a kustomization, placing findings) live in engine/kustomize.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Document } from 'yaml';
import type { Analyzer } from '../engine/analyze';
import { BUILD_RULE, KUSTOMIZATION_FILE_NAMES, parseKustomization, secretGeneratorSources, type Kustomization } from '../engine/kustomize';
import { mapBuildFindings, type BuildContext, type TreeKustomization } from '../engine/kustomize/map';
import { LineIndex } from '../engine/text';
import type { EngineSettings, KustomizeInput, MappedFinding } from '../engine/types';
import { parseYamlDocuments, type YamlDocument } from '../engine/yaml/documents';
import { isGitignored } from './walk';

export interface KustomizeOptions {
  /** Build with kubectl at all (`kubeward.kustomize.build`). */
  build: boolean;
  /** The kubectl executable (`kubeward.kustomize.kubectlPath`). */
  kubectlPath: string;
  timeoutMs: number;
}

export const DEFAULT_KUSTOMIZE_OPTIONS: KustomizeOptions = { build: true, kubectlPath: 'kubectl', timeoutMs: 30_000 };

const SKIP_DIRS = new Set(['node_modules', '.git', 'vendor']);
const MAX_DEPTH = 8;
const MAX_KUSTOMIZATIONS = 200;

export function kustomizationFileIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * The folder a file's Kustomize tree is read from: the parent of the highest folder above the file (up to 6 levels,
 * not above `stopAt` or a git repository's root) that holds a kustomization, so overlays beside a base are found.
 * Undefined when no folder above the file is a kustomization.
 */
export function treeRootOf(file: string, stopAt?: string): string | undefined {
  let dir = dirname(resolve(file));
  let highest: string | undefined;
  for (let i = 0; i < 6; i++) {
    if (kustomizationFileIn(dir)) highest = dir;
    if ((stopAt && resolve(dir) === resolve(stopAt)) || existsSync(join(dir, '.git'))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (!highest) return undefined;
  const parent = dirname(highest);
  const bounded = (stopAt && !relative(resolve(stopAt), parent).startsWith('..')) || !stopAt;
  return bounded && !existsSync(join(highest, '.git')) ? parent : highest;
}

/** Every kustomization under `root` (bounded depth and count). */
export function findKustomizations(root: string): TreeKustomization[] {
  const out: TreeKustomization[] = [];
  const visit = (dir: string, depth: number) => {
    if (out.length >= MAX_KUSTOMIZATIONS) return;
    const file = kustomizationFileIn(dir);
    if (file) {
      try {
        const text = readFileSync(file, 'utf8');
        const model = parseKustomization(text);
        if (model) out.push({ dir, file, text, model });
      } catch {
        // Unreadable: left out.
      }
    }
    if (depth >= MAX_DEPTH) return;
    let entries: string[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !SKIP_DIRS.has(e.name)).map((e) => e.name).sort();
    } catch {
      return;
    }
    for (const name of entries) visit(join(dir, name), depth + 1);
  };
  visit(root, 0);
  return out;
}

// kubectl builds at once, across all trees: as many as the cores this process may use (one under `taskset -c 0`).
// A build is a Go process that spends about a second on a bundle of CRDs; one per core keeps the machine busy
// while the engine judges other files, without queueing processes that only compete for the same cores.
const BUILD_SLOTS = Math.max(1, availableParallelism());
let buildsRunning = 0;
const waitingBuilds: (() => void)[] = [];

async function limitBuilds<T>(build: () => Promise<T>): Promise<T> {
  // A finished build hands its slot to the next waiting one directly, so no newcomer can slip in between.
  if (buildsRunning >= BUILD_SLOTS) await new Promise<void>((start) => waitingBuilds.push(start));
  else buildsRunning++;
  try {
    return await build();
  } finally {
    const next = waitingBuilds.shift();
    if (next) next();
    else buildsRunning--;
  }
}

/** Runs `kubectl kustomize` on `dir` with origin annotations, offline; the output or kubectl's error. */
export function kubectlBuild(dir: string, options: KustomizeOptions): Promise<{ text: string; originBase: string } | { error: string; missing?: boolean }> {
  // A wrapper kustomization asks for origin annotations without touching the user's files.
  const wrapper = mkdtempSync(join(tmpdir(), 'kubeward-kustomize-'));
  const target = relative(wrapper, dir).split(sep).join('/');
  writeFileSync(join(wrapper, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(target)}\nbuildMetadata: [originAnnotations]\n`);
  const blocked = 'http://127.0.0.1:9';
  const env = {
    ...process.env,
    HTTP_PROXY: blocked,
    HTTPS_PROXY: blocked,
    ALL_PROXY: blocked,
    http_proxy: blocked,
    https_proxy: blocked,
    all_proxy: blocked,
    NO_PROXY: '',
    no_proxy: '',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: 'file',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  return new Promise((done) => {
    execFile(options.kubectlPath, ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', wrapper], { env, timeout: options.timeoutMs, maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      rmSync(wrapper, { recursive: true, force: true });
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? `${options.kubectlPath} not found` : err.killed ? `timed out after ${options.timeoutMs} ms` : (stderr || err.message).split('\n').find((l) => l.trim()) ?? err.message;
        done({ error: reason.replace(/^E\d{4} [\d:.]+\s+\d+ \S+\] /, '').replace(/^"command failed" err="(.*)"$/, '$1').slice(0, 400).replaceAll(`${wrapper}${sep}`, '').trim(), ...(code === 'ENOENT' || code === 'EACCES' ? { missing: true } : {}) });
      } else done({ text: stdout, originBase: wrapper });
    });
  });
}

/** What one Kustomize tree means for its files: patches, findings placed by builds, notes for kustomization files. */
export interface TreeAnalysis {
  root: string;
  /** Content hash of the tree's kustomizations and the files they name (the build cache key). */
  key: string;
  /** Those files' content digests when the analysis started. */
  digests: ReadonlyMap<string, string>;
  /** The options and settings it was made with. */
  configuration: string;
  inputs: Map<string, KustomizeInput>;
  /** Folders built, and those whose build failed (with kubectl's message). */
  built: string[];
  failed: { dir: string; message: string }[];
  /** The kubectl executable was not found: nothing was built. */
  kubectlMissing?: boolean;
}

/** Files a kustomization names (resources, patches) and that exist as files. */
function namedFiles(k: TreeKustomization): { resources: string[]; patches: string[] } {
  const resources = k.model.resources.filter((r) => !r.remote).map((r) => resolve(k.dir, r.value));
  const patches = k.model.patches.filter((p) => p.path && !p.path.remote).map((p) => resolve(k.dir, p.path!.value));
  return { resources: resources.filter(isFile), patches: patches.filter(isFile) };
}

const MAX_GENERATOR_FILE_BYTES = 1024 * 1024;

function isFile(f: string): boolean {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
}

/** The files a kustomization's secretGenerators read (`envs:`, `files:`), resolved; whether committed or not. */
function generatorFilePaths(dir: string, model: Kustomization): { written: string; file: string }[] {
  return secretGeneratorSources(model).map((s) => ({ written: s.path, file: resolve(dir, s.path) }));
}

/**
 * The texts of the secretGenerator sources that are in the repository (a file that exists and no `.gitignore`
 * ignores), keyed by the path as written; undefined when there are none.
 */
export function committedGeneratorFiles(dir: string, model: Kustomization): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const { written, file } of generatorFilePaths(dir, model)) {
    try {
      const stat = statSync(file);
      if (!stat.isFile() || stat.size > MAX_GENERATOR_FILE_BYTES || isGitignored(file)) continue;
      (out ??= {})[written] = readFileSync(file, 'utf8');
    } catch {
      // Unreadable: not judged.
    }
  }
  return out;
}

/** True when the kustomization (or one it includes) names something remote: it is not built. */
function reachesRemote(k: TreeKustomization, byDir: Map<string, TreeKustomization>, seen = new Set<string>()): boolean {
  if (seen.has(k.dir)) return false;
  seen.add(k.dir);
  const refs = [...k.model.resources, ...k.model.components, ...k.model.patches.flatMap((p) => (p.path ? [p.path] : []))];
  if (refs.some((r) => r.remote)) return true;
  return [...k.model.resources, ...k.model.components].some((r) => {
    const child = byDir.get(resolve(k.dir, r.value));
    return !!child && reachesRemote(child, byDir, seen);
  });
}

/** The tree's kustomizations and the files they name, each with the digest of its content now. */
function treeDigests(kustomizations: TreeKustomization[]): Map<string, string> {
  const files = new Set<string>();
  for (const k of kustomizations) {
    files.add(k.file);
    const named = namedFiles(k);
    for (const f of [...named.resources, ...named.patches, ...generatorFilePaths(k.dir, k.model).map((g) => g.file)]) files.add(f);
  }
  return new Map([...files].sort().map((f) => [f, contentDigest(f)]));
}

function configurationOf(options: KustomizeOptions, settings: EngineSettings): string {
  return JSON.stringify([options, settings]);
}

function treeKey(digests: ReadonlyMap<string, string>, options: KustomizeOptions, settings: EngineSettings): string {
  const hash = createHash('sha1');
  hash.update(configurationOf(options, settings));
  for (const [f, digest] of digests) hash.update(`${f}\u0000${digest}\u0000`);
  return hash.digest('hex');
}

/** True when `file` has the content the analysis saw (it was part of the tree then). */
export function unchangedSince(analysis: TreeAnalysis, file: string): boolean {
  const then = analysis.digests.get(resolve(file));
  return then !== undefined && then === contentDigest(resolve(file));
}

// The language server asks for a tree's key on every analysis of one of its files: a file is read again only when
// its modification time or size changed.
const digests = new Map<string, { mtimeMs: number; size: number; digest: string }>();

function contentDigest(file: string): string {
  try {
    const st = statSync(file);
    const known = digests.get(file);
    if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) return known.digest;
    const digest = createHash('sha1').update(readFileSync(file)).digest('hex');
    if (digests.size > 20_000) digests.clear();
    digests.set(file, { mtimeMs: st.mtimeMs, size: st.size, digest });
    return digest;
  } catch {
    return 'missing';
  }
}

/**
 * Analyses a tree: every patch file is marked; when builds are on and kubectl works, every kustomization that is not
 * a component and reaches nothing remote is built, its objects judged by `analyzer`, and each finding placed in the
 * file that wrote it. A finding several builds share is reported once, naming the kustomizations it appears in.
 */
export async function analyzeTree(root: string, analyzer: Analyzer, settings: EngineSettings, options: KustomizeOptions, kustomizations = findKustomizations(root)): Promise<TreeAnalysis> {
  const byDir = new Map(kustomizations.map((k) => [k.dir, k]));
  const inputs = new Map<string, KustomizeInput>();
  const input = (file: string) => inputs.get(file) ?? (inputs.set(file, {}), inputs.get(file)!);
  for (const k of kustomizations) for (const p of namedFiles(k).patches) input(p).patch = true;
  for (const k of kustomizations) {
    const generatorFiles = committedGeneratorFiles(k.dir, k.model);
    if (generatorFiles) input(k.file).generatorFiles = generatorFiles;
  }
  const digests = treeDigests(kustomizations);
  const result: TreeAnalysis = { root, key: treeKey(digests, options, settings), digests, configuration: configurationOf(options, settings), inputs, built: [], failed: [] };
  if (!options.build) return result;

  const texts = new Map<string, string | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) {
      try {
        texts.set(file, readFileSync(file, 'utf8'));
      } catch {
        texts.set(file, undefined);
      }
    }
    return texts.get(file);
  };
  // Overlays of a tree share their bases: each source file is split and parsed once for all builds.
  const sourceDocuments = new Map<string, YamlDocument[] | undefined>();
  const documentsOf = (file: string) => {
    if (!sourceDocuments.has(file)) {
      const text = read(file);
      sourceDocuments.set(file, text === undefined ? undefined : parseYamlDocuments(text));
    }
    return sourceDocuments.get(file);
  };
  // The builds of a tree repeat most of their objects: each built document is parsed once for all of them (rules and
  // the mapping back only read it). The rules' cache spares the judging of a repeated document, not its mapping.
  const builtDocuments = new Map<string, Document.Parsed>();
  const placed = new Map<string, { file: string; f: MappedFinding; builds: TreeKustomization[]; messages: Set<string> }>();
  // Builds run side by side (see limitBuilds); their outputs are judged one by one, in order.
  const builds = deployables(kustomizations, byDir)
    .filter((k) => !reachesRemote(k, byDir))
    .map((k) => ({ k, output: limitBuilds(() => kubectlBuild(k.dir, options)) }));
  for (const { k, output } of builds) {
    const out = await output;
    if ('error' in out) {
      result.failed.push({ dir: k.dir, message: out.error });
      // kubectl itself missing: no other build can work either, and the tree is judged as written, silently.
      if (out.missing) {
        result.failed.pop();
        result.kubectlMissing = true;
        break;
      }
      continue;
    }
    result.built.push(k.dir);
    const documents = parseYamlDocuments(out.text, builtDocuments);
    const judged = analyzer.analyze({ text: out.text, path: join(out.originBase, 'build.yaml'), settings: { ...settings, exclude: [] }, documents });
    const ctx: BuildContext = { root: k, kustomizations: byDir, read, documentsOf, resolve, originBase: out.originBase };
    for (const f of mapBuildFindings(ctx, documents, judged.findings)) {
      const id = `${f.file}\u0000${f.start}\u0000${f.end}\u0000${f.ruleId}`;
      const entry = placed.get(id);
      if (entry) {
        if (!entry.builds.includes(k)) entry.builds.push(k);
        entry.messages.add(f.message);
      } else placed.set(id, { file: f.file, messages: new Set([f.message]), f: { ruleId: f.ruleId, severity: f.severity, message: f.message, start: f.start, end: f.end }, builds: [k] });
    }
    // Every file this build read is judged by it: no finding there means none.
    markCovered(k, byDir, input);
  }
  for (const failure of result.failed) {
    const k = byDir.get(failure.dir)!;
    const notes = (input(k.file).notes ??= []);
    notes.push({ ruleId: BUILD_RULE, severity: 'info', message: `kubectl kustomize failed, so this kustomization's files are judged as written: ${failure.message}`, start: 0, end: Math.max(1, k.text.indexOf('\n') < 0 ? k.text.length : k.text.indexOf('\n')) });
  }
  for (const { file, f, builds, messages } of placed.values()) {
    // One place written for several objects (an `images:` entry, a patch applied to many): say so.
    const message = messages.size > 1 ? `${f.message} (and ${messages.size - 1} more object${messages.size > 2 ? 's' : ''} written here)` : f.message;
    (input(file).built ??= []).push(withBuilds({ ...f, message }, builds, root));
  }
  return result;
}

/**
 * The kustomizations that are built: those no other kustomization of the tree includes (what gets deployed). A base
 * is judged through the overlays that use it, so a finding an overlay fixes is not reported for that overlay.
 */
export function deployables(kustomizations: TreeKustomization[], byDir: Map<string, TreeKustomization>): TreeKustomization[] {
  const included = new Set<string>();
  for (const k of kustomizations) {
    for (const r of [...k.model.resources, ...k.model.components]) {
      if (!r.remote) included.add(resolve(k.dir, r.value));
    }
  }
  return kustomizations.filter((k) => !k.model.component && !included.has(k.dir) && byDir.get(k.dir) === k);
}

function markCovered(k: TreeKustomization, byDir: Map<string, TreeKustomization>, input: (file: string) => KustomizeInput, seen = new Set<string>()): void {
  if (seen.has(k.dir)) return;
  seen.add(k.dir);
  const i = input(k.file);
  i.built ??= [];
  const named = namedFiles(k);
  for (const f of [...named.resources, ...named.patches]) input(f).built ??= [];
  for (const r of [...k.model.resources, ...k.model.components]) {
    const child = byDir.get(resolve(k.dir, r.value));
    if (child) markCovered(child, byDir, input, seen);
  }
}

/** The finding with the kustomizations whose builds contain it: in the message, and each as related information. */
function withBuilds(f: MappedFinding, builds: TreeKustomization[], root: string): MappedFinding {
  const names = builds.map((b) => relative(root, b.dir).split(sep).join('/') || '.');
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  const related = builds.map((b) => ({ path: b.file, range: new LineIndex(b.text).rangeOf(0, 0), message: 'a kustomization whose build has this finding' }));
  return { ...f, message: `${f.message} (kustomize build${names.length > 1 ? 's' : ''}: ${shown})`, related };
}

/** Analyses of trees cached by their content hash; one build at a time per tree. */
export class KustomizeTrees {
  private running = new Map<string, Promise<TreeAnalysis>>();

  /** `cache`: the analyses an earlier instance kept, by tree root (a worker thread gets them as a copy). */
  constructor(
    private readonly analyzer: Analyzer,
    readonly cache = new Map<string, TreeAnalysis>(),
  ) {}

  /** The analysis of the tree at `root`, from the cache when no file of it changed. */
  async analysis(root: string, settings: EngineSettings, options: KustomizeOptions): Promise<TreeAnalysis> {
    const kustomizations = findKustomizations(root);
    const key = treeKey(treeDigests(kustomizations), options, settings);
    const cached = this.cache.get(root);
    if (cached?.key === key) return cached;
    const id = `${root}\u0000${key}`;
    let run = this.running.get(id);
    if (!run) {
      run = analyzeTree(root, this.analyzer, settings, options, kustomizations).finally(() => this.running.delete(id));
      this.running.set(id, run);
    }
    const result = await run;
    this.cache.set(root, result);
    return result;
  }

  /** The cached analysis if it is current, without building. */
  current(root: string, settings: EngineSettings, options: KustomizeOptions): TreeAnalysis | undefined {
    const cached = this.cache.get(root);
    if (!cached) return undefined;
    return cached.key === treeKey(treeDigests(findKustomizations(root)), options, settings) ? cached : undefined;
  }

  /**
   * The last analysis of the tree with these options and settings, even when files changed since: while the tree is
   * rebuilt, a file unchanged since then keeps what that build found there (see `unchangedSince`).
   */
  latest(root: string, settings: EngineSettings, options: KustomizeOptions): TreeAnalysis | undefined {
    const cached = this.cache.get(root);
    return cached?.configuration === configurationOf(options, settings) ? cached : undefined;
  }
}

/** True when a kustomization of the file's tree names it as a patch (cheap: no build). */
export function isKustomizePatchFile(file: string): boolean {
  const root = treeRootOf(file);
  if (!root) return false;
  const target = resolve(file);
  return findKustomizations(root).some((k) => namedFiles(k).patches.includes(target));
}
