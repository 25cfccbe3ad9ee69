// Prints the editor tests' outcome, writes it to test-output/, and sets the exit code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionResults, TestOutcome } from '../session';
import { TEST_OUTPUT_DIR } from './paths';

export class Report {
  private readonly tests: TestOutcome[] = [];
  private readonly started = Date.now();
  /** Figures worth keeping next to the results (e.g. the .vsix size). */
  private readonly notes: Record<string, string | number> = {};

  constructor(private readonly suite: string) {}

  add(results: SessionResults): void {
    for (const t of results.tests) this.record(t);
  }

  record(t: TestOutcome): void {
    this.tests.push(t);
    console.log(`${t.ok ? '✔' : '✖'} ${t.name} (${t.ms} ms)`);
    if (t.error) console.log(t.error.replace(/^/gm, '    '));
  }

  note(key: string, value: string | number): void {
    this.notes[key] = value;
    console.log(`${this.suite}: ${key} = ${value}`);
  }

  /** Runs `fn` as one test of the report. */
  async check(name: string, fn: () => Promise<void>): Promise<void> {
    const started = Date.now();
    try {
      await fn();
      this.record({ name, ok: true, ms: Date.now() - started });
    } catch (err) {
      this.record({ name, ok: false, ms: Date.now() - started, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  }

  /** Writes test-output/<suite>-results.json, prints the closing line, and returns the process exit code. */
  finish(): number {
    const passed = this.tests.filter((t) => t.ok).length;
    const failed = this.tests.length - passed;
    const seconds = Math.round((Date.now() - this.started) / 1000);
    mkdirSync(TEST_OUTPUT_DIR, { recursive: true });
    const file = join(TEST_OUTPUT_DIR, `${this.suite}-results.json`);
    writeFileSync(file, JSON.stringify({ suite: this.suite, passed, failed, seconds, notes: this.notes, tests: this.tests }, null, 2));
    console.log(`${this.suite}: results in ${file}, ${seconds} s`);
    // A run that executed nothing is a failure, not a pass.
    if (!this.tests.length) console.log(`${this.suite}: no test ran`);
    console.log(`${passed} passed, ${failed} failed`);
    return failed || !this.tests.length ? 1 : 0;
  }
}

/** Runs a launcher and exits with its code; a crash counts as one failed test, so CI sees it as a failure. */
export function runLauncher(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      console.log('0 passed, 1 failed');
      process.exit(1);
    },
  );
}
