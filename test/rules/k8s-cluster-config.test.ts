import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isSensitiveName } from '../../rules/_lib/sensitive-names';
import { applyFix, at, findings, ofRule, underlined } from '../helpers/engine';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec: # pod
      containers:
        - name: api
          image: shop/api:1.4
`;

describe('k8s/service-account-token-automount', () => {
  const id = 'k8s/service-account-token-automount';

  it('reports the pod spec key and inserts the field at pod level, title warning about API access', () => {
    const [f] = ofRule(DEPLOY, id);
    assert.equal(underlined(DEPLOY, f), 'spec');
    assert.deepEqual(at(f), [6, 4, 6, 8]);
    assert.equal(f.fixes[0].title, 'Set automountServiceAccountToken: false (the pod loses Kubernetes API access)');
    assert.equal(f.fixes[0].safe, true);
    assert.equal(applyFix(DEPLOY, f), DEPLOY + '      automountServiceAccountToken: false\n');
  });

  it('flips an explicit true in place', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  automountServiceAccountToken: true # needed?\n  containers: []\n';
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), 'automountServiceAccountToken: true');
    assert.equal(applyFix(text, f), 'apiVersion: v1\nkind: Pod\nspec:\n  automountServiceAccountToken: false # needed?\n  containers: []\n');
  });

  it('is quiet when false, and handles flow style and CronJob', () => {
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Pod\nspec: {automountServiceAccountToken: false, containers: []}\n', id), []);
    const flow = 'apiVersion: v1\nkind: Pod\nspec: {containers: []}\n';
    assert.equal(applyFix(flow, ofRule(flow, id)[0]), 'apiVersion: v1\nkind: Pod\nspec: {containers: [], automountServiceAccountToken: false}\n');
    const cron = 'apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: []\n';
    const [f] = ofRule(cron, id);
    assert.deepEqual(at(f), [6, 8, 6, 12]);
  });
});

describe('k8s/default-service-account', () => {
  const id = 'k8s/default-service-account';

  it('reports the pod spec key when no account is named, and an explicit default on its value', () => {
    assert.equal(underlined(DEPLOY, ofRule(DEPLOY, id)[0]), 'spec');
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  serviceAccountName: "default"\n';
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), '"default"');
    assert.deepEqual(f.fixes, []);
  });

  it('accepts a named account, also through the deprecated serviceAccount field', () => {
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Pod\nspec:\n  serviceAccountName: api\n', id), []);
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Pod\nspec:\n  serviceAccount: api\n', id), []);
  });
});

describe('k8s/secret-in-env-literal', () => {
  const id = 'k8s/secret-in-env-literal';

  it('classifies names by their words', () => {
    for (const name of ['DB_PASSWORD', 'dbPassword', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'API_KEY', 'signing-key', 'CLIENT_SECRET']) assert.equal(isSensitiveName(name), true, name);
    for (const name of ['PASSWORD_FILE', 'TOKEN_TTL', 'CACHE_KEY', 'KEY', 'PWD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'SECRET_NAME', 'HOSTNAME']) assert.equal(isSensitiveName(name), false, name);
  });

  it('underlines the literal value only, never echoing it', () => {
    const text = `apiVersion: v1
kind: Pod
spec:
  initContainers:
  - name: migrate
    env:
    - {name: LOG_LEVEL, value: debug}
    - name: DB_PASSWORD
      value: 'hunter2'   # oops
    - name: API_TOKEN
      valueFrom: {secretKeyRef: {name: api, key: token}}
    - name: TLS_KEY_FILE
      value: /etc/tls/key.pem
    - name: ADMIN_PASSWORD
      value: $(GENERATED)
