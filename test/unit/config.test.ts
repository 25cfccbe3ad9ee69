import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { anchorGlob, excludedBy } from '../../server/src/engine/config/glob';
import { parseConfig } from '../../server/src/engine/config/parse';
import { resolveConfig, type ConfigResolveInput } from '../../server/src/engine/config/resolve';
import { toEngineSettings } from '../../server/src/engine/settings';
import { LineIndex } from '../../server/src/engine/text';

const KNOWN = new Set(['k8s/privileged-container', 'k8s/run-as-non-root', 'k8s/host-namespaces', 'k8s/image-not-pinned']);

/** [code, underlined text, line, character] of each problem, for compact exact assertions. */
function placed(text: string, problems: { code: string; start: number; end: number }[]): [string, string, number, number][] {
  const lines = new LineIndex(text);
  return problems.map((p) => {
    const pos = lines.positionAt(p.start);
    return [p.code, text.slice(p.start, p.end), pos.line, pos.character];
  });
}

describe('config file: schema errors at the exact key or value', () => {
  const TEXT = `profile: pss-basline
kubernetesVersion: 1.30
rules:
  k8s/privileged-container: warn
  k8s/run-as-non-root:
    severity: hint
    options: {requireCpuLimit: false}
  k8s/host-namespaces: {severity: warnin}
  K8S/Bad: off
  k8s/privileged-contaner: off
unknownKey: true
`;
  const parsed = parseConfig('/ws/.kubeward.yaml', TEXT, KNOWN);

  it('places each problem on the offending node, one problem per mistake', () => {
    assert.deepEqual(placed(TEXT, parsed.problems), [
      ['kubeward/config-error', 'pss-basline', 0, 9],
      ['kubeward/config-error', '1.30', 1, 19],
      ['kubeward/config-error', 'warn', 3, 28],
      ['kubeward/config-error', 'warnin', 7, 34],
      ['kubeward/config-error', 'K8S/Bad', 8, 2],
      ['kubeward/unknown-rule', 'k8s/privileged-contaner', 9, 2],
      ['kubeward/config-error', 'unknownKey', 10, 0],
    ]);
  });

  it('says what is expected', () => {
    const messages = parsed.problems.map((p) => p.message);
    assert.equal(messages[0], '`profile` is one of: strict, pss-baseline, pss-restricted.');
    assert.match(messages[1], /quoted, so YAML does not read 1.30 as a number/);
    assert.equal(messages[2], 'A rule setting is a severity (error, warning, info, hint, off) or an object with `severity` and `options`.');
    assert.equal(messages[3], '`severity` is one of: error, warning, info, hint, off.');
    assert.equal(messages[5], 'Unknown rule id `k8s/privileged-contaner`: this setting does nothing. Did you mean `k8s/privileged-container`?');
    assert.equal(messages[6], 'Unknown key `unknownKey` in the config.');
  });

  it('offers to fix a misspelt rule id, keeping quotes', () => {
    const fix = parsed.problems[5].fixes![0];
    assert.equal(fix.title, 'Change to `k8s/privileged-container`');
    const quoted = `rules:\n  "k8s/privileged-contaner": off\n`;
    const p = parseConfig('/ws/.kubeward.yaml', quoted, KNOWN).problems[0];
    assert.deepEqual([p.start, p.end], [10, 33]);
    const e = p.fixes![0].edits[0];
    assert.equal(quoted.slice(0, e.start) + e.newText + quoted.slice(e.end), `rules:\n  "k8s/privileged-container": off\n`);
  });

  it('keeps the valid parts and drops only the invalid entries', () => {
    assert.deepEqual(parsed.config.rules?.['k8s/run-as-non-root'], { severity: 'hint', options: { requireCpuLimit: false } });
    assert.equal(parsed.config.profile, undefined);
    assert.equal(parsed.config.kubernetesVersion, undefined);
    assert.equal(parsed.config.rules?.['k8s/privileged-container'], undefined);
    assert.equal(parsed.config.rules?.['K8S/Bad'], undefined);
  });

  it('reads .kubeward.json with positions in the JSON text', () => {
    const json = `{\n  "profile": "strict",\n  "requireReason": "yes"\n}\n`;
    const p = parseConfig('/ws/.kubeward.json', json, KNOWN);
    assert.deepEqual(placed(json, p.problems), [['kubeward/config-error', '"yes"', 2, 19]]);
    assert.equal(p.problems[0].message, '`requireReason` is true or false.');
    assert.equal(p.config.profile, 'strict');
  });

  it('reports YAML syntax errors and duplicate keys', () => {
    const dup = `profile: strict\nprofile: pss-baseline\n`;
    const p = parseConfig('/ws/.kubeward.yaml', dup, KNOWN);
    assert.equal(p.problems.length, 1);
    assert.equal(p.problems[0].code, 'kubeward/config-error');
    assert.equal(new LineIndex(dup).positionAt(p.problems[0].start).line, 1);
    assert.match(p.problems[0].message, /unique/);
  });
});

