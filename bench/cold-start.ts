// Cold start (issue 10, benchmark 5): spawn → initialize → first diagnostics of a file, and the packaged .vsix size.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../test/helpers/paths';
import { k8sCases, type EditCase } from './lib/inputs';
import { kubewardServer, LspProcess, type ServerSpec } from './lib/lsp-process';
import { machine, median, ms, printTable, quantile } from './lib/report';

const RUNS = 10;
const VSIX = resolve(REPO_ROOT, 'kubeward.vsix');

interface Start {
  initialized: number;
  diagnostics: number;
}

async function coldStart(spec: ServerSpec, c: EditCase, versioned: boolean): Promise<Start> {
  const t0 = performance.now();
  const server = new LspProcess(spec);
  try {
    await server.initialize();
    const initialized = performance.now() - t0;
    const published = server.nextDiagnostics(c.uri, versioned ? 1 : undefined);
    await server.open(c.uri, c.text, c.languageId, 1);
    return { initialized, diagnostics: (await published) - t0 };
  } finally {
    await server.stop();
  }
}

export async function main(): Promise<void> {
  console.log(`\n## Cold start and package size\n\nmachine: ${machine()}`);
  // The package build is the production (minified) bundle: the cold start below measures what users run.
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const [c] = k8sCases();
  const kubeward = kubewardServer({ debounceMs: 0 });
  const yls: ServerSpec = {
    name: 'yaml-language-server',
    command: process.execPath,
    args: [resolve(REPO_ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    sections: { yaml: { validate: true, schemas: { kubernetes: '*.yaml' }, schemaStore: { enable: false } }, http: { proxy: 'http://127.0.0.1:9' } },
  };
  // What the runtime alone costs here: on a busy machine this is most of a cold start.
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t0);
  }
  const rows: string[][] = [['node -e 0 (runtime alone)', '-', ms(median(bare)), ms(quantile(bare, 1))]];
  for (const [spec, versioned] of [[kubeward, true], [yls, false]] as const) {
    const starts: Start[] = [];
    for (let i = 0; i < RUNS; i++) starts.push(await coldStart(spec, c, versioned));
    const init = starts.map((s) => s.initialized);
    const diag = starts.map((s) => s.diagnostics);
    rows.push([spec.name, ms(median(init)), ms(median(diag)), ms(quantile(diag, 1))]);
  }
  printTable(`spawn → first diagnostics of ${c.source}, ms (${RUNS} runs)`, ['process', 'initialize p50', 'exit / first diagnostics p50', 'max'], rows);
  console.log(`\nyaml-language-server includes its fixed 200 ms validation delay.`);
  const bytes = statSync(VSIX).size;
  printTable('package', ['file', 'bytes', 'MB'], [['kubeward.vsix', String(bytes), (bytes / 1048576).toFixed(2)]]);
}

if (require.main === module) main().catch((err) => ((process.exitCode = 1), console.error(err)));
