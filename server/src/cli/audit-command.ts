import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isPssVersion } from '../engine/pss';
import { PROFILES, SEVERITIES, type EngineSettings, type Profile, type Severity } from '../engine/types';
import { auditAnalyzer, runAudit, type AuditTarget } from '../node/audit';
import { engineIdentity, kubectlIdentity, loadAudit, saveAudit } from '../node/audit-cache-file';
import { DEFAULT_KUSTOMIZE_OPTIONS, KustomizeTrees, type KustomizeOptions } from '../node/kustomize';
import { applyBaseline, parseBaseline } from '../report/baseline';
import { isFormat, renderReport } from '../report/formats';
import type { AuditReport } from '../report/model';
import { cliSettings, ConfigError } from './config';
import { applySafeFixes } from './fix';
import { parseAuditArgs, type AuditFlags } from './flags';
import { helpText } from './help';
import { progressLine } from './progress';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): string;
  cwd: string;
}

export class UsageError extends Error {}

type FailOn = Severity | 'none';

function failOnOf(value: string | undefined): FailOn {
  const v = value ?? 'hint';
  if (v !== 'none' && !SEVERITIES.includes(v as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none (got "${v}")`);
  return v as FailOn;
}

/** Exit status for a report: 1 when an unsuppressed finding is at or above the threshold. */
export function exitCodeFor(report: AuditReport, failOn: FailOn): number {
  if (failOn === 'none') return 0;
  const limit = SEVERITIES.indexOf(failOn);
  return report.findings.some((f) => !f.suppressions?.length && SEVERITIES.indexOf(f.severity) <= limit) ? 1 : 0;
}

function options(flags: AuditFlags) {
  const format = flags.format ?? 'text';
  if (!isFormat(format)) throw new UsageError(`unknown --format "${format}": use text, json, sarif, markdown or html`);
  const maxBytes = flags['max-file-bytes'] === undefined ? undefined : Number(flags['max-file-bytes']);
  if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && maxBytes > 0)) throw new UsageError('--max-file-bytes must be a positive whole number');
  return { format, failOn: failOnOf(flags['fail-on']), maxBytes, ...profileSettings(flags) };
}

/** `--profile` and `--pss-version` as engine settings. */
export function profileSettings(flags: AuditFlags): Partial<EngineSettings> {
  const out: Partial<EngineSettings> = {};
  if (flags.profile !== undefined) {
    if (!PROFILES.includes(flags.profile as Profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}`);
    out.profile = flags.profile as Profile;
  }
  if (flags['pss-version'] !== undefined) {
    if (!isPssVersion(flags['pss-version'])) throw new UsageError('--pss-version must be latest or v1.N (e.g. v1.29)');
    out.pssVersion = flags['pss-version'];
  }
  return out;
}

export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseAuditArgs(args);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    io.stdout(helpText());
    return 0;
  }
  const { format, failOn, maxBytes, ...profile } = options(flags);
  const paths = positionals.length ? positionals : ['.'];
  const useStdin = paths.includes('-');
  if (useStdin && flags.fix) throw new UsageError('--fix cannot rewrite standard input; pass file paths instead');
  for (const p of paths) {
    if (p === '-') continue;
    try {
      statSync(p);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
  }
  const analyzer = auditAnalyzer();
  const helmValues = flags['helm-values']?.map((f) => resolve(io.cwd, f));
  const flagSettings: Partial<EngineSettings> = { ...profile, ...(maxBytes ? { maxFileBytes: maxBytes } : {}), ...(helmValues ? { helmValuesFiles: helmValues } : {}) };
  const config = cliSettings(flags.config, analyzer.ruleIds, flagSettings, io.cwd);
  let baseline;
  if (flags.baseline) {
    try {
      baseline = parseBaseline(readFileSync(flags.baseline, 'utf8'));
    } catch (err) {
      throw new UsageError(`cannot use baseline ${flags.baseline}: ${(err as Error).message}`);
    }
  }

  const target: AuditTarget = {
    root: io.cwd,
    paths: paths.filter((p) => p !== '-'),
    exclude: flags.exclude ?? [],
    gitignore: !flags['no-gitignore'],
  };
  const stdin = useStdin ? { path: flags['stdin-filename'] ?? 'stdin.yaml', text: io.readStdin() } : undefined;
  const kustomizeOptions = { ...DEFAULT_KUSTOMIZE_OPTIONS, build: !flags['no-kustomize-build'], kubectlPath: flags.kubectl ?? DEFAULT_KUSTOMIZE_OPTIONS.kubectlPath };
  const store = flags.cache ? storedAudit(resolve(io.cwd, flags.cache), kustomizeOptions, io) : undefined;
  const kustomize = { options: kustomizeOptions, trees: new KustomizeTrees(analyzer, store?.stored.trees) };
  const audit = async () => {
    const progress = progressLine();
    try {
      return await runAudit([target], { settings: config.base, settingsFor: config.settingsFor, configProblems: config.problemsOf, analyzer, stdin, onProgress: progress.update, kustomize, cache: store?.stored.cache });
    } finally {
      progress.done();
    }
  };
  let report = await audit();
  if (flags.fix) {
    const changed = applySafeFixes(report, analyzer, config.settingsFor);
    for (const line of changed) io.stderr(line);
    if (changed.length) report = await audit();
  }
  store?.save(report, kustomize.trees);
  if (baseline) applyBaseline(report, baseline, flags.baseline!);
  const rendered = renderReport(report, format);
  if (flags.output) writeFileSync(flags.output, rendered);
  else io.stdout(rendered.replace(/\n$/, ''));
  return exitCodeFor(report, failOn);
}

/** The audit `--cache FILE` holds, and how to write this one's back; a cache that cannot be used is said so and replaced. */
function storedAudit(file: string, kustomizeOptions: KustomizeOptions, io: CliIo) {
  const identity = engineIdentity();
  const kubectl = kustomizeOptions.build ? kubectlIdentity(kustomizeOptions.kubectlPath) : '';
  const stored = loadAudit(file, identity, kubectl);
  if (stored.discarded) io.stderr(`kubeward: not using the cache ${file}: ${stored.discarded}; it is written anew`);
  return {
    stored,
    save(report: AuditReport, trees: KustomizeTrees): void {
      if (report.cancelled) return;
      try {
        saveAudit(file, identity, kubectl, stored.cache, trees.cache, new Set(report.files.flatMap((f) => (f.file ? [f.file] : []))));
      } catch (err) {
        // The report is still right; only the next run will be slower.
        io.stderr(`kubeward: could not write the cache ${file}: ${(err as Error).message}`);
      }
    },
  };
}

export { ConfigError };
