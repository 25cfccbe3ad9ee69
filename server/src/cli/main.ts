#!/usr/bin/env node
// `kubeward audit PATH…`: the same engine and rules as the editor, for CI and the terminal.
import '../node/plain-env';
import { readFileSync } from 'node:fs';
import { auditCommand, ConfigError, UsageError, type CliIo } from './audit-command';
import { helpText } from './help';
import { pinCommand } from './pin';
import { exportPolicyCommand } from './export-policy';

const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s + '\n'),
  stderr: (s) => process.stderr.write(s + '\n'),
  readStdin: () => readFileSync(0, 'utf8'),
  cwd: process.cwd(),
};

/** Runs the CLI; resolves to the exit code (0 clean, 1 findings, 2 usage or configuration error). */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(helpText());
    return command ? 0 : 2;
  }
  // `pin` rewrites image references to digests (registry lookups); it has its own options and help.
  if (command === 'pin') return pinCommand(rest, io.stdout);
  if (command === 'export-policy') return exportPolicyCommand(rest, io.stdout);
  if (command !== 'audit') {
    io.stderr(`kubeward: unknown command "${command}"\n\n${helpText()}`);
    return 2;
  }
  try {
    return await auditCommand(rest, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.stderr(`kubeward: ${err.message}\nRun "kubeward audit --help" for usage.`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`kubeward: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
