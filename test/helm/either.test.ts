import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/engine/types';
import { findings, underlined } from '../helpers/engine';

// `or` / `and` read with the default values: in a scalar use Go renders one operand (`or`: the first non-empty, `and`:
// the first empty, else the last); in a guard the result is three-valued, an operand that cannot be read never hides
// a use unless another one decides.
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      {{- if or .Values.debug.enabled .Values.tools.enabled }}
      hostPID: {{ .Values.debug.hostPID }}
      {{- end }}
      {{- if and .Values.net.enabled (eq .Values.net.mode "host") }}
      hostNetwork: {{ .Values.net.hostNetwork }}
      {{- end }}
      {{- if or .Values.ipc.enabled (include "x.ipc" .) }}
      hostIPC: {{ .Values.ipc.hostIPC }}
      {{- end }}
      containers:
        - name: app
          securityContext:
            allowPrivilegeEscalation: {{ or .Values.image.allowPrivilegeEscalation .Values.image.chroot }}
            runAsNonRoot: {{ and .Values.image.nonRoot .Values.strict }}
`;
const TEMPLATES = [{ path: '/charts/app/templates/deployment.yaml', text: DEPLOYMENT }];

const VALUES = `debug:
  enabled: false
  hostPID: true
tools:
  enabled: false
net:
  enabled: true
  mode: host
  hostNetwork: true
ipc:
  enabled: false
  hostIPC: true
image:
  allowPrivilegeEscalation: false
  chroot: true
  nonRoot: true
strict: true
`;

function valuesFindings(values: string): Finding[] {
  return findings(values, '/charts/app/values.yaml', { helmChart: { templates: TEMPLATES } });
}

describe('Helm `or` / `and` in guards and scalar uses', () => {
  it('judges the operand the defaults render, and guards decided by their readable operands', () => {
    const found = valuesFindings(VALUES);
    // By hand: hostPID's guard is `or false false`: not rendered. hostNetwork's is `and true (eq "host" "host")`: rendered,
    // true at :9. hostIPC's `or false (include …)` cannot be read: unknown never hides the use, true at :12.
    // allowPrivilegeEscalation renders `or false true` = chroot's true (:15). runAsNonRoot is `and true true` = strict (:17).
    assert.deepEqual(found.map((f) => [f.range.start.line + 1, f.ruleId, underlined(VALUES, f)]), [
      [9, 'k8s/host-namespaces', 'hostNetwork: true'],
      [12, 'k8s/host-namespaces', 'hostIPC: true'],
      [15, 'k8s/allow-privilege-escalation', 'chroot: true'],
    ]);
    assert.equal(found[2].message, 'image.chroot: true in values.yaml is rendered as allowPrivilegeEscalation: true through `or .Values.image.allowPrivilegeEscalation .Values.image.chroot` (used at templates/deployment.yaml:18): the container allows privilege escalation.');
    // Setting chroot: false would change what the chart does, and another operand may then be rendered: no fix.
    assert.deepEqual(found[2].fixes, []);
    assert.ok(found[0].fixes.length > 0, 'a plain scalar keeps its fix');
  });

  it('each operand can decide: the first truthy for `or`, the first empty for `and`, else the last', () => {
    // `or true false`: the first operand is rendered.
    const firstValues = VALUES.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true').replace('chroot: true', 'chroot: false');
    const first = valuesFindings(firstValues);
    assert.deepEqual(first.filter((f) => f.ruleId === 'k8s/allow-privilege-escalation').map((f) => underlined(firstValues, f)), ['allowPrivilegeEscalation: true']);
    // `or false false` renders false: nothing to report.
    assert.ok(!valuesFindings(VALUES.replace('chroot: true', 'chroot: false')).some((f) => f.ruleId === 'k8s/allow-privilege-escalation'));
    // `and true false` renders strict's false (:17); `and false true` renders nonRoot's false (:16).
    const strictOff = VALUES.replace('strict: true', 'strict: false');
    assert.deepEqual(valuesFindings(strictOff).filter((f) => f.ruleId === 'k8s/run-as-non-root').map((f) => [f.range.start.line + 1, underlined(strictOff, f)]), [[17, 'strict: false']]);
    const nonRootOff = VALUES.replace('nonRoot: true', 'nonRoot: false');
    assert.deepEqual(valuesFindings(nonRootOff).filter((f) => f.ruleId === 'k8s/run-as-non-root').map((f) => [f.range.start.line + 1, underlined(nonRootOff, f)]), [[16, 'nonRoot: false']]);
  });

  it('guards: one true operand opens an `or`, one false operand closes an `and`, whatever the unreadable one says', () => {
    const toolsOn = valuesFindings(VALUES.replace('tools:\n  enabled: false', 'tools:\n  enabled: true'));
    assert.ok(toolsOn.some((f) => f.ruleId === 'k8s/host-namespaces' && f.range.start.line === 2), 'or false true renders hostPID');
    const netOff = valuesFindings(VALUES.replace('net:\n  enabled: true', 'net:\n  enabled: false'));
    assert.ok(!netOff.some((f) => f.range.start.line === 8), 'and false … hides hostNetwork');
    const modeOther = valuesFindings(VALUES.replace('mode: host', 'mode: bridge'));
    assert.ok(!modeOther.some((f) => f.range.start.line === 8), 'and true (eq "bridge" "host") hides hostNetwork');
  });
});
