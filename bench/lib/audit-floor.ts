// The parse floor of an audit: reading every file the CLI analyses and parsing it once, whole, with the parsers
// kubeward uses (`yaml` parseAllDocuments, dockerfile-ast) and nothing else. Run as its own process (pinned to one
// core by the caller) so its CPU time compares with the audit's: `node audit-floor.js FILE_LIST` prints JSON.
import { readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { fileKindOf } from '../../server/src/engine/file-kind';

export interface FloorRun {
  cpuSeconds: number;
  bytes: number;
}

function parseAll(files: string[]): FloorRun {
  const t0 = process.cpuUsage();
  let bytes = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    if (fileKindOf(file) === 'dockerfile') DockerfileParser.parse(text);
    else parseAllDocuments(text);
  }
  const cpu = process.cpuUsage(t0);
  return { cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes };
}

if (require.main === module) {
  const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
  process.stdout.write(JSON.stringify(parseAll(files)));
}
