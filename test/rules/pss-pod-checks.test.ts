import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { at, applyFix, underlined } from '../helpers/engine';
import { BASELINE, pss, RESTRICTED, titles } from '../helpers/pss';

describe('k8s/run-as-non-root', () => {
  const text = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      securityContext:
        runAsUser: 999
      containers:
      - name: db
        securityContext:
          runAsNonRoot: false
      - name: backup
        securityContext:
          runAsNonRoot: true
      - name: metrics
`;

  it('reports an explicit false, and the containers left unset once, on the pod securityContext', () => {
    const [implicit, explicit] = pss(text, 'k8s/run-as-non-root'); // in file order
    assert.deepEqual(at(explicit), [17, 10, 17, 29]);
    assert.equal(explicit.docIndex, 1);
    assert.equal(explicit.message, 'container "db" sets runAsNonRoot: false; it must be true.');
    assert.deepEqual(at(implicit), [12, 6, 12, 21]);
    assert.equal(implicit.message, 'runAsNonRoot must be true in the pod securityContext or in container "metrics".');
  });

  it('sets the pod-level value (safe) and turns an explicit false around only on request', () => {
    const [implicit, explicit] = pss(text, 'k8s/run-as-non-root'); // in file order
    assert.deepEqual(titles(implicit), ['safe: Set pod runAsNonRoot: true (an image that runs as root will fail to start)']);
    assert.equal(applyFix(text, implicit), text.replace('        runAsUser: 999\n', '        runAsUser: 999\n        runAsNonRoot: true\n'));
    assert.deepEqual(titles(explicit), ['manual: Set runAsNonRoot: true on the container "db" (an image that runs as root will fail to start)']);
    assert.equal(applyFix(text, explicit), text.replace('runAsNonRoot: false', 'runAsNonRoot: true'));
  });

  it('a pod-level true covers unset containers; v1.35 exempts user-namespaced pods', () => {
    const covered = text.replace('        runAsUser: 999\n', '        runAsNonRoot: true\n');
    assert.deepEqual(pss(covered, 'k8s/run-as-non-root').map((f) => f.message), ['container "db" sets runAsNonRoot: false; it must be true.']);
    const userns = text.replace('    spec:\n      securityContext:', '    spec:\n      hostUsers: false\n      securityContext:');
    assert.equal(pss(userns, 'k8s/run-as-non-root', RESTRICTED('v1.35')).length, 0);
    assert.equal(pss(userns, 'k8s/run-as-non-root', RESTRICTED('v1.34')).length, 2);
  });
});

describe('k8s/run-as-user', () => {
  const json = '{"apiVersion": "v1", "kind": "Pod", "spec": {"securityContext": {"runAsUser": 0}, "containers": [{"name": "a", "securityContext": {"runAsUser": 0}}, {"name": "b", "securityContext": {"runAsUser": 1000}}]}}';

  it('reports UID 0 at pod and container level in JSON', () => {
    const fs = pss(json, 'k8s/run-as-user', {}, 'pod.json');
    assert.deepEqual(fs.map((f) => underlined(json, f)), ['"runAsUser": 0', '"runAsUser": 0']);
    assert.deepEqual(fs.map((f) => f.message), ['pod sets runAsUser: 0 and runs as root.', 'container "a" sets runAsUser: 0 and runs as root.']);
    assert.equal(fs[0].offset.start, json.indexOf('"runAsUser": 0'));
  });

  it('exists from v1.23; v1.35 exempts hostUsers: false', () => {
    assert.equal(pss(json, 'k8s/run-as-user', RESTRICTED('v1.22'), 'pod.json').length, 0);
    const userns = json.replace('"spec": {', '"spec": {"hostUsers": false, ');
    assert.equal(pss(userns, 'k8s/run-as-user', RESTRICTED('v1.35'), 'pod.json').length, 0);
    assert.equal(pss(userns, 'k8s/run-as-user', RESTRICTED('v1.34'), 'pod.json').length, 2);
  });
});

describe('k8s/seccomp-profile-restricted and k8s/seccomp-profile-baseline', () => {
  const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: report
            securityContext:
              seccompProfile:
                type: Unconfined
          - name: upload
`;

  it('restricted: Unconfined on a container, and an unset container reported on the pod spec key (CronJob)', () => {
    const [implicit, explicit] = pss(cron, 'k8s/seccomp-profile-restricted');
    assert.deepEqual(at(implicit), [9, 8, 9, 12]);
    assert.equal(underlined(cron, implicit), 'spec');
    assert.equal(implicit.message, 'seccompProfile type must be RuntimeDefault or Localhost in the pod securityContext or in container "upload".');
    assert.deepEqual(at(explicit), [14, 16, 14, 32]);
    assert.equal(explicit.message, 'container "report" sets seccompProfile type "Unconfined"; it must be RuntimeDefault or Localhost.');
    assert.deepEqual(explicit.fixes, [], 'a deliberate Unconfined is not overwritten by a quick fix');
  });

  it('restricted fix: RuntimeDefault at the pod level', () => {
    const [implicit] = pss(cron, 'k8s/seccomp-profile-restricted');
    assert.deepEqual(titles(implicit), ['safe: Set pod seccompProfile type RuntimeDefault (the runtime blocks rarely used syscalls)']);
    assert.equal(applyFix(cron, implicit), cron + '          securityContext:\n            seccompProfile:\n              type: RuntimeDefault\n');
  });

  it('versions: fields from v1.19; Windows pods exempt from v1.25; baseline forbids only explicit bad values', () => {
    assert.equal(pss(cron, 'k8s/seccomp-profile-restricted', RESTRICTED('v1.18')).length, 0);
    assert.equal(pss(cron, 'k8s/seccomp-profile-baseline', RESTRICTED('v1.18')).length, 0, 'v1.18 reads annotations only');
    assert.deepEqual(pss(cron, 'k8s/seccomp-profile-baseline', BASELINE('v1.19')).map((f) => at(f)), [[14, 16, 14, 32]]);
    const windows = cron.replace('        spec:\n          containers:', '        spec:\n          os: {name: windows}\n          containers:');
    assert.equal(pss(windows, 'k8s/seccomp-profile-restricted', RESTRICTED('v1.25')).length, 0);
    assert.equal(pss(windows, 'k8s/seccomp-profile-restricted', RESTRICTED('v1.24')).length, 2);
  });

  it('baseline before v1.19: the alpha annotations, for containers that exist', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: runtime/default
    container.seccomp.security.alpha.kubernetes.io/a: unconfined
    container.seccomp.security.alpha.kubernetes.io/ghost: unconfined
spec:
  containers:
  - name: a
`;
    const fs = pss(text, 'k8s/seccomp-profile-baseline', BASELINE('v1.18'));
    assert.deepEqual(fs.map((f) => at(f)), [[5, 4, 5, 64]]);
    assert.equal(pss(text, 'k8s/seccomp-profile-baseline', BASELINE('v1.19')).length, 0);
  });

  it('an empty seccompProfile has type "" and fails baseline', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seccompProfile: {}\n  containers:\n  - name: a\n';
    const [f] = pss(text, 'k8s/seccomp-profile-baseline', BASELINE());
    assert.equal(underlined(text, f), 'seccompProfile: {}');
  });
});

describe('k8s/host-namespaces', () => {
  const text = 'apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: true\n  hostPID: false\n  hostIPC: true\n  containers:\n  - name: a\n';

  it('one generic check for all three namespaces; false is fine', () => {
    const fs = pss(text, 'k8s/host-namespaces', BASELINE('v1.0'));
    assert.deepEqual(fs.map((f) => at(f)), [[3, 2, 3, 19], [5, 2, 5, 15]]);
    assert.match(fs[1].message, /^The pod sets hostIPC: true/);
  });

  it('removes the line, as a manual fix whose title says what changes', () => {
    const [net] = pss(text, 'k8s/host-namespaces');
    assert.deepEqual(titles(net), ['manual: Remove `hostNetwork: true` (ports and DNS change for the pod)']);
    assert.equal(applyFix(text, net), text.replace('  hostNetwork: true\n', ''));
  });
});

describe('k8s/host-path-volumes and k8s/restricted-volumes', () => {
  const text = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: a
  volumes:
  - name: sock
    hostPath: {path: /var/run/docker.sock}
  - name: scratch
  - name: cfg
    configMap: {name: cfg}
  - name: shared
    nfs:
      server: nfs.local
      path: /exports
    emptyDir: null
`;

  it('baseline: hostPath only', () => {
    const fs = pss(text, 'k8s/host-path-volumes', BASELINE());
    assert.deepEqual(fs.map((f) => at(f)), [[7, 4, 7, 42]]);
    assert.equal(fs[0].message, 'volume "sock" mounts the node\'s /var/run/docker.sock (hostPath).');
    assert.equal(pss(text, 'k8s/host-path-volumes', RESTRICTED('v1.0')).length, 0, 'replaced by restricted-volumes at restricted');
  });

  it('restricted: every source outside the allowed set; a volume with no source is an emptyDir', () => {
    const fs = pss(text, 'k8s/restricted-volumes', RESTRICTED());
    assert.deepEqual(fs.map((f) => underlined(text, f)), ['hostPath: {path: /var/run/docker.sock}', 'nfs:\n      server: nfs.local\n      path: /exports']);
    assert.equal(fs[1].message, 'volume "shared" uses the nfs volume type, which the restricted level does not allow.');
  });
});

describe('k8s/selinux-options, k8s/apparmor-profile, k8s/windows-host-process, k8s/unsafe-sysctls', () => {
  it('SELinux: types by version, and any user or role', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seLinuxOptions: {type: container_engine_t, level: "s0:c1,c2"}\n  containers:\n  - name: a\n    securityContext:\n      seLinuxOptions:\n        role: sysadm_r\n';
    assert.deepEqual(pss(text, 'k8s/selinux-options', BASELINE('v1.31')).map((f) => underlined(text, f)), ['role: sysadm_r']);
    assert.deepEqual(pss(text, 'k8s/selinux-options', BASELINE('v1.30')).map((f) => at(f)), [[4, 21, 4, 45], [9, 8, 9, 22]]);
  });

  it('AppArmor: the field at pod and container level, and the annotation of a Deployment template', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/a: unconfined
        container.apparmor.security.beta.kubernetes.io/b: localhost/custom
    spec:
      securityContext:
        appArmorProfile: {type: Unconfined}
      containers:
      - name: a
        securityContext:
          appArmorProfile:
            type: Localhost
            localhostProfile: custom
`;
    const fs = pss(text, 'k8s/apparmor-profile', BASELINE());
    assert.deepEqual(fs.map((f) => at(f)), [[6, 8, 6, 68], [10, 26, 10, 42]]);
    assert.match(fs[0].message, /unconfined/);
  });

  it('Windows HostProcess at the container level', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      windowsOptions: {hostProcess: true}\n  - name: b\n    securityContext:\n      windowsOptions: {hostProcess: false}\n';
    const fs = pss(text, 'k8s/windows-host-process', BASELINE());
    assert.deepEqual(fs.map((f) => underlined(text, f)), ['hostProcess: true']);
  });

  it('sysctls: the allow-list grows with the policy version', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    sysctls:\n    - name: net.ipv4.tcp_keepalive_time\n      value: "60"\n    - {name: kernel.msgmax, value: "1"}\n  containers:\n  - name: a\n';
    assert.deepEqual(pss(text, 'k8s/unsafe-sysctls', BASELINE('v1.28')).map((f) => at(f)), [[5, 6, 5, 39], [7, 7, 7, 26]]);
    assert.deepEqual(pss(text, 'k8s/unsafe-sysctls', BASELINE('v1.29')).map((f) => underlined(text, f)), ['name: kernel.msgmax']);
  });
});
