import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyFix } from '../helpers/engine';
import { pss } from '../helpers/pss';

describe('PSS fixes: insertion point after trailing comments', () => {
  it('a pod-level securityContext goes after the last container line, not into the next key (commented-out lines stay)', () => {
    const text = `apiVersion: apps/v1
kind: StatefulSet
spec:
  template:
    spec:
      containers:
      - name: nginx
        image: nginx:1
        # resources:
        #   cpu: 4
  volumeClaimTemplates:
  - metadata:
      name: www
`;
    const expected = `apiVersion: apps/v1
kind: StatefulSet
spec:
  template:
    spec:
      containers:
      - name: nginx
        image: nginx:1
      securityContext:
        runAsNonRoot: true
        # resources:
        #   cpu: 4
  volumeClaimTemplates:
  - metadata:
      name: www
`;
    const [f] = pss(text, 'k8s/run-as-non-root');
    const fixed = applyFix(text, f);
    assert.equal(fixed, expected);
    assert.deepEqual(pss(fixed, 'k8s/run-as-non-root'), []);
  });
});