function input(partial: Partial<ConfigResolveInput>): ConfigResolveInput {
  return { chain: [], read: () => undefined, settings: toEngineSettings({}), knownRuleIds: KNOWN, trusted: true, ...partial };
}

describe('config merging and precedence', () => {
  it('defaults < VS Code settings < root config < nearer config', () => {
    const settings = toEngineSettings({ profile: 'pss-baseline', requireReason: true, rules: { 'k8s/privileged-container': 'warning', 'k8s/image-not-pinned': 'off' } });
    const eff = resolveConfig(input({
      file: '/ws/app/deploy.yaml',
      settings,
      chain: [
        { path: '/ws/.kubeward.yaml', text: 'profile: pss-restricted\nrules:\n  k8s/privileged-container: info\n  k8s/run-as-non-root: {severity: hint, options: {a: 1, b: 1}}\n' },
        { path: '/ws/app/.kubeward.yaml', text: 'rules:\n  k8s/run-as-non-root: {options: {b: 2}}\nallowInlineSuppressions: false\n' },
      ],
    }));
    assert.deepEqual(eff.problems, []);
    assert.equal(eff.settings.profile, 'pss-restricted', 'config file wins over settings');
    assert.equal(eff.settings.requireReason, true, 'settings win over defaults');
    assert.equal(eff.settings.allowInlineSuppressions, false, 'the nearer file adds its own keys');
    assert.deepEqual(eff.settings.rules, {
      'k8s/privileged-container': { severity: 'info' },
      'k8s/image-not-pinned': { severity: 'off' },
      'k8s/run-as-non-root': { severity: 'hint', options: { a: 1, b: 2 } },
    });
    assert.deepEqual(eff.sources, ['/ws/.kubeward.yaml', '/ws/app/.kubeward.yaml']);
  });

  it('extends: the base sits below the file that extends it; relative to that file', () => {
    const files: Record<string, string> = { '/ws/policies/base.yaml': 'profile: pss-baseline\nrequireReason: true\nrules:\n  k8s/privileged-container: warning\n' };
    const eff = resolveConfig(input({
      read: (p) => files[p],
      chain: [{ path: '/ws/app/.kubeward.yaml', text: 'extends: ../policies/base.yaml\nprofile: strict\n' }],
    }));
    assert.deepEqual(eff.problems, []);
    assert.equal(eff.settings.profile, 'strict');
    assert.equal(eff.settings.requireReason, true);
    assert.equal(eff.settings.rules['k8s/privileged-container'].severity, 'warning');
    assert.deepEqual(eff.sources, ['/ws/policies/base.yaml', '/ws/app/.kubeward.yaml']);
  });

  it('extends problems: missing file, cycle, URL — each at the extends value', () => {
    const text = 'extends: [./missing.yaml, ./a.yaml, "https://example.com/k.yaml"]\n';
    const files: Record<string, string> = { '/ws/a.yaml': 'extends: ./.kubeward.yaml\n' };
    const eff = resolveConfig(input({ read: (p) => files[p], chain: [{ path: '/ws/.kubeward.yaml', text }] }));
    const own = eff.problems.filter((p) => p.file === '/ws/.kubeward.yaml').map((p) => [text.slice(p.start, p.end), p.severity]);
    assert.deepEqual(own, [
      ['./missing.yaml', 'error'],
      ['"https://example.com/k.yaml"', 'error'],
    ]);
    const cycle = eff.problems.find((p) => p.file === '/ws/a.yaml')!;
    assert.match(cycle.message, /circular \(\/ws\/\.kubeward\.yaml → \/ws\/a\.yaml → \/ws\/\.kubeward\.yaml\)/);
    assert.match(eff.problems.find((p) => text.slice(p.start, p.end) === '"https://example.com/k.yaml"')!.message, /never downloads/);
  });

  it('a base with errors is flagged at the extends value of the file using it', () => {
    const files: Record<string, string> = { '/ws/base.yaml': 'profile: lax\n' };
    const text = 'extends: base.yaml\n';
    const eff = resolveConfig(input({ read: (p) => files[p], chain: [{ path: '/ws/.kubeward.yaml', text }] }));
    const mine = eff.problems.filter((p) => p.file === '/ws/.kubeward.yaml');
    assert.equal(mine.length, 1);
    assert.equal(text.slice(mine[0].start, mine[0].end), 'base.yaml');
    assert.equal(mine[0].message, '`base.yaml` has 1 error; its invalid entries are not applied.');
  });

  it('exclude patterns are relative to the config file that wrote them', () => {
    const eff = resolveConfig(input({
      file: '/ws/app/charts/web/deploy.yaml',
      chain: [
        { path: '/ws/.kubeward.yaml', text: 'exclude: ["*.generated.yaml"]\n' },
        { path: '/ws/app/.kubeward.yaml', text: 'exclude: [charts/]\n' },
      ],
    }));
    // As in .gitignore, a pattern with no inner `/` matches at any depth below its folder.
    assert.deepEqual(eff.settings.exclude, ['/ws/**/*.generated.yaml', '/ws/app/**/charts/**']);
    assert.equal(eff.excludedBy, '/ws/app/**/charts/**');
    assert.equal(excludedBy('/ws/x/y/z.generated.yaml', eff.settings.exclude), '/ws/**/*.generated.yaml');
    assert.equal(excludedBy('/ws/app/deploy.yaml', eff.settings.exclude), undefined);
    assert.equal(excludedBy('/ws/app/chartsX/a.yaml', eff.settings.exclude), undefined);
    assert.equal(anchorGlob('k8s/{dev,test}/*.yaml', '/ws'), '/ws/k8s/{dev,test}/*.yaml');
    assert.ok(excludedBy('/ws/k8s/test/a.yaml', ['/ws/k8s/{dev,test}/*.yaml']));
    assert.ok(!excludedBy('/ws/k8s/prod/a.yaml', ['/ws/k8s/{dev,test}/*.yaml']));
  });

  it('the engine skips an excluded file with a notice instead of silence', () => {
    const r = new Analyzer().analyze({ text: 'apiVersion: v1\nkind: Pod\n', path: '/ws/vendor/pod.yaml', settings: { exclude: ['/ws/vendor/**'] } });
    assert.deepEqual(r.findings, []);
    assert.equal(r.skipped?.reason, 'excluded');
    assert.equal(r.skipped?.message, 'Excluded by the configuration (`/ws/vendor/**`); not analysed.');
  });

  it('a rule turned off or down in the config changes what the engine reports', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n      securityContext:\n        privileged: true\n';
    const eff = resolveConfig(input({ chain: [{ path: '/ws/.kubeward.yaml', text: 'rules:\n  k8s/privileged-container: hint\n' }] }));
    const analyzer = new Analyzer();
    const before = analyzer.analyze({ text: pod, path: '/ws/p.yaml' }).findings.find((f) => f.ruleId === 'k8s/privileged-container');
    const after = analyzer.analyze({ text: pod, path: '/ws/p.yaml', settings: eff.settings }).findings.find((f) => f.ruleId === 'k8s/privileged-container');
    assert.equal(before?.severity, 'error');
    assert.equal(after?.severity, 'hint');
    const off = resolveConfig(input({ chain: [{ path: '/ws/.kubeward.yaml', text: 'rules:\n  k8s/privileged-container: off\n' }] }));
    assert.equal(analyzer.analyze({ text: pod, path: '/ws/p.yaml', settings: off.settings }).findings.some((f) => f.ruleId === 'k8s/privileged-container'), false);
  });
});