`;
    const found = ofRule(text, id);
    assert.equal(found.length, 1);
    assert.equal(underlined(text, found[0]), "'hunter2'");
    assert.deepEqual(at(found[0]), [8, 13, 8, 22]);
    assert.equal(found[0].message, 'initContainer "migrate" sets DB_PASSWORD to a literal value: the credential is stored in the manifest.');
    assert.doesNotMatch(found[0].message, /hunter2/);
  });

  it('works in JSON', () => {
    const json = '{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"a","env":[{"name":"SECRET","value":"s3cr3t"}]}]}}';
    assert.equal(underlined(json, ofRule(json, id, 'p.json')[0]), '"s3cr3t"');
  });
});

describe('k8s/secret-data-in-manifest', () => {
  const id = 'k8s/secret-data-in-manifest';

  it('reports data and stringData keys with their counts', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  user: YWRtaW4=\n  pass: aHVudGVyMg==\nstringData: {token: abc}\n';
    const found = ofRule(text, id);
    assert.deepEqual(found.map((f) => underlined(text, f)), ['data', 'stringData']);
    assert.equal(found[0].message, 'Secret "db" commits 2 values in data: anyone with the file can read them.');
    assert.deepEqual(at(found[1]), [7, 0, 7, 10]);
  });

  it('ignores empty placeholders, Secrets without data and ConfigMaps', () => {
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Secret\ndata:\n  pass: ""\n  user:\n', id), []);
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\n', id), []);
    assert.deepEqual(ofRule('apiVersion: v1\nkind: ConfigMap\ndata:\n  pass: x\n', id), []);
  });
});

describe('k8s/container-runtime-socket', () => {
  const id = 'k8s/container-runtime-socket';
  const vol = (path: string) => `apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  template:\n    spec:\n      volumes:\n      - name: sock\n        hostPath: {path: ${path}, type: Socket}\n`;

  it('reports sockets by file name and directories that contain them, on the path value', () => {
    const text = vol('/run/containerd/containerd.sock');
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), '/run/containerd/containerd.sock');
    assert.deepEqual(at(f), [7, 25, 7, 56]);
    assert.match(f.message, /^Volume "sock" mounts the container runtime socket containerd\.sock/);
    assert.equal(ofRule(vol('/var/run/crio/crio.sock'), id).length, 1);
    assert.equal(ofRule(vol('"/var/run/"'), id).length, 1);
    assert.match(ofRule(vol('/'), id)[0].message, /a host directory that contains the container runtime socket \(\/\)/);
  });

  it('ignores other host paths and other volume types', () => {
    assert.deepEqual(ofRule(vol('/var/log'), id), []);
    assert.deepEqual(ofRule(vol('/var/run/secrets.d'), id), []);
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Pod\nspec:\n  volumes: [{name: a, emptyDir: {}}]\n', id), []);
  });
});

describe('k8s/writable-root-filesystem', () => {
  const id = 'k8s/writable-root-filesystem';

  it('adds securityContext.readOnlyRootFilesystem under the container, title warning', () => {
    const [f] = ofRule(DEPLOY, id);
    assert.equal(underlined(DEPLOY, f), 'name');
    assert.equal(f.fixes[0].title, 'Set readOnlyRootFilesystem: true (writes outside mounted volumes will fail)');
    assert.equal(applyFix(DEPLOY, f), DEPLOY + '          securityContext:\n            readOnlyRootFilesystem: true\n');
  });

  it('merges into an existing securityContext and flips an explicit false', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      runAsNonRoot: true\n';
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), 'securityContext');
    assert.equal(applyFix(text, f), text + '      readOnlyRootFilesystem: true\n');
    const off = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext: {readOnlyRootFilesystem: false}\n';
    const [g] = ofRule(off, id);
    assert.equal(underlined(off, g), 'readOnlyRootFilesystem: false');
    assert.equal(applyFix(off, g), off.replace('false', 'true'));
  });

  it('reads an aliased securityContext, offers no fix through it, and skips Windows pods', () => {
    const alias = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext: &sc {readOnlyRootFilesystem: true}\n  - name: b\n    securityContext: *sc\n';
    assert.deepEqual(ofRule(alias, id), []);
    const aliasOff = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext: &sc {runAsNonRoot: true}\n  - name: b\n    securityContext: *sc\n';
    const found = ofRule(aliasOff, id);
    assert.equal(found.length, 2);
    assert.deepEqual(found[1].fixes, []);
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Pod\nspec:\n  os: {name: windows}\n  containers: [{name: a}]\n', id), []);
  });
});

describe('k8s/resource-limits-missing', () => {
  const id = 'k8s/resource-limits-missing';

  it('requires a memory limit, and a CPU limit only with requireCpuLimit', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    resources:\n      limits: {cpu: 500m}\n  - name: b\n    resources:\n      limits: {memory: 1Gi}\n';
    const [f, ...rest] = ofRule(text, id);
    assert.equal(rest.length, 0);
    assert.equal(underlined(text, f), 'limits');
    assert.equal(f.message, 'container "a" has no memory limit: it can use all of its node\'s memory.');
    const strict = findings(text, 'p.yaml', { settings: { rules: { [id]: { options: { requireCpuLimit: true } } } } }).filter((x) => x.ruleId === id);
    assert.deepEqual(strict.map((x) => x.message), [
      'container "a" has no memory limit: it can use all of its node\'s memory.',
      'container "b" has no CPU limit: it can use all of its node\'s CPU.',
    ]);
  });

  it('points at resources, then the name; reads limits through anchors; skips ephemeral containers', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  initContainers:\n  - name: i\n    resources: {requests: {memory: 1Gi}}\n  containers:\n  - name: a\n';
    assert.deepEqual(ofRule(text, id).map((f) => underlined(text, f)), ['resources', 'name']);
    const anchored = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    resources: &r {limits: {memory: 1Gi}}\n  - name: b\n    resources: *r\n  ephemeralContainers:\n  - name: debug\n';
    assert.deepEqual(ofRule(anchored, id), []);
  });
});
