import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { at, applyFix, underlined } from '../helpers/engine';
import { BASELINE, pss, RESTRICTED, titles } from '../helpers/pss';

describe('k8s/allow-privilege-escalation', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox:1
          securityContext: {allowPrivilegeEscalation: true}
      containers:
        - name: web
          image: web:1
          securityContext:
            allowPrivilegeEscalation: false
        - name: sidecar
          image: side:1
`;

  it('reports an explicit true (init container, flow style) and an unset value, not false', () => {
    const fs = pss(text, 'k8s/allow-privilege-escalation');
    assert.equal(fs.length, 2);
    assert.deepEqual(at(fs[0]), [10, 28, 10, 58]);
    assert.equal(underlined(text, fs[0]), 'allowPrivilegeEscalation: true');
    assert.match(fs[0].message, /^initContainer "init" sets allowPrivilegeEscalation: true/);
    assert.deepEqual(at(fs[1]), [16, 10, 16, 14], 'no securityContext: the container name is underlined');
    assert.match(fs[1].message, /^container "sidecar" must set/);
    assert.equal(fs[1].severity, 'warning');
  });

  it('fixes in place, in flow and in block style, safely', () => {
    const [explicit, unset] = pss(text, 'k8s/allow-privilege-escalation');
    assert.deepEqual(titles(explicit), ['safe: Set allowPrivilegeEscalation: false (setuid binaries such as sudo stop gaining privileges)']);
    assert.equal(applyFix(text, explicit), text.replace('{allowPrivilegeEscalation: true}', '{allowPrivilegeEscalation: false}'));
    assert.equal(
      applyFix(text, unset),
      text.replace('          image: side:1\n', '          image: side:1\n          securityContext:\n            allowPrivilegeEscalation: false\n'),
    );
  });

  it('exists from policy v1.8 and exempts Windows pods from v1.25', () => {
    assert.equal(pss(text, 'k8s/allow-privilege-escalation', RESTRICTED('v1.7')).length, 0);
    assert.equal(pss(text, 'k8s/allow-privilege-escalation', RESTRICTED('v1.8')).length, 2);
    assert.equal(pss(text, 'k8s/allow-privilege-escalation', BASELINE()).length, 0, 'not a baseline check');
    const windows = text.replace('    spec:\n      initContainers:', '    spec:\n      os: {name: windows}\n      initContainers:');
    assert.equal(pss(windows, 'k8s/allow-privilege-escalation', RESTRICTED('v1.25')).length, 0);
    assert.equal(pss(windows, 'k8s/allow-privilege-escalation', RESTRICTED('v1.24')).length, 2);
  });

  it('reads JSON and writes JSON', () => {
    const json = '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a", "securityContext": {"runAsUser": 1}}]}}';
    const [f] = pss(json, 'k8s/allow-privilege-escalation', {}, 'pod.json');
    assert.equal(underlined(json, f), '"securityContext"');
    const fixed = applyFix(json, f);
    assert.equal(fixed, '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a", "securityContext": {"runAsUser": 1, "allowPrivilegeEscalation": false}}]}}');
  });
});

describe('k8s/capabilities-restricted and k8s/capabilities-baseline', () => {
  const text = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: a
    securityContext:
      capabilities:
        drop:
        - NET_RAW
        add: ["NET_BIND_SERVICE", "SYS_ADMIN"]
  - name: b
    securityContext:
      capabilities: {drop: [all]}
`;

  it('restricted: drop must contain ALL exactly; only NET_BIND_SERVICE may be added', () => {
    const fs = pss(text, 'k8s/capabilities-restricted');
    assert.deepEqual(
      fs.map((f) => underlined(text, f)),
      ['drop', '"SYS_ADMIN"', 'drop'],
    );
    assert.deepEqual(at(fs[0]), [7, 8, 7, 12]);
    assert.deepEqual(at(fs[1]), [9, 34, 9, 45]);
    assert.deepEqual(at(fs[2]), [12, 21, 12, 25]);
    assert.match(fs[2].message, /^container "b" must drop ALL/);
  });

  it('restricted fixes: append ALL to the drop list (safe); stop adding a capability (manual, says so)', () => {
    const [dropA, addA, dropB] = pss(text, 'k8s/capabilities-restricted');
    assert.equal(applyFix(text, dropA), text.replace('        - NET_RAW\n', '        - NET_RAW\n        - ALL\n'));
    assert.deepEqual(titles(addA), ['manual: Stop adding capability SYS_ADMIN (the process loses it)']);
    assert.equal(applyFix(text, addA), text.replace('["NET_BIND_SERVICE", "SYS_ADMIN"]', '["NET_BIND_SERVICE"]'));
    assert.equal(applyFix(text, dropB), text.replace('{drop: [all]}', '{drop: [all, ALL]}'));
    assert.equal(dropB.fixes[0].safe, true);
  });

  it('restricted: a container without securityContext fails; the fix inserts drop ALL', () => {
    const bare = 'apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: job\n';
    const [f] = pss(bare, 'k8s/capabilities-restricted');
    assert.deepEqual(at(f), [8, 12, 8, 16]);
    assert.equal(applyFix(bare, f), bare + '            securityContext:\n              capabilities:\n                drop:\n                - ALL\n');
  });

  it('baseline: non-default adds are reported, matched exactly (chown and CAP_CHOWN are not CHOWN)', () => {
    const caps = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        add: [CHOWN, chown, CAP_CHOWN, NET_ADMIN]\n';
    const fs = pss(caps, 'k8s/capabilities-baseline', BASELINE());
    assert.deepEqual(fs.map((f) => underlined(caps, f)), ['chown', 'CAP_CHOWN', 'NET_ADMIN']);
    assert.equal(fs[0].severity, 'error');
    assert.equal(pss(text, 'k8s/capabilities-baseline', BASELINE()).length, 1, 'SYS_ADMIN only');
  });

  it('baseline is replaced by the restricted check from v1.22 at the restricted level', () => {
    assert.equal(pss(text, 'k8s/capabilities-baseline', RESTRICTED('v1.21')).length, 1);
    assert.equal(pss(text, 'k8s/capabilities-restricted', RESTRICTED('v1.21')).length, 0);
    assert.equal(pss(text, 'k8s/capabilities-baseline', RESTRICTED('v1.22')).length, 0);
    assert.equal(pss(text, 'k8s/capabilities-restricted', RESTRICTED('v1.22')).length, 3);
  });

  it('anchors: the shared securityContext is reported where each container uses it; only the anchor site gets a fix', () => {
    const anchored = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: a
    securityContext: &sc
      capabilities:
        add: [SYS_ADMIN]
  - name: b
    securityContext: *sc
`;
    const [a, b] = pss(anchored, 'k8s/capabilities-baseline', BASELINE());
    assert.equal(underlined(anchored, a), 'SYS_ADMIN');
    assert.deepEqual(at(b), [9, 21, 9, 24]);
    assert.equal(underlined(anchored, b), '*sc');
    assert.deepEqual(b.fixes, []);
    assert.equal(applyFix(anchored, a), anchored.replace('        add: [SYS_ADMIN]\n', ''));
  });
});

describe('k8s/proc-mount and k8s/proc-mount-restricted', () => {
  const text = 'apiVersion: v1\nkind: Pod\nspec:\n  hostUsers: false\n  initContainers:\n  - name: init\n    securityContext:\n      procMount: Unmasked\n  containers:\n  - name: a\n    securityContext:\n      procMount: Default\n';

  it('reports Unmasked on an init container, not Default', () => {
    const [f] = pss(text, 'k8s/proc-mount', BASELINE('v1.34'));
    assert.deepEqual(at(f), [7, 6, 7, 25]);
    assert.match(f.message, /^initContainer "init" sets procMount "Unmasked"/);
  });

  it('v1.35: baseline allows it in a user namespace (hostUsers: false), restricted still forbids it', () => {
    assert.equal(pss(text, 'k8s/proc-mount', BASELINE('v1.35')).length, 0);
    assert.equal(pss(text.replace('hostUsers: false', 'hostUsers: true'), 'k8s/proc-mount', BASELINE('v1.35')).length, 1);
    assert.equal(pss(text, 'k8s/proc-mount-restricted', RESTRICTED('v1.35')).length, 1);
    assert.equal(pss(text, 'k8s/proc-mount', RESTRICTED('v1.35')).length, 0, 'overridden at restricted');
    assert.equal(pss(text, 'k8s/proc-mount', RESTRICTED('v1.34')).length, 1, 'before v1.35 restricted uses the baseline check');
    assert.equal(pss(text, 'k8s/proc-mount-restricted', RESTRICTED('v1.34')).length, 0);
  });
});

describe('k8s/host-ports', () => {
  it('reports non-zero host ports of any container kind, with the exact range', () => {
    const text = `apiVersion: apps/v1
kind: DaemonSet
spec:
  template:
    spec:
      initContainers:
      - name: init
        ports:
        - {containerPort: 53, hostPort: 53}
      containers:
      - name: a
        ports:
        - containerPort: 80
          hostPort: 0
`;
    const fs = pss(text, 'k8s/host-ports');
    assert.equal(fs.length, 1);
    assert.deepEqual(at(fs[0]), [8, 30, 8, 42]);
    assert.equal(fs[0].message, 'initContainer "init" binds host port 53 on the node.');
  });
});

describe('k8s/host-probes', () => {
  const text = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: a
    livenessProbe:
      httpGet: {host: "", port: 80}
    lifecycle:
      preStop:
        tcpSocket:
          host: 10.0.0.1
          port: 22
`;

  it('exists from v1.34 and reports a non-empty host of a lifecycle handler', () => {
    assert.equal(pss(text, 'k8s/host-probes', BASELINE('v1.33')).length, 0);
    const fs = pss(text, 'k8s/host-probes', BASELINE('v1.34'));
    assert.equal(fs.length, 1);
    assert.deepEqual(at(fs[0]), [10, 10, 10, 24]);
    assert.match(fs[0].message, /lifecycle\.preStop tcpSocket targets host "10\.0\.0\.1"/);
  });
});
