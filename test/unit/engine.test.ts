import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { at, findings, ofRule, underlined } from '../helpers/engine';

const MULTI = `# Namespace first
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
# the workload
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: shop/api:1.0 # tagged
          securityContext:
            privileged: true   # why?
`;

describe('engine: positions and documents', () => {
  it('underlines exactly `privileged: true` in the second document', () => {
    const [f] = ofRule(MULTI, 'k8s/privileged-container');
    assert.equal(f.docIndex, 1);
    assert.deepEqual(at(f), [18, 12, 18, 28]);
    assert.equal(underlined(MULTI, f), 'privileged: true');
    assert.equal(f.severity, 'error');
  });

  it('underlines the image value, not the container', () => {
    const [f] = ofRule(MULTI, 'k8s/image-not-pinned');
    assert.equal(underlined(MULTI, f), 'shop/api:1.0');
    assert.deepEqual(at(f), [16, 17, 16, 29]);
  });

  it('a syntax error in one document reports there and leaves the others unchanged', () => {
    const broken = MULTI.replace('# Namespace first\n', '# Namespace first\nbad: [unclosed\n');
    const before = findings(MULTI).filter((f) => f.docIndex === 1).map((f) => [f.ruleId, f.message]);
    const after = findings(broken);
    const parse = after.filter((f) => f.ruleId === 'kubeward/parse-error');
    assert.equal(parse.length, 1);
    assert.equal(parse[0].docIndex, 0);
    assert.equal(parse[0].range.start.line, 2, 'reported in the broken document');
    assert.deepEqual(after.filter((f) => f.docIndex === 1).map((f) => [f.ruleId, f.message]), before);
  });

  it('a broken document after a good one does not change the good one', () => {
    const broken = MULTI + '---\napiVersion: v1\nkind: Pod\nspec: {containers: [\n';
    const good = findings(MULTI).map((f) => [f.ruleId, f.offset.start]);
    const all = findings(broken);
    assert.deepEqual(all.filter((f) => f.docIndex < 2).map((f) => [f.ruleId, f.offset.start]), good);
    assert.deepEqual(all.filter((f) => f.docIndex === 2).map((f) => f.ruleId), ['kubeward/parse-error']);
  });

  it('finds every container kind, in CronJob and Pod', () => {
    const text = `apiVersion: batch/v1
kind: CronJob
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
          - name: init
            securityContext: {privileged: true}
          containers:
          - name: main
          ephemeralContainers:
          - name: dbg
            securityContext:
              privileged: true
`;
    const fs = ofRule(text, 'k8s/privileged-container');
    assert.deepEqual(fs.map((f) => f.message.split(' runs')[0]), ['initContainer "init"', 'ephemeralContainer "dbg"']);
    assert.equal(underlined(text, fs[0]), 'privileged: true');
    assert.deepEqual(at(fs[1]), [15, 14, 15, 30]);
  });

  it('privileged: false and non-boolean strings are not findings', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      privileged: false\n  - name: b\n    securityContext:\n      privileged: "true"\n';
    assert.deepEqual(ofRule(text, 'k8s/privileged-container'), []);
  });

  it('reads JSON manifests, including a List of items', () => {
    const text = JSON.stringify(
      { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'x', image: 'a@sha256:' + '0'.repeat(64), securityContext: { privileged: true } }] } }] },
      null,
      2,
    );
    const [f] = ofRule(text, 'k8s/privileged-container', 'list.json');
    assert.equal(underlined(text, f), '"privileged": true');
    assert.equal(f.range.start.line, 13, 'line of "privileged" in the pretty-printed JSON (counted by hand)');
    assert.deepEqual(ofRule(text, 'k8s/image-not-pinned', 'list.json'), [], 'digest-pinned image passes');
  });

  it('produces nothing for non-Kubernetes YAML', () => {
    const ci = 'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    container:\n      image: node:20\n      options: --privileged\n';
    const compose = 'services:\n  web:\n    image: nginx\n    privileged: true\n';
    assert.deepEqual(findings(ci), []);
    assert.deepEqual(findings(compose, 'docker-compose.yml'), []);
    assert.deepEqual(findings('broken: [yaml\n', 'values.yaml'), [], 'no parse errors for YAML that is not a manifest');
  });

  it('skips Helm templates without parse errors or findings', () => {
    const tpl = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "x.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: x
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
`;
    const r = new Analyzer().analyze({ text: tpl, path: 'chart/templates/deploy.yaml' });
    assert.deepEqual(r.findings, []);
    assert.equal(r.skipped?.reason, 'helm-template');
    const inChart = new Analyzer().analyze({ text: 'a: "{{ .Values.x }}"\n', path: 't.yaml', inHelmChart: true });
    assert.equal(inChart.skipped?.reason, 'helm-template');
  });

  it('analyses manifests whose string values merely contain {{ }}', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    summary: "{{ $labels.pod }} down"\nspec:\n  containers:\n  - name: a\n    securityContext:\n      privileged: true\n';
    assert.equal(ofRule(text, 'k8s/privileged-container').length, 1);
  });

  it('applies severity overrides and "off" from settings', () => {
    const a = new Analyzer();
    const off = a.analyze({ text: MULTI, path: 'x.yaml', settings: { rules: { 'k8s/privileged-container': { severity: 'off' } } } });
    assert.equal(off.findings.some((f) => f.ruleId === 'k8s/privileged-container'), false);
    const warn = a.analyze({ text: MULTI, path: 'x.yaml', settings: { rules: { 'k8s/privileged-container': { severity: 'warning' } } } });
    assert.equal(warn.findings.find((f) => f.ruleId === 'k8s/privileged-container')?.severity, 'warning');
    const again = a.analyze({ text: MULTI, path: 'x.yaml' });
    assert.equal(again.findings.find((f) => f.ruleId === 'k8s/privileged-container')?.severity, 'error', 'cache keyed by settings');
  });

  it('skips oversized and binary files with a notice', () => {
    const a = new Analyzer();
    assert.equal(a.analyze({ text: MULTI, path: 'x.yaml', settings: { maxFileBytes: 10 } }).skipped?.reason, 'too-large');
    assert.equal(a.analyze({ text: 'a\u0000b', path: 'x.yaml' }).skipped?.reason, 'binary');
  });

  it('counts documents after leading comments and handles CRLF', () => {
    const crlf = MULTI.replace(/\n/g, '\r\n');
    const [f] = ofRule(crlf, 'k8s/privileged-container');
    assert.equal(f.docIndex, 1);
    assert.deepEqual(at(f), [18, 12, 18, 28]);
  });
});

describe('engine: size limits', () => {
  it('analyses a YAML stream over the limit up to the limit and says so', () => {
    // Document 0 of MULTI is 72 characters; the privileged container is in document 1, past a 100-character limit.
    const r = new Analyzer().analyze({ text: MULTI, path: 'x.yaml', settings: { maxFileBytes: 100 } });
    assert.equal(r.skipped?.reason, 'partial');
    assert.match(r.skipped!.message, /first 1 of 2 documents/);
    assert.equal(r.findings.some((f) => f.ruleId === 'k8s/privileged-container'), false);
  });
});
