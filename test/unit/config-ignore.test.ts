import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { parseConfig } from '../../server/src/engine/config/parse';
import { resolveConfig } from '../../server/src/engine/config/resolve';
import { toEngineSettings } from '../../server/src/engine/settings';
import type { EngineSettings } from '../../server/src/engine/types';

const analyzer = new Analyzer();
const TODAY = '2026-11-23';

function settingsFrom(configText: string, configPath = '/ws/.kubeward.yaml') {
  const eff = resolveConfig({ chain: [{ path: configPath, text: configText }], read: () => undefined, settings: { ...toEngineSettings({}), today: TODAY }, knownRuleIds: analyzer.ruleIds, trusted: true });
  return eff;
}

/** `rule@line:container-or-object` of each shown and suppressed finding, for the rules these tests are about. */
function outcome(text: string, path: string, settings: EngineSettings, rules = ['k8s/run-as-non-root', 'k8s/privileged-container']) {
  const r = analyzer.analyze({ text, path, settings });
  const tag = (f: { ruleId: string; range: { start: { line: number } } }) => `${f.ruleId}@${f.range.start.line}`;
  return {
    shown: r.findings.filter((f) => rules.includes(f.ruleId)).map(tag),
    suppressed: (r.suppressed ?? []).filter((f) => rules.includes(f.ruleId)).map(tag),
    raw: r,
  };
}

// Two objects, two namespaces; the Deployment has an init container and an app container.
// Line numbers (0-based) checked by counting: `privileged: true` of init-sysctl is line 17, of app line 23, of the
// Pod's container line 35; the Pod's explicit `runAsNonRoot: false` is line 34.
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy-api
  namespace: payments
spec:
  selector:
    matchLabels: {app: legacy}
  template:
    metadata:
      labels: {app: legacy}
    spec:
      initContainers:
        - image: busybox:1.36
          command: [sysctl, -w, net.core.somaxconn=1024]
          name: init-sysctl
          securityContext:
            privileged: true
      containers:
        - name: app
          image: registry.example.com/legacy:1.0
          securityContext:
            runAsNonRoot: false
            privileged: true
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        runAsNonRoot: false
        privileged: true
`;

describe('config `ignore` entries', () => {
  const lineOf = (needle: string, from = 0) => MANIFEST.slice(0, MANIFEST.indexOf(needle, from)).split('\n').length - 1;
  const initPriv = lineOf('privileged: true');
  const appPriv = lineOf('privileged: true', MANIFEST.indexOf('- name: app'));
  const podPriv = lineOf('privileged: true', MANIFEST.indexOf('kind: Pod'));

  it('no entry: every privileged container is reported (the baseline these tests narrow)', () => {
    assert.deepEqual([initPriv, appPriv, podPriv], [17, 23, 35]);
    const { shown } = outcome(MANIFEST, '/ws/app/deploy.yaml', settingsFrom('{}').settings, ['k8s/privileged-container']);
    assert.deepEqual(shown, ['k8s/privileged-container@17', 'k8s/privileged-container@23', 'k8s/privileged-container@35']);
  });

  it('kind + name + container narrows to one container of one object; the finding stays as suppressed with the reason', () => {
    const eff = settingsFrom(`ignore:
  - rules: k8s/privileged-container
    kind: Deployment
    name: legacy-*
    container: init-sysctl
    reason: sysctl needs it; tracked in PAY-12
