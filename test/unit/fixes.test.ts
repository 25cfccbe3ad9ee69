import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { applyAllSafeFixes } from '../../server/src/engine/fix';
import { applyFix, ofRule } from '../helpers/engine';

describe('fix: remove privileged', () => {
  it('removes only the key line, keeping comments and the other documents byte for byte', () => {
    const text = `# keep me
apiVersion: v1
kind: ConfigMap
---
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: a   # main
    securityContext:
      runAsUser: 1000
      privileged: true  # remove
      readOnlyRootFilesystem: true
`;
    const expected = `# keep me
apiVersion: v1
kind: ConfigMap
---
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: a   # main
    securityContext:
      runAsUser: 1000
      readOnlyRootFilesystem: true
`;
    const [f] = ofRule(text, 'k8s/privileged-container');
    assert.equal(applyFix(text, f), expected);
  });

  it('sets `privileged: false` when it is the securityContext\'s only key (no `{}` left, nothing for missing-security-context)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext:\n        privileged: true # debug\n      image: x\n';
    const [f] = ofRule(text, 'k8s/privileged-container');
    assert.deepEqual(f.fixes.map((x) => [x.title, x.reveals]), [['Set `privileged: false`', undefined]]);
    const fixed = applyFix(text, f);
    assert.equal(fixed, text.replace('privileged: true # debug', 'privileged: false # debug'));
    assert.deepEqual(ofRule(fixed, 'k8s/privileged-container'), []);
    assert.deepEqual(ofRule(fixed, 'k8s/missing-security-context'), []);
    const flow = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext: {privileged: true}\n';
    assert.equal(applyFix(flow, ofRule(flow, 'k8s/privileged-container')[0]), flow.replace('{privileged: true}', '{privileged: false}'));
  });

  it('handles flow style and JSON', () => {
    const flow = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext: {runAsUser: 1, privileged: true}\n';
    assert.equal(applyFix(flow, ofRule(flow, 'k8s/privileged-container')[0]), 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext: {runAsUser: 1}\n');
    const json = '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a", "securityContext": {"privileged": true, "runAsUser": 1}}]}}';
    const fixed = applyFix(json, ofRule(json, 'k8s/privileged-container', 'p.json')[0]);
    assert.equal(fixed, '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a", "securityContext": {"runAsUser": 1}}]}}');
    assert.doesNotThrow(() => JSON.parse(fixed));
  });

  it('keeps CRLF line endings', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nspec:\r\n  containers:\r\n  - name: a\r\n    securityContext:\r\n      privileged: true\r\n      runAsUser: 5\r\n';
    assert.equal(applyFix(text, ofRule(text, 'k8s/privileged-container')[0]), 'apiVersion: v1\r\nkind: Pod\r\nspec:\r\n  containers:\r\n  - name: a\r\n    securityContext:\r\n      runAsUser: 5\r\n');
  });
});

describe('fix: add hardened securityContext', () => {
  it('inserts a full block in the file indentation when there is none', () => {
    const text = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: web
    image: nginx:1.27 # pinned later
`;
    const expected = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: web
    image: nginx:1.27 # pinned later
    securityContext:
      allowPrivilegeEscalation: false
      runAsNonRoot: true
      capabilities:
        drop:
        - ALL
      seccompProfile:
        type: RuntimeDefault
      readOnlyRootFilesystem: true
`;
    const [f] = ofRule(text, 'k8s/missing-security-context');
    assert.equal(applyFix(text, f), expected);
  });

  it('merges into an empty `securityContext: {}` (flow) and is not reported once the block is there', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
          - name: web
            securityContext: {}
`;
    const expected = `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
          - name: web
            securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}, readOnlyRootFilesystem: true}
`;
    const [f] = ofRule(text, 'k8s/missing-security-context');
    const fixed = applyFix(text, f);
    assert.equal(fixed, expected);
    assert.deepEqual(ofRule(fixed, 'k8s/missing-security-context'), []);
  });

  it('is not reported when the container or the pod has a securityContext (the PSS rules judge its contents)', () => {
    const containerLevel = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      allowPrivilegeEscalation: true\n';
    const podLevel = 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: a\n';
    assert.deepEqual(ofRule(containerLevel, 'k8s/missing-security-context'), []);
    assert.deepEqual(ofRule(podLevel, 'k8s/missing-security-context'), []);
    assert.equal(ofRule(containerLevel, 'k8s/allow-privilege-escalation').length, 1, 'the setting itself is still reported, by its PSS rule');
  });

  it('writes JSON into JSON files', () => {
    const text = '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a"}]}}';
    const fixed = applyFix(text, ofRule(text, 'k8s/missing-security-context', 'p.json')[0]);
    const parsed = JSON.parse(fixed);
    assert.deepEqual(parsed.spec.containers[0].securityContext, {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
      readOnlyRootFilesystem: true,
    });
  });

  it('fills an empty `securityContext:`', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n    image: x\n';
    const fixed = applyFix(text, ofRule(text, 'k8s/missing-security-context')[0]);
    assert.equal(
      fixed,
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      allowPrivilegeEscalation: false\n      runAsNonRoot: true\n      capabilities:\n        drop:\n        - ALL\n      seccompProfile:\n        type: RuntimeDefault\n      readOnlyRootFilesystem: true\n    image: x\n',
    );
  });
});

describe('fix-all', () => {
  it('applies safe fixes only and reaches a fixed point', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      privileged: true\n  - name: b\n    securityContext: {privileged: true, runAsUser: 3}\n';
    // Baseline profile: only the privileged fixes are in play here (restricted adds its own, tested in test/rules).
    const { text: fixed, applied } = applyAllSafeFixes(new Analyzer(), { text, path: 'p.yaml', settings: { profile: 'pss-baseline' } });
    assert.equal(applied.length, 2);
    assert.equal(fixed, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      privileged: false\n  - name: b\n    securityContext: {runAsUser: 3}\n');
  });
});

describe('fix: byte-order mark', () => {
  it('removing the first line of a BOM file keeps the BOM first', async () => {
    const { startOfLine } = await import('../../server/src/engine/text');
    const text = '\uFEFFFROM x\nRUN y\n';
    assert.equal(startOfLine(text, 3), 1, 'the first line starts after the BOM');
    assert.equal(startOfLine(text, 10), 8, '"RUN y" starts at 8: BOM, "FROM x" (1-6), line break (7)');
    assert.equal(startOfLine('\uFEFF', 0), 0);
  });
});
