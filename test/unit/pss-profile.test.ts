import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { profileSettings } from '../../server/src/cli/audit-command';
import { parseAuditArgs } from '../../server/src/cli/flags';
import { main } from '../../server/src/cli/main';
import { applyAllSafeFixes } from '../../server/src/engine/fix';
import { pssCheckActive, pssMinor } from '../../server/src/engine/pss';
import { toEngineSettings } from '../../server/src/engine/settings';
import { hoverAt } from '../../server/src/lsp/hover';
import { PSS_CORPUS } from '../helpers/paths';

const BARE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1
`;

function ids(text: string, settings = {}): string[] {
  return [...new Set(new Analyzer().analyze({ text, path: 'd.yaml', settings }).findings.map((f) => f.ruleId))].sort();
}

describe('settings: profile and pssVersion', () => {
  it('reads valid values and falls back to strict / latest', () => {
    assert.deepEqual([toEngineSettings({}).profile, toEngineSettings({}).pssVersion], ['strict', 'latest']);
    assert.deepEqual([toEngineSettings({ profile: 'pss-baseline', pssVersion: 'v1.29' }).profile, toEngineSettings({ pssVersion: ' v1.29 ' }).pssVersion], ['pss-baseline', 'v1.29']);
    assert.deepEqual([toEngineSettings({ profile: 'paranoid', pssVersion: '1.2.3' }).profile, toEngineSettings({ pssVersion: 'v2.0' }).pssVersion], ['strict', 'latest']);
  });

  it('versions: latest and anything newer mean v1.37, as upstream clamps', () => {
    assert.deepEqual([pssMinor('latest'), pssMinor('v1.99'), pssMinor('1.25'), pssMinor('v1.0'), pssMinor('nonsense')], [37, 37, 25, 0, 37]);
  });

  it('restricted = restricted checks + baseline checks not overridden at that version', () => {
    assert.equal(pssCheckActive('hostPathVolumes', 'restricted', 0), false);
    assert.equal(pssCheckActive('hostPathVolumes', 'baseline', 37), true);
    assert.equal(pssCheckActive('seccompProfile_baseline', 'restricted', 18), true);
    assert.equal(pssCheckActive('seccompProfile_baseline', 'restricted', 19), false);
    assert.equal(pssCheckActive('runAsNonRoot', 'baseline', 37), false);
    assert.equal(pssCheckActive('hostProbesAndHostLifecycle', 'baseline', 33), false);
  });

  it('a PSS profile runs only that level\'s PSS rules; strict runs everything', () => {
    assert.deepEqual(ids(BARE, { profile: 'pss-baseline' }), []);
    assert.deepEqual(ids(BARE, { profile: 'pss-restricted' }), ['k8s/allow-privilege-escalation', 'k8s/capabilities-restricted', 'k8s/run-as-non-root', 'k8s/seccomp-profile-restricted']);
    assert.deepEqual(ids(BARE, { profile: 'pss-restricted', pssVersion: 'v1.0' }), ['k8s/run-as-non-root']);
    const strict = ids(BARE);
    assert.ok(strict.includes('k8s/missing-security-context') && strict.includes('k8s/run-as-non-root'));
  });

  it('the analysis cache is keyed by profile and version', () => {
    const a = new Analyzer();
    const n = (settings: object) => a.analyze({ text: BARE, path: 'd.yaml', settings }).findings.length;
    assert.equal(n({ profile: 'pss-restricted', pssVersion: 'v1.0' }), 1);
    assert.equal(n({ profile: 'pss-restricted' }), 4);
    assert.equal(n({ profile: 'pss-baseline' }), 0);
  });

  it('fix-all turns a bare Deployment into a restricted-conforming one, at the right levels', () => {
    const { text } = applyAllSafeFixes(new Analyzer(), { text: BARE, path: 'd.yaml', settings: { profile: 'pss-restricted' } });
    assert.equal(
      text,
      BARE +
        `          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
`,
    );
    assert.deepEqual(ids(text, { profile: 'pss-restricted' }), []);
  });

  it('the hover names the PSS check and level', () => {
    const result = new Analyzer().analyze({ text: BARE, path: 'd.yaml' });
    const hover = hoverAt(result, { line: 6, character: 5 }) as { contents: { value: string } };
    assert.match(hover.contents.value, /Pod Security Standards: \*\*restricted\*\* level, check `runAsNonRoot`/);
    assert.match(hover.contents.value, /check `seccompProfile_restricted`/);
  });
});

describe('CLI: --profile and --pss-version', () => {
  // Finding lines only: the text report ends with a summary line.
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['audit', ...args], { stdout: (s) => out.push(...s.split('\n')), stderr: (s) => err.push(s), readStdin: () => '', cwd: process.cwd() });
    return { code, lines: out.filter((l) => /:\d+:\d+: /.test(l)), stderr: err.join('\n') };
  };

  it('parses both spellings and rejects unknown values', async () => {
    const { values, positionals } = parseAuditArgs(['--profile', 'pss-baseline', 'a', '--pss-version=v1.29', 'b']);
    assert.deepEqual(positionals, ['a', 'b']);
    assert.deepEqual(profileSettings(values), { profile: 'pss-baseline', pssVersion: 'v1.29' });
    assert.throws(() => profileSettings(parseAuditArgs(['--profile', 'lenient']).values), /--profile must be one of strict, pss-baseline, pss-restricted/);
    assert.throws(() => parseAuditArgs(['--pss-version']), /argument missing/);
    assert.equal((await run('--profile', 'lenient', '.')).code, 2);
    assert.equal((await run('--pss-version', 'v2', '.')).code, 2);
  });

  it('a conforming manifest prints no finding and exits 0; a failing one is reported', async () => {
    assert.deepEqual(await run('--profile', 'pss-restricted', join(PSS_CORPUS, 'restricted/v1.37/pass/base.yaml')), { code: 0, lines: [], stderr: '' });
    assert.deepEqual(await run('--profile', 'pss-baseline', join(PSS_CORPUS, 'restricted/v1.37/fail/allowprivilegeescalation0.yaml')), { code: 0, lines: [], stderr: '' });
    const failing = await run('--profile', 'pss-restricted', join(PSS_CORPUS, 'restricted/v1.37/fail/allowprivilegeescalation0.yaml'));
    assert.equal(failing.code, 1);
    assert.match(failing.lines.join('\n'), /allowprivilegeescalation0\.yaml:\d+:\d+: warning k8s\/allow-privilege-escalation /);
  });

  it('--pss-version selects the policy: allowPrivilegeEscalation exists from v1.8', async () => {
    const file = join(PSS_CORPUS, 'restricted/v1.8/fail/allowprivilegeescalation0.yaml');
    assert.equal((await run('--profile', 'pss-restricted', '--pss-version', 'v1.7', file)).code, 0);
    assert.equal((await run('--profile', 'pss-restricted', '--pss-version', 'v1.8', file)).code, 1);
  });
});
