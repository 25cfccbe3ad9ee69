import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { API_VERSION_TABLE, minorOf } from '../../rules/_lib/api-versions';
import { applyFix, at, findings, ofRule, underlined } from '../helpers/engine';

const run = (text: string, kubernetesVersion: string, path = 'a.yaml') =>
  findings(text, path, { settings: { kubernetesVersion } }).filter((f) => f.ruleId.endsWith('-api-version'));

describe('apiVersion table', () => {
  it('covers removals from 1.16 to 1.32, each entry consistent', () => {
    const removed = new Set(API_VERSION_TABLE.map((e) => minorOf(e.removedIn)).filter((m) => m !== undefined));
    for (const m of [16, 17, 22, 25, 26, 27, 29, 32]) assert.ok(removed.has(m), `1.${m}`);
    for (const e of API_VERSION_TABLE) {
      assert.ok(minorOf(e.deprecatedIn) !== undefined, e.apiVersion);
      if (e.removedIn) assert.ok(minorOf(e.removedIn)! > minorOf(e.deprecatedIn)!, `${e.apiVersion} ${e.kinds}`);
      if (e.pureRename) assert.ok(e.replacement, `${e.apiVersion}: a pure rename names its replacement`);
    }
  });
});

describe('k8s/removed-api-version and k8s/deprecated-api-version', () => {
  const cron = '# nightly\napiVersion: batch/v1beta1 # old\nkind: CronJob\nmetadata:\n  name: report\n';

  it('is an error once removed, with the replacement, and the fix renames a pure rename', () => {
    const [f, ...rest] = run(cron, '1.33');
    assert.equal(rest.length, 0);
    assert.equal(f.ruleId, 'k8s/removed-api-version');
    assert.equal(f.severity, 'error');
    assert.equal(underlined(cron, f), 'batch/v1beta1');
    assert.deepEqual(at(f), [1, 12, 1, 25]);
    assert.equal(f.message, 'batch/v1beta1 CronJob was removed in Kubernetes 1.25: use batch/v1; only the apiVersion changes.');
    assert.equal(f.fixes[0].title, 'Replace apiVersion with batch/v1');
    assert.equal(applyFix(cron, f), '# nightly\napiVersion: batch/v1 # old\nkind: CronJob\nmetadata:\n  name: report\n');
  });

  it('is a warning while only deprecated, and nothing before', () => {
    const [f] = run(cron, '1.22');
    assert.equal(f.ruleId, 'k8s/deprecated-api-version');
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'batch/v1beta1 CronJob is deprecated since Kubernetes 1.21 and removed in 1.25: use batch/v1; only the apiVersion changes.');
    assert.deepEqual(run(cron, 'v1.20.4'), []);
  });

  it('offers no fix where the schema changed, and says why', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web}\n';
    const [f] = run(text, '1.33');
    assert.deepEqual(f.fixes, []);
    assert.match(f.message, /use networking\.k8s\.io\/v1; backend fields are renamed and pathType is required\.$/);
    const psp = 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\n';
    assert.match(run(psp, '1.33')[0].message, /no replacement: use Pod Security Admission/);
  });

  it('keeps the kind in mind: the same apiVersion is fine for other kinds', () => {
    assert.deepEqual(run('apiVersion: policy/v1beta1\nkind: Eviction\n', '1.33'), []);
    assert.deepEqual(run('apiVersion: v1\nkind: Service\n', '1.33'), []);
  });

  it('does not offer a replacement the target does not serve yet', () => {
    const fs = 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta1\nkind: FlowSchema\n';
    assert.deepEqual(run(fs, '1.26')[0].fixes, []);
    assert.equal(run(fs, '1.33')[0].fixes.length, 1);
  });

  it('keeps quotes in JSON and flow style, and fixes every document of a stream', () => {
    const json = '{"apiVersion": "rbac.authorization.k8s.io/v1beta1", "kind": "Role", "rules": []}';
    const [f] = run(json, '1.33', 'r.json');
    assert.equal(applyFix(json, f), '{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "rules": []}');
    const stream = "---\n{apiVersion: 'scheduling.k8s.io/v1beta1', kind: PriorityClass, value: 1}\n---\napiVersion: storage.k8s.io/v1beta1\nkind: StorageClass\n";
    const found = run(stream, '1.33');
    assert.deepEqual(found.map((x) => x.docIndex), [0, 1]);
    assert.equal(applyFix(stream, found[0]), "---\n{apiVersion: 'scheduling.k8s.io/v1', kind: PriorityClass, value: 1}\n---\napiVersion: storage.k8s.io/v1beta1\nkind: StorageClass\n");
  });

  it('defaults to a current release (1.33)', () => {
    assert.equal(ofRule('apiVersion: v1\nkind: Endpoints\n', 'k8s/deprecated-api-version').length, 1);
  });
});
