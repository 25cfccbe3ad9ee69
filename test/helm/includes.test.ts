import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits } from '../../server/src/engine/fix';
import type { Finding } from '../../server/src/engine/types';
import { findings, underlined } from '../helpers/engine';

const HELPERS = `{{/* Container security context: the map when set, hardened fields otherwise. */}}
{{- define "app.containerSecurityContext" -}}
{{- if .Values.securityContext -}}
{{- toYaml .Values.securityContext -}}
{{- else -}}
runAsNonRoot: {{ .Values.image.runAsNonRoot }}
readOnlyRootFilesystem: {{ .Values.image.readOnlyRootFilesystem }}
{{- end -}}
{{- end -}}

{{- define "app.podSpec" -}}
hostNetwork: {{ .Values.hostNetwork }}
containers:
  - name: app
    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
    securityContext: {{ include "app.containerSecurityContext" . | nindent 6 }}
{{- end -}}

{{- define "app.unused" -}}
privileged: {{ .Values.unused.privileged }}
{{- end -}}
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      {{- include "app.podSpec" . | nindent 6 }}
      initContainers:
        - name: init
          securityContext: {{- include "lib.render" (dict "sc" .Values.init.securityContext "context" $) | nindent 12 }}
`;
// A library chart's define, bound through `dict`: `.sc` is the caller's value, `.context` its root.
const LIBRARY = `{{- define "lib.render" -}}
{{- if .context.Values.global.strict }}
privileged: false
{{- else }}
privileged: {{ .sc.privileged }}
{{- end }}
{{- end -}}
`;
const TEMPLATES = [
  { path: '/c/app/templates/_helpers.tpl', text: HELPERS },
  { path: '/c/app/templates/deployment.yaml', text: DEPLOYMENT },
  { path: '/c/lib/templates/_render.tpl', text: LIBRARY, library: true },
  // The library's own manifests are not the chart's: this one is never judged.
  { path: '/c/lib/templates/pod.yaml', text: 'kind: Pod\nspec:\n  hostNetwork: {{ .Values.hostNetwork }}\n', library: true },
];
const VALUES = `hostNetwork: true
image:
  repository: app
  tag: latest
  runAsNonRoot: false
  readOnlyRootFilesystem: true
securityContext: {}
unused:
  privileged: true
init:
  securityContext:
    privileged: true
`;

function valuesFindings(values: string): Finding[] {
  return findings(values, '/c/app/values.yaml', { helmChart: { templates: TEMPLATES } });
}

describe('Helm named templates (include / define)', () => {
  it('follows includes into define bodies, nested and in library charts, and judges the values they render', () => {
    const found = valuesFindings(VALUES);
    // By hand: app.podSpec renders hostNetwork (true) and the image (tag latest) in the Deployment's pod spec; its
    // container securityContext comes from app.containerSecurityContext, whose `else` renders (securityContext is {})
    // with runAsNonRoot false; lib.render's `else` renders init.securityContext.privileged (true); app.unused is never
    // included, and the library's pod.yaml is not a manifest of this chart.
    assert.deepEqual(found.map((f) => [f.ruleId, underlined(VALUES, f)]), [
      ['k8s/host-namespaces', 'hostNetwork: true'],
      ['k8s/image-mutable-tag', 'latest'],
      ['k8s/image-not-pinned', 'latest'],
      ['k8s/run-as-non-root', 'runAsNonRoot: false'],
      ['k8s/privileged-container', 'privileged: true'],
    ]);
    assert.equal(found[4].offset.start, VALUES.lastIndexOf('privileged: true'));
    const nonRoot = found[3];
    assert.equal(nonRoot.message, 'image.runAsNonRoot: false in values.yaml is rendered as runAsNonRoot: false (used at templates/_helpers.tpl:6 included at templates/deployment.yaml:6): the container may run as root.');
    // Related information: the line that renders the value, then each include and define it came through.
    assert.deepEqual(nonRoot.related?.map((r) => [r.path, r.range.start.line + 1, r.message]), [
      ['/c/app/templates/_helpers.tpl', 6, 'image.runAsNonRoot is rendered here as runAsNonRoot'],
      ['/c/app/templates/deployment.yaml', 6, 'the named template "app.podSpec" is included here'],
      ['/c/app/templates/_helpers.tpl', 11, '"app.podSpec" is defined here'],
      ['/c/app/templates/_helpers.tpl', 16, 'the named template "app.containerSecurityContext" is included here'],
      ['/c/app/templates/_helpers.tpl', 2, '"app.containerSecurityContext" is defined here'],
    ]);
    assert.deepEqual(found[4].related?.map((r) => [r.path, r.range.start.line + 1]), [
      ['/c/lib/templates/_render.tpl', 5],
      ['/c/app/templates/deployment.yaml', 9],
      ['/c/lib/templates/_render.tpl', 1],
    ]);
  });

  it('the guards inside a define are evaluated with the default values, and fixes round-trip', () => {
    const strict = VALUES + 'global:\n  strict: true\n';
    assert.ok(!valuesFindings(strict).some((f) => f.ruleId === 'k8s/privileged-container'));
    // A set securityContext takes the define's `if` branch: the image.* fields are no longer rendered.
    const set = VALUES.replace('securityContext: {}\n', 'securityContext:\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: [ALL]\n  seccompProfile:\n    type: RuntimeDefault\n');
    assert.ok(!valuesFindings(set).some((f) => f.ruleId === 'k8s/run-as-non-root'));
    for (const f of valuesFindings(VALUES)) {
      for (const fix of f.fixes) {
        const fixed = applyEdits(VALUES, fix.edits);
        assert.deepEqual(parseDocument(fixed).errors, []);
        assert.ok(!valuesFindings(fixed).some((g) => g.ruleId === f.ruleId && g.range.start.line === f.range.start.line), `${f.ruleId} remains`);
      }
    }
  });
});
