import { strict as assert } from 'node:assert';
import { describe, it, before } from 'node:test';
import { runCli, type CliRun } from '../helpers/cli';
import { REAL_CORPUS } from '../helpers/paths';
import { multitoolProblems, sarifSchemaErrors } from '../helpers/sarif';

// End to end on the real-world corpus: every format, parsed back, must tell the same story.

interface JsonReport {
  summary: { files: number; findings: number; bySeverity: Record<string, number> };
  findings: { ruleId: string; path: string; severity: string; startLine: number; startColumn: number }[];
  files: { path: string }[];
}
interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; shortDescription: { text: string }; help: { markdown: string }; properties: { tags: string[]; 'security-severity': string } }[] } };
    results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[];
  }[];
}

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'html'] as const;

describe('kubeward audit on ../shared/corpus/real', () => {
  const runs = new Map<string, CliRun>();
  let report: JsonReport;

  before(async () => {
    // One after the other: five audits at once, each running kubectl builds, can push a build past its time limit on
    // a busy machine, and a tree judged without its build then reports differently from the others.
    for (const f of FORMATS) runs.set(f, await runCli(['audit', '--format', f, '.'], { cwd: REAL_CORPUS }));
    report = JSON.parse(runs.get('json')!.stdout) as JsonReport;
  });

  it('exits 1 (there are findings) in every format, with nothing on stderr', () => {
    for (const f of FORMATS) {
      assert.equal(runs.get(f)!.code, 1, `${f}: ${runs.get(f)!.stderr}`);
      assert.equal(runs.get(f)!.stderr, '', f);
    }
  });

  it('the JSON report is consistent and sorted', () => {
    assert.ok(report.summary.files > 2000, `files: ${report.summary.files}`);
    assert.ok(report.findings.length > 100);
    assert.equal(report.summary.findings, report.findings.length);
    const sum = Object.values(report.summary.bySeverity).reduce((a, b) => a + b, 0);
    assert.equal(sum, report.findings.length);
    const keys = report.findings.map((f) => [f.path, f.startLine, f.startColumn] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
    assert.deepEqual(keys, sorted);
    assert.ok(report.findings.every((f) => !f.path.startsWith('/') && !f.path.startsWith('..')), 'paths are relative to the audited root');
  });

  it('SARIF is valid against the SARIF 2.1.0 schema and the Multitool, and agrees with JSON', () => {
    const text = runs.get('sarif')!.stdout;
    const log = JSON.parse(text) as SarifLog;
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.deepEqual(multitoolProblems(text), []);
    const run = log.runs[0];
    assert.equal(run.results.length, report.findings.length);
    const levels = { error: 0, warning: 0, note: 0 } as Record<string, number>;
    for (const r of run.results) levels[r.level]++;
    assert.deepEqual(levels, { error: report.summary.bySeverity.error, warning: report.summary.bySeverity.warning, note: report.summary.bySeverity.info + report.summary.bySeverity.hint });
    const fromSarif = run.results.map((r) => {
      const p = r.locations[0].physicalLocation;
      return `${decodeURIComponent(p.artifactLocation.uri)}:${p.region.startLine}:${p.region.startColumn} ${r.ruleId}`;
    });
    assert.deepEqual(fromSarif, report.findings.map((f) => `${f.path}:${f.startLine}:${f.startColumn} ${f.ruleId}`));
    for (const rule of run.tool.driver.rules) {
      assert.ok(rule.shortDescription.text && rule.help.markdown.length > 40, rule.id);
      assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
      assert.ok(rule.properties.tags.includes('security'));
    }
  });

  it('text, Markdown and HTML count the same findings', () => {
    const textLines = runs.get('text')!.stdout.split('\n');
    assert.equal(textLines.filter((l) => /^\S.*:\d+:\d+: (error|warning|info|hint) \S+ /.test(l)).length, report.findings.length);
    assert.match(textLines.at(-2)!, new RegExp(`^${report.findings.length} findings \\(`));
    const md = runs.get('markdown')!.stdout;
    assert.equal(md.split('\n').filter((l) => /^\| \d+:\d+ \| (error|warning|info|hint) \| `/.test(l)).length, report.findings.length);
    assert.ok(md.startsWith(`# kubeward audit\n\n${report.findings.length} findings (`));
    const html = runs.get('html')!.stdout;
    assert.equal(html.match(/<span class="sev (error|warning|info|hint)">/g)?.length, report.findings.length);
    assert.ok(!/<(script|link|img|iframe|object|embed)\b/i.test(html) && !/<[^>]+\ssrc=/i.test(html), 'self-contained: no scripts, stylesheets or images to load');
  });
});

describe('kubeward audit output is deterministic', () => {
  it('two JSON runs over the same tree are byte-identical', async () => {
    const [a, b] = await Promise.all([runCli(['audit', '-f', 'json', 'kustomize'], { cwd: REAL_CORPUS }), runCli(['audit', '-f', 'json', 'kustomize'], { cwd: REAL_CORPUS })]);
    assert.ok(a.stdout.length > 1000);
    assert.equal(a.stdout, b.stdout);
  });
});
