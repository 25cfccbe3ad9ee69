import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fix';
import type { Finding } from '../../server/src/engine/types';
import { at, findings, underlined } from '../helpers/engine';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  template:
    spec:
      {{- with .Values.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
        {{- if .Values.sidecar.enabled }}
        - name: sidecar
          image: "{{ .Values.sidecar.image.repository }}:{{ .Values.sidecar.image.tag }}"
          securityContext: {{- toYaml .Values.sidecar.securityContext | nindent 12 }}
        {{- end }}
`;
const TEMPLATES = [{ path: '/charts/web/templates/deployment.yaml', text: DEPLOYMENT }];

function valuesFindings(values: string): Finding[] {
  return findings(values, '/charts/web/values.yaml', { helmChart: { templates: TEMPLATES } });
}

/** Applies the first fix of `f` and checks the values file still parses and the finding is gone. */
function roundTrip(values: string, f: Finding): string {
  const fixed = applyEdits(values, f.fixes[0].edits);
  const after = valuesFindings(fixed);
  assert.ok(!after.some((g) => g.ruleId === f.ruleId && g.message === f.message), `${f.ruleId} still reported after its fix:\n${fixed}`);
  return fixed;
}

describe('Helm values judged where templates render them', () => {
  it('reports an empty securityContext on its values.yaml line, with the template line as related information', () => {
    const values = 'image:\n  repository: nginx\n  tag: ""\npodSecurityContext: {}\nsecurityContext: {}\nsidecar:\n  enabled: false\n';
    // The image's missing digest (on its tag, `""`) is left to images.test.ts: this test is about the securityContext.
    const found = valuesFindings(values).filter((f) => f.ruleId !== 'k8s/image-not-pinned');
    assert.deepEqual(found.map((f) => f.ruleId), ['k8s/allow-privilege-escalation', 'k8s/capabilities-restricted', 'k8s/run-as-non-root', 'k8s/seccomp-profile-restricted']);
    for (const f of found) {
      assert.deepEqual(at(f), [4, 0, 4, 15]);
      assert.equal(underlined(values, f), 'securityContext');
      assert.deepEqual(f.related, [{
        path: '/charts/web/templates/deployment.yaml',
        range: { start: { line: 14, character: 10 }, end: { line: 14, character: 26 } },
        message: 'securityContext is rendered here as a container securityContext',
      }]);
    }
    assert.equal(found[0].message, 'allowPrivilegeEscalation: false is missing from the default securityContext in values.yaml (used at templates/deployment.yaml:15) (escalation is allowed by default).');
    // `{}` becomes a block map holding the one setting.
    assert.equal(applyEdits(values, found[0].fixes[0].edits), values.replace('securityContext: {}\n', 'securityContext:\n  allowPrivilegeEscalation: false\n'));
    assert.equal(applyEdits(values, found[1].fixes[0].edits), values.replace('securityContext: {}\n', 'securityContext:\n  capabilities:\n    drop:\n      - ALL\n'));
    for (const f of found) roundTrip(values, f);
  });

  it('reports privileged: true on its pair and takes runAsNonRoot and seccomp from the pod values', () => {
    const values = [
      'podSecurityContext:',
      '  runAsNonRoot: true',
      '  seccompProfile:',
      '    type: RuntimeDefault',
      'securityContext:',
      '  privileged: true',
      '  allowPrivilegeEscalation: false',
      '  capabilities:',
      '    drop: [ALL]',
      '',
    ].join('\n');
    const found = valuesFindings(values);
    assert.deepEqual(found.map((f) => [f.ruleId, underlined(values, f)]), [['k8s/privileged-container', 'privileged: true']]);
    assert.deepEqual(at(found[0]), [5, 2, 5, 18]);
    assert.equal(applyEdits(values, found[0].fixes[0].edits), values.replace('privileged: true', 'privileged: false'));
    roundTrip(values, found[0]);
  });

  it('merges into a partly hardened securityContext and reports explicit bad values on their pair', () => {
    const values = 'securityContext:\n  runAsNonRoot: false\n  allowPrivilegeEscalation: true\n  capabilities:\n    drop: [ALL]\n  seccompProfile:\n    type: RuntimeDefault\n';
    const found = valuesFindings(values);
    assert.deepEqual(found.map((f) => [f.ruleId, underlined(values, f)]), [
      ['k8s/run-as-non-root', 'runAsNonRoot: false'],
      ['k8s/allow-privilege-escalation', 'allowPrivilegeEscalation: true'],
    ].sort((a, b) => values.indexOf(a[1]) - values.indexOf(b[1])));
    let text = values;
    for (const f of valuesFindings(text)) text = roundTrip(text, f);
    assert.equal(text, 'securityContext:\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: [ALL]\n  seccompProfile:\n    type: RuntimeDefault\n');
  });

  it('judges only what the default values render: a disabled sidecar is not judged', () => {
    const hardened = 'securityContext:\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: [ALL]\n  seccompProfile:\n    type: RuntimeDefault\n';
    const off = hardened + 'sidecar:\n  enabled: false\n  image:\n    repository: busybox\n    tag: latest\n  securityContext: {}\n';
    assert.deepEqual(valuesFindings(off), []);
    const on = off.replace('enabled: false', 'enabled: true');
    const found = valuesFindings(on);
    assert.deepEqual(found.map((f) => [f.ruleId, underlined(on, f)]), [
      ['k8s/image-mutable-tag', 'latest'],
      ['k8s/image-not-pinned', 'latest'],
      ['k8s/allow-privilege-escalation', 'securityContext'],
      ['k8s/capabilities-restricted', 'securityContext'],
      ['k8s/run-as-non-root', 'securityContext'],
      ['k8s/seccomp-profile-restricted', 'securityContext'],
    ]);
    assert.equal(found[0].message, 'The default image sidecar.image uses the tag "latest" (used at templates/deployment.yaml:19): it changes without a change to the chart.');
    assert.equal(found[2].offset.start, on.lastIndexOf('securityContext'));
  });

  it('an empty tag is fine when it falls back to the appVersion, not without a fallback', () => {
    const values = 'image:\n  repository: nginx\n  tag: ""\nsecurityContext:\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: [ALL]\n  seccompProfile:\n    type: RuntimeDefault\nsidecar:\n  enabled: true\n  image:\n    repository: busybox\n  securityContext:\n    runAsNonRoot: true\n    allowPrivilegeEscalation: false\n    capabilities:\n      drop: [ALL]\n    seccompProfile:\n      type: RuntimeDefault\n';
    const found = valuesFindings(values);
    // Neither map has a digest key: not-pinned sits on the tag (image, `""`) or, without one, on the key (sidecar.image).
    assert.deepEqual(found.map((f) => [f.ruleId, underlined(values, f)]), [
      ['k8s/image-not-pinned', '""'],
      ['k8s/image-mutable-tag', 'image'],
      ['k8s/image-not-pinned', 'image'],
    ]);
    assert.equal(found[1].offset.start, values.indexOf('  image:') + 2);
    assert.match(found[1].message, /^The default image sidecar\.image has no tag/);
    assert.match(found[0].message, /^The default image image has no digest .*: the tag \(the chart's appVersion\) can be moved/);
  });

  it('a values file without a chart context, and the settings, are honoured', () => {
    const values = 'securityContext: {}\n';
    assert.deepEqual(new Analyzer().analyze({ text: values, path: '/charts/web/values.yaml' }).findings, []);
    const baseline = new Analyzer().analyze({ text: values, path: '/charts/web/values.yaml', helmChart: { templates: TEMPLATES }, settings: { profile: 'pss-baseline' } });
    assert.deepEqual(baseline.findings, []);
    const off = new Analyzer().analyze({ text: values, path: '/charts/web/values.yaml', helmChart: { templates: TEMPLATES }, settings: { rules: { 'k8s/run-as-non-root': { severity: 'off' } } } });
    assert.deepEqual(off.findings.map((f) => f.ruleId), ['k8s/allow-privilege-escalation', 'k8s/capabilities-restricted', 'k8s/seccomp-profile-restricted']);
  });

  it('a values file whose strings hold template text is still judged as values', () => {
    const values = 'annotations:\n  checksum: "{{ .Chart.Version }}"\nsecurityContext:\n  privileged: true\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: [ALL]\n  seccompProfile:\n    type: RuntimeDefault\n';
    const r = new Analyzer().analyze({ text: values, path: '/charts/web/values.yaml', inHelmChart: true, helmChart: { templates: TEMPLATES } });
    assert.equal(r.skipped, undefined);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['k8s/privileged-container']);
  });
});

describe('literal settings in templates', () => {
  it('reports privileged: true written in a template on its line, never text a template action produces', () => {
    const tpl = [
      'spec:',
      '  hostNetwork: {{ .Values.hostNetwork }}',
      '  containers:',
      '    - name: x',
      '      securityContext:',
      '        privileged: true',
      '{{- /*',
      '        privileged: true',
      '*/}}',
      '        allowPrivilegeEscalation: {{ true }}',
      '  hostPID: true # needed',
      '',
    ].join('\n');
    const r = new Analyzer().analyze({ text: tpl, path: '/charts/x/templates/ds.yaml', inHelmChart: true });
    assert.equal(r.skipped?.reason, 'helm-template');
    assert.deepEqual(r.findings.map((f) => [f.ruleId, at(f), underlined(tpl, f)]), [
      ['k8s/privileged-container', [5, 8, 5, 24], 'privileged: true'],
      ['k8s/host-namespaces', [10, 2, 10, 15], 'hostPID: true'],
    ]);
  });
});
