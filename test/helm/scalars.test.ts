import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits } from '../../server/src/engine/fix';
import type { Finding } from '../../server/src/engine/types';
import { at, findings, underlined } from '../helpers/engine';

const DAEMONSET = `{{- if eq .Values.kind "DaemonSet" }}
apiVersion: apps/v1
kind: DaemonSet
spec:
  template:
    spec:
      automountServiceAccountToken: {{ .Values.automount }}
      hostNetwork: {{ .Values.hostNetwork }}
      {{- if .Values.debug.enabled }}
      hostPID: {{ .Values.debug.hostPID }}
      {{- end }}
      hostIPC: {{ .Values.hostIPC }}
      containers:
        - name: agent
          image: {{ .Values.agent.image | quote }}
          securityContext:
            {{- if .Values.agent.securityContext }}
            {{- toYaml .Values.agent.securityContext | nindent 12 }}
            {{- else }}
            privileged: {{ .Values.agent.privileged }}
            allowPrivilegeEscalation: {{ .Values.agent.allowPrivilegeEscalation }}
            runAsNonRoot: {{ .Values.agent.runAsNonRoot }}
            readOnlyRootFilesystem: {{ .Values.agent.readOnlyRootFilesystem }}
            {{- end }}
{{- end }}
`;
// A ServiceAccount's automountServiceAccountToken is not the pod's: k8s/service-account-token-automount judges pods.
const SERVICE_ACCOUNT = 'apiVersion: v1\nkind: ServiceAccount\nautomountServiceAccountToken: {{ .Values.serviceAccount.automount }}\n';
const TEMPLATES = [
  { path: '/charts/agent/templates/daemonset.yaml', text: DAEMONSET },
  { path: '/charts/agent/templates/serviceaccount.yaml', text: SERVICE_ACCOUNT },
];

const VALUES = `kind: DaemonSet
automount: true
hostNetwork: true
hostIPC: false
debug:
  enabled: false
  hostPID: true
serviceAccount:
  automount: true
agent:
  image: busybox
  securityContext: {}
  privileged: true
  allowPrivilegeEscalation: true
  runAsNonRoot: false
  readOnlyRootFilesystem: false
`;

function valuesFindings(values: string): Finding[] {
  return findings(values, '/charts/agent/values.yaml', { helmChart: { templates: TEMPLATES } });
}

describe('Helm scalar values (hostNetwork: {{ .Values.hostNetwork }})', () => {
  it('judges each default on its values.yaml line, with the template line as related information', () => {
    const found = valuesFindings(VALUES);
    // By hand: hostIPC is false; debug.hostPID sits behind debug.enabled: false; serviceAccount.automount fills a
    // ServiceAccount, not a pod; the securityContext `if` is false for `{}` so its `else` fields render.
    assert.deepEqual(found.map((f) => [f.ruleId, underlined(VALUES, f)]), [
      ['k8s/service-account-token-automount', 'automount: true'],
      ['k8s/host-namespaces', 'hostNetwork: true'],
      ['k8s/image-mutable-tag', 'image: busybox'],
      ['k8s/image-not-pinned', 'busybox'],
      ['k8s/privileged-container', 'privileged: true'],
      ['k8s/allow-privilege-escalation', 'allowPrivilegeEscalation: true'],
      ['k8s/run-as-non-root', 'runAsNonRoot: false'],
      ['k8s/writable-root-filesystem', 'readOnlyRootFilesystem: false'],
    ]);
    const host = found[1];
    assert.deepEqual(at(host), [2, 0, 2, 17]);
    assert.equal(host.message, 'hostNetwork: true in values.yaml is rendered as hostNetwork: true (used at templates/daemonset.yaml:8): the pod shares the node\'s network namespace.');
    assert.deepEqual(host.related, [{
      path: '/charts/agent/templates/daemonset.yaml',
      range: { start: { line: 7, character: 6 }, end: { line: 7, character: 44 } },
      message: 'hostNetwork is rendered here as hostNetwork',
    }]);
    assert.equal(found[2].message, 'The default agent.image "busybox" has no tag (so "latest") (used at templates/daemonset.yaml:15): it changes without a change to the chart.');
    assert.equal(found[3].message, 'The default agent.image "busybox" has no digest (used at templates/daemonset.yaml:15): "latest" can be moved to another image without a change to the chart.');
    assert.equal(found[3].severity, 'info');
    // Fix-all may only flip what cannot surprise: privileged, escalation, runAsNonRoot.
    assert.deepEqual(found.map((f) => f.fixes.map((x) => x.safe)), [[false], [false], [], [], [true], [true], [true], [false]]);
  });

  it('every fix edits the value in values.yaml, which still parses, and the finding is gone', () => {
    let fixes = 0;
    for (const f of valuesFindings(VALUES)) {
      for (const fix of f.fixes) {
        const fixed = applyEdits(VALUES, fix.edits);
        assert.deepEqual(parseDocument(fixed).errors, []);
        assert.ok(!valuesFindings(fixed).some((g) => g.ruleId === f.ruleId && g.range.start.line === f.range.start.line), `${f.ruleId} remains`);
        fixes++;
      }
    }
    assert.equal(fixes, 6);
    assert.equal(applyEdits(VALUES, valuesFindings(VALUES)[1].fixes[0].edits), VALUES.replace('hostNetwork: true', 'hostNetwork: false'));
  });

  it('a guard false by default hides the template: eq on a values string, and the securityContext map when set', () => {
    assert.deepEqual(valuesFindings(VALUES.replace('kind: DaemonSet', 'kind: Deployment')), []);
    // A non-empty securityContext takes the `if` branch: the scalar fields are not rendered, the map is judged.
    const hardened = VALUES.replace('  securityContext: {}', '  securityContext:\n    runAsNonRoot: true\n    allowPrivilegeEscalation: false\n    capabilities:\n      drop: [ALL]\n    seccompProfile:\n      type: RuntimeDefault');
    assert.deepEqual(valuesFindings(hardened).map((f) => f.ruleId), ['k8s/service-account-token-automount', 'k8s/host-namespaces', 'k8s/image-mutable-tag', 'k8s/image-not-pinned']);
  });

  it('a default image with a version tag is only not pinned; with a digest it is neither', () => {
    const images = (image: string) => valuesFindings(VALUES.replace('image: busybox', `image: ${image}`)).filter((f) => f.ruleId.startsWith('k8s/image-'));
    const tagged = images('busybox:1.37');
    assert.deepEqual(tagged.map((f) => f.ruleId), ['k8s/image-not-pinned']);
    assert.equal(tagged[0].message, 'The default agent.image "busybox:1.37" has no digest (used at templates/daemonset.yaml:15): the tag "1.37" can be moved to another image without a change to the chart.');
    assert.deepEqual(at(tagged[0]), [10, 9, 10, 21]);
    assert.deepEqual(images(`busybox@sha256:${'a'.repeat(64)}`), []);
    assert.deepEqual(images(`"busybox:1.37@sha256:${'a'.repeat(64)}"`), []);
    // Not an image reference at all (a template value, an empty default): nothing to say.
    assert.deepEqual(images('""'), []);
  });
});
