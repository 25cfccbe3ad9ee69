#!/usr/bin/env node
// `kubeward audit PATH…`: the same engine and rules as the editor, for CI and the terminal.
import '../node/plain-env';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Analyzer } from '../engine/analyze';
import { isPssVersion } from '../engine/pss';
import { PROFILES, type EngineSettings, type Finding, type Profile } from '../engine/types';
import { isInHelmChart } from '../node/helm-chart';
import { collectFiles } from '../node/walk';
import { CliConfig } from '../node/file-config';
import { pinCommand } from './pin';
import { exportPolicyCommand } from './export-policy';

const HELP = `kubeward — security checks for Kubernetes manifests and Dockerfiles

Usage:
  kubeward audit [options] [PATH…]     analyse files and folders (default: .)
  kubeward pin [--registry-lookup] PATH…   pin images to digests in place (kubeward pin --help)
  kubeward export-policy --format vap|kyverno|gatekeeper -o DIR   admission policies (kubeward export-policy --help)
  kubeward --help

Options:
  --profile strict|pss-baseline|pss-restricted
                         strict (default): every rule, Pod Security checks at restricted level;
                         pss-baseline / pss-restricted: only that level's Pod Security Standards checks
  --pss-version latest|v1.N   Pod Security Standards policy version (default: latest)

Prints one finding per line as  path:line:col: severity rule-id message
Exit code: 0 when nothing was found, 1 when there are findings, 2 on usage errors.

Examples:
  kubeward audit k8s/
  kubeward audit deploy.yaml Dockerfile
  kubeward audit --profile pss-baseline --pss-version v1.29 k8s/
`;

/** Splits `--profile`/`--pss-version` (as `--flag value` or `--flag=value`) from the paths. */
export function parseAuditArgs(args: string[]): { paths: string[]; settings: Partial<EngineSettings> } | { error: string } {
  const paths: string[] = [];
  const settings: Partial<EngineSettings> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^(--profile|--pss-version)(?:=(.*))?$/.exec(args[i]);
    if (!m) {
      paths.push(args[i]);
      continue;
    }
    const value = m[2] ?? args[++i];
    if (m[1] === '--profile') {
      if (!PROFILES.includes(value as Profile)) return { error: `--profile must be one of ${PROFILES.join(', ')}` };
      settings.profile = value as Profile;
    } else {
      if (!value || !isPssVersion(value)) return { error: '--pss-version must be latest or v1.N (e.g. v1.29)' };
      settings.pssVersion = value;
    }
  }
  return { paths, settings };
}

export function formatFinding(path: string, f: Finding): string {
  return `${path}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.ruleId} ${f.message}`;
}

export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n')): number {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(HELP);
    return command ? 0 : 2;
  }
  if (command === 'export-policy') return exportPolicyCommand(rest, out);
  if (command !== 'audit') {
    out(`kubeward: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  const parsed = parseAuditArgs(rest);
  if ('error' in parsed) {
    out(`kubeward: ${parsed.error}\n\n${HELP}`);
    return 2;
  }
  const paths = parsed.paths.length ? parsed.paths : ['.'];
  const analyzer = new Analyzer();
  const config = new CliConfig(analyzer.ruleIds, parsed.settings);
  let count = 0;
  for (const file of collectFiles(paths)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      out(`${file}: skipped: ${String(err)}`);
      continue;
    }
    const configProblems = config.problemsOf(file, text);
    const result = configProblems ? { findings: configProblems } : analyzer.analyze({ text, path: file, inHelmChart: isInHelmChart(file), settings: config.settingsFor(file) });
    const shown = relative(process.cwd(), file) || file;
    for (const f of result.findings) {
      out(formatFinding(shown, f));
      count++;
    }
  }
  return count > 0 ? 1 : 0;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  // `pin` is asynchronous (registry lookups) and lives in its own module.
  if (argv[0] === 'pin') void pinCommand(argv.slice(1), (s) => process.stdout.write(s + '\n')).then((code) => (process.exitCode = code));
  else process.exitCode = main(argv);
}