describe('untrusted workspace', () => {
  const files: Record<string, string> = { '/home/me/shared.yaml': 'requireReason: true\n', '/ws/team.yaml': 'requireReason: true\n' };
  const chain = [{ path: '/ws/.kubeward.yaml', text: 'extends: [../home/me/shared.yaml, team.yaml]\ntrustedRegistries: [evil.example.com]\n' }];

  it('ignores extends outside the workspace and trustedRegistries from config files, and says so', () => {
    const eff = resolveConfig(input({ read: (p) => files[p], chain, trusted: false, workspaceRoot: '/ws', settings: toEngineSettings({ trustedRegistries: ['ghcr.io/me'] }) }));
    assert.deepEqual(eff.sources, ['/ws/team.yaml', '/ws/.kubeward.yaml'], 'the in-workspace base is still read');
    assert.deepEqual(eff.settings.trustedRegistries, ['ghcr.io/me'], 'user settings still apply');
    const text = chain[0].text;
    assert.deepEqual(eff.problems.map((p) => [p.code, p.severity, text.slice(p.start, p.end)]), [
      ['kubeward/untrusted-ignored', 'warning', '../home/me/shared.yaml'],
      ['kubeward/untrusted-ignored', 'info', '[evil.example.com]'],
    ]);
  });

  it('applies both once the workspace is trusted', () => {
    const eff = resolveConfig(input({ read: (p) => files[p], chain, trusted: true, workspaceRoot: '/ws' }));
    assert.deepEqual(eff.problems, []);
    assert.deepEqual(eff.sources, ['/home/me/shared.yaml', '/ws/team.yaml', '/ws/.kubeward.yaml']);
    assert.deepEqual(eff.settings.trustedRegistries, ['evil.example.com']);
  });
});