`);
    assert.deepEqual(eff.problems, []);
    const { shown, suppressed, raw } = outcome(MANIFEST, '/ws/app/deploy.yaml', eff.settings, ['k8s/privileged-container']);
    assert.deepEqual(shown, ['k8s/privileged-container@23', 'k8s/privileged-container@35']);
    assert.deepEqual(suppressed, ['k8s/privileged-container@17']);
    const s = raw.suppressed!.find((f) => f.ruleId === 'k8s/privileged-container')!.suppressed!;
    assert.equal(s.kind, 'config');
    assert.equal(s.reason, 'sysctl needs it; tracked in PAY-12');
    assert.equal(s.source?.path, '/ws/.kubeward.yaml');
  });

  it('namespace: an object without metadata.namespace counts as `default`', () => {
    const inPayments = outcome(MANIFEST, '/ws/d.yaml', settingsFrom('ignore: [{rules: "*", namespace: payments, reason: r}]\n').settings);
    assert.deepEqual(inPayments.shown, ['k8s/run-as-non-root@34', 'k8s/privileged-container@35']);
    const inDefault = outcome(MANIFEST, '/ws/d.yaml', settingsFrom('ignore: [{rules: [k8s/privileged-container], namespace: default, reason: r}]\n').settings, ['k8s/privileged-container']);
    assert.deepEqual(inDefault.shown, ['k8s/privileged-container@17', 'k8s/privileged-container@23']);
  });

  it('paths are relative to the config file; an entry elsewhere does not apply', () => {
    const eff = settingsFrom('ignore:\n  - {rules: "*", paths: [vendor/], reason: third-party chart}\n');
    assert.deepEqual(outcome(MANIFEST, '/ws/vendor/x/deploy.yaml', eff.settings).shown, []);
    assert.equal(outcome(MANIFEST, '/ws/app/deploy.yaml', eff.settings).shown.length, 6);
    // Dockerfiles take `paths` and `rules` only.
    const docker = analyzer.analyze({ text: 'FROM ubuntu:24.04\nRUN apt-get update\n', path: '/ws/vendor/Dockerfile', settings: eff.settings });
    assert.deepEqual(docker.findings.filter((f) => !f.ruleId.startsWith('kubeward/')), []);
    assert.ok((docker.suppressed ?? []).some((f) => f.ruleId === 'docker/no-root-user'));
  });

  it('applies under allowInlineSuppressions: false (the central place teams keep exceptions)', () => {
    const eff = settingsFrom('allowInlineSuppressions: false\nignore: [{rules: k8s/privileged-container, name: debug, reason: r}]\n');
    assert.deepEqual(outcome(MANIFEST, '/ws/d.yaml', eff.settings, ['k8s/privileged-container']).shown, ['k8s/privileged-container@17', 'k8s/privileged-container@23']);
  });

  it('an expired entry applies no more and is reported at its date; a future one applies', () => {
    const text = `ignore:
  - rules: k8s/privileged-container
    reason: migration
    expires: 2026-11-01
  - rules: k8s/run-as-non-root
    reason: migration
    expires: "2027-01-31"
`;
    const eff = settingsFrom(text);
    assert.deepEqual(eff.problems.map((p) => [p.code, text.slice(p.start, p.end), p.severity]), [['kubeward/expired-ignore', '2026-11-01', 'warning']]);
    assert.match(eff.problems[0].message, /expired on 2026-11-01/);
    const { shown } = outcome(MANIFEST, '/ws/d.yaml', eff.settings);
    assert.deepEqual(shown, ['k8s/privileged-container@17', 'k8s/privileged-container@23', 'k8s/privileged-container@35']);
  });

  it('schema: reason and rules are required, unknown keys and bad dates are reported; only the bad entry is dropped', () => {
    const text = `ignore:
  - rules: k8s/privileged-container
    kind: Pod
  - rules: k8s/privileged-container
    reason: ok
    names: typo
  - rules: k8s/privileged-contaner
    reason: misspelt id
  - rules: "*"
    name: debug
    reason: good entry
    expires: next week
  - rules: "*"
    name: debug
    reason: good entry
`;
    const parsed = parseConfig('/ws/.kubeward.yaml', text, analyzer.ruleIds);
    assert.deepEqual(parsed.problems.map((p) => [p.code, text.slice(p.start, p.end)]), [
      ['kubeward/config-error', 'rules: k8s/privileged-container\n    kind: Pod\n'],
      ['kubeward/config-error', 'names'],
      ['kubeward/unknown-rule', 'k8s/privileged-contaner'],
      ['kubeward/config-error', 'next week'],
    ]);
    assert.deepEqual(parsed.problems[3].message, '`expires` is a date, YYYY-MM-DD (quoted or not).');
    assert.deepEqual(parsed.problems[2].fixes?.[0].title, 'Change to `k8s/privileged-container`');
    const eff = settingsFrom(text);
    // Entries 0, 1 and 3 are invalid; 2 (an unknown id matches nothing) and 4 apply.
    assert.deepEqual(eff.settings.ignores.map((i) => [i.rules, i.names]), [[['k8s/privileged-contaner'], undefined], [['*'], ['debug']]]);
  });

  it('JSON manifests and config files work the same way', () => {
    const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' }, spec: { containers: [{ name: 'shell', image: 'busybox:1.36', securityContext: { privileged: true } }] } }, null, 2);
    const eff = resolveConfig({ chain: [{ path: '/ws/.kubeward.json', text: '{"ignore": [{"rules": ["k8s/privileged-container"], "kind": "Pod", "reason": "lab only"}]}' }], read: () => undefined, settings: toEngineSettings({}), knownRuleIds: analyzer.ruleIds, trusted: true });
    const r = analyzer.analyze({ text: pod, path: '/ws/pod.json', settings: eff.settings });
    assert.equal(r.findings.some((f) => f.ruleId === 'k8s/privileged-container'), false);
    assert.equal(r.suppressed?.filter((f) => f.ruleId === 'k8s/privileged-container').length, 1);
  });
});
