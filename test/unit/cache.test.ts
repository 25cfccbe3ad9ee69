import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../rules';
import { Analyzer } from '../../server/src/engine/analyze';
import { DocumentCache } from '../../server/src/engine/doc-cache';
import { defineK8sRule } from '../../server/src/engine/rule';

const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: ${name}
      image: nginx:1.27${extra}
      securityContext:
        privileged: true
`;

const BUNDLE = `${pod('one')}---\n${pod('two')}---\n${pod('three')}`;

/** A rule that records which objects it was asked to check, to see what the cache spared. */
function countingRule(checked: string[]) {
  return defineK8sRule({
    meta: { id: 'k8s/test-counting', title: 'Counts checks', severity: 'info', category: 'cluster-config', docs: 'Test only.', remediation: 'Nothing to do.' },
    check(object) {
      checked.push(object.name ?? '?');
    },
  });
}

describe('engine: per-document cache', () => {
  it('re-checks only the document that an edit changed', () => {
    const checked: string[] = [];
    const analyzer = new Analyzer([countingRule(checked)]);
    analyzer.analyze({ text: BUNDLE, path: 'bundle.yaml' });
    assert.deepEqual(checked, ['one', 'two', 'three']);

    checked.length = 0;
    // Typing in the middle document; the third one moves in the file but its text is unchanged.
    analyzer.analyze({ text: `${pod('one')}---\n${pod('two', '-alpine')}---\n${pod('three')}`, path: 'bundle.yaml' });
    assert.deepEqual(checked, ['two']);

    checked.length = 0;
    analyzer.analyze({ text: `${pod('one')}---\n${pod('two', '-alpine')}---\n${pod('three')}`, path: 'other.yaml' });
    assert.deepEqual(checked, [], 'same documents in another file are hits too');
  });

  it('gives the same findings, at the moved positions, with and without the cache', () => {
    const warm = new Analyzer(ALL_RULES);
    warm.analyze({ text: BUNDLE, path: 'bundle.yaml' });
    // A line added to the first document moves the other two down by one line.
    const edited = BUNDLE.replace('  name: one\n', '  name: one\n  labels: {app: one}\n');
    const cached = warm.analyze({ text: edited, path: 'bundle.yaml' });
    const fresh = new Analyzer(ALL_RULES).analyze({ text: edited, path: 'bundle.yaml' });
    assert.deepEqual(cached, fresh);
    const privileged = cached.findings.filter((f) => f.ruleId === 'k8s/privileged-container');
    // `privileged: true` is on line 10 of each 10-line pod, then `---`, then the next pod (0-based lines).
    assert.deepEqual(privileged.map((f) => f.range.start.line), [10, 21, 32]);
  });

  it('skips a leading comment header however long, and keeps a first document that starts indented', () => {
    const header = '# Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file\n'.repeat(40);
    const withHeader = new Analyzer().analyze({ text: `${header}---\n${pod('one')}`, path: 'a.yaml' });
    assert.ok(withHeader.findings.length > 0);
    assert.deepEqual([...new Set(withHeader.findings.map((f) => f.docIndex))], [0], 'the header is not a document of its own');
    // Before the fix, a pattern with nested optional repeats backtracked exponentially on such a first line.
    const indented = `${' '.repeat(40)}apiVersion: v1\n${' '.repeat(40)}kind: ConfigMap\n`;
    assert.deepEqual(new Analyzer().analyze({ text: indented, path: 'b.yaml' }).findings, []);
  });
});

describe('DocumentCache', () => {
  it('stores copies, refreshes recency on hits, and evicts the least recently used', () => {
    const cache = new DocumentCache<{ n: number }>(2);
    const value = { n: 1 };
    const stored = cache.set('s', 'a', value);
    assert.deepEqual(stored, value);
    assert.notEqual(stored, value, 'a copy, sharing nothing with what the analysis allocated');
    cache.set('s', 'b', { n: 2 });
    assert.deepEqual(cache.get('s', 'a'), { n: 1 }); // a is now the most recent
    cache.set('s', 'c', { n: 3 }); // evicts b
    assert.equal(cache.get('s', 'b'), undefined);
    assert.deepEqual(cache.get('s', 'a'), { n: 1 });
    assert.equal(cache.get('other settings', 'a'), undefined, 'keyed by settings too');
  });

  it('keys by a digest when given one, and bounds the keys it keeps by their length', () => {
    const digested: string[] = [];
    const digest = (text: string) => (digested.push(text), `d:${text.length}:${text.charCodeAt(0)}`);
    const cache = new DocumentCache<{ n: number }>(10, { digest, maxChars: 12 });
    const big = 'x'.repeat(1000);
    cache.set('s', big, { n: 1 });
    assert.deepEqual(cache.get('s', 'x'.repeat(1000)), { n: 1 }, 'an equal text is a hit');
    assert.equal(cache.get('s', 'y'.repeat(1000)), undefined);
    // Only digests count against maxChars: a 1,000-character text kept as 'd:1000:120' (10 characters) fits.
    cache.set('s', 'z'.repeat(5), { n: 2 });
    assert.deepEqual(cache.get('s', big), undefined, 'two digests (10 + 7 characters) are over 12: the older one went');
    assert.deepEqual(cache.get('s', 'zzzzz'), { n: 2 });
    // get() of a miss and the set() that follows digest the text once.
    digested.length = 0;
    const text = 'w'.repeat(50);
    if (!cache.get('s', text)) cache.set('s', text, { n: 3 });
    assert.equal(digested.length, 1);
  });
});
