#!/usr/bin/env node
// `kubeward audit PATH…`: the same engine and rules as the editor, for CI and the terminal.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Analyzer } from '../engine/analyze';
import type { Finding } from '../engine/types';
import { isInHelmChart } from '../node/helm-chart';
import { collectFiles } from '../node/walk';

const HELP = `kubeward — security checks for Kubernetes manifests and Dockerfiles

Usage:
  kubeward audit [PATH…]     analyse files and folders (default: .)
  kubeward --help

Prints one finding per line as  path:line:col: severity rule-id message
Exit code: 0 when nothing was found, 1 when there are findings, 2 on usage errors.

Examples:
  kubeward audit k8s/
  kubeward audit deploy.yaml Dockerfile
`;

export function formatFinding(path: string, f: Finding): string {
  return `${path}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.ruleId} ${f.message}`;
}

export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n')): number {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(HELP);
    return command ? 0 : 2;
  }
  if (command !== 'audit') {
    out(`kubeward: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  const paths = rest.length ? rest : ['.'];
  const analyzer = new Analyzer();
  let count = 0;
  for (const file of collectFiles(paths)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      out(`${file}: skipped: ${String(err)}`);
      continue;
    }
    const result = analyzer.analyze({ text, path: file, inHelmChart: isInHelmChart(file) });
    const shown = relative(process.cwd(), file) || file;
    for (const f of result.findings) {
      out(formatFinding(shown, f));
      count++;
    }
  }
  return count > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
