import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from './paths';

// The official OASIS SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it (npm @microsoft/sarif-multitool-linux, MIT).
const MULTITOOL_DIR = join(REPO_ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux');
export const SARIF_SCHEMA_FILE = join(MULTITOOL_DIR, 'sarif-2.1.0.json');
export const MULTITOOL = join(MULTITOOL_DIR, 'Sarif.Multitool');

let validate: ReturnType<Ajv2020['compile']> | undefined;

/** Schema errors of a SARIF log ([] when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')));
  }
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Lines of `Sarif.Multitool validate` that report an error or a warning about `text`. */
export function multitoolProblems(text: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-sarif-'));
  const input = join(dir, 'report.sarif');
  writeFileSync(input, text);
  let out: string;
  try {
    out = execFileSync(MULTITOOL, ['validate', '--max-file-size-in-kb', '1000000', '-o', join(dir, 'result.sarif'), input], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  } catch (err) {
    out = `${(err as { stdout?: string }).stdout ?? ''}${String(err)}`;
  }
  return out.split('\n').filter((l) => /: (error|warning) /.test(l) || /ERR\d+/.test(l));
}

export const multitoolInstalled = (): boolean => existsSync(MULTITOOL);
