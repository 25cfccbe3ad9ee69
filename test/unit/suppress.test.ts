import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fix';
import { applySuppressions } from '../../server/src/engine/suppress/apply';
import { LineIndex } from '../../server/src/engine/text';
import { DEFAULT_SETTINGS, type AnalysisResult, type EngineSettings, type Finding } from '../../server/src/engine/types';

const DIGEST = '@sha256:' + '0'.repeat(64);
// A Pod that meets "restricted" except that both containers run privileged: exactly two findings, lines 16 and 23.
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: web
      image: nginx${DIGEST}
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
        privileged: true
    - name: side
      image: busybox${DIGEST}
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
        privileged: true
`;
const PRIV = 'k8s/privileged-container';

// Hygiene rules that also fire on this Pod are off here, so the fixture keeps exactly its two findings.
const OTHER_RULES_OFF = Object.fromEntries(
  ['k8s/default-service-account', 'k8s/service-account-token-automount', 'k8s/resource-limits-missing', 'k8s/writable-root-filesystem'].map((id) => [id, { severity: 'off' as const }]),
);

function run(text: string, settings: Partial<EngineSettings> = {}, path = '/ws/pod.yaml'): AnalysisResult {
  return new Analyzer().analyze({ text, path, settings: { ...settings, rules: { ...OTHER_RULES_OFF, ...settings.rules } } });
}
/** [ruleId, line] of what the editor would show. */
const shown = (r: AnalysisResult) => r.findings.map((f) => [f.ruleId, f.range.start.line]);
const withAnnotations = (lines: string) => POD.replace('  name: tools\n', `  name: tools\n  annotations:\n${lines}`);

describe('kubeward suppressions', () => {
  it('the fixture has one finding per container', () => {
    assert.deepEqual(shown(run(POD)), [[PRIV, 16], [PRIV, 23]]);
  });

  it('inline comment on the line above, with its reason kept in the result', () => {
    const text = POD.replace('        privileged: true\n    - name: side', '        # kubeward-ignore k8s/privileged-container -- needs /dev/fuse\n        privileged: true\n    - name: side');
    const r = run(text);
    assert.deepEqual(shown(r), [[PRIV, 24]]);
    assert.equal(r.suppressed?.length, 1);
    const s = r.suppressed![0];
    assert.equal(s.range.start.line, 17);
    assert.deepEqual({ ...s.suppressed, offset: undefined }, { kind: 'inline', reason: 'needs /dev/fuse', syntax: 'kubeward', offset: undefined });
    assert.equal(text.slice(s.suppressed!.offset.start, s.suppressed!.offset.end), '# kubeward-ignore k8s/privileged-container -- needs /dev/fuse');
  });

  it('inline comment at the end of the line; several ids separated by commas', () => {
    const text = POD.replace(/privileged: true\n$/, 'privileged: true # kubeward-ignore k8s/image-not-pinned, k8s/privileged-container -- debug sidecar\n');
    const r = run(text);
    // image-not-pinned has nothing to report there (the image has a digest), which is said too.
    assert.deepEqual(shown(r), [[PRIV, 16], ['kubeward/unused-suppression', 23]]);
    assert.equal(r.suppressed![0].suppressed!.reason, 'debug sidecar');
  });

  it('a comment above skips blank lines and other comments before the line it covers', () => {
    const text = POD.replace('        privileged: true\n    - name: side', '        # kubeward-ignore k8s/privileged-container -- ok\n\n        # another comment\n        privileged: true\n    - name: side');
    assert.deepEqual(shown(run(text)), [[PRIV, 26]]);
  });

  it('file-wide comment covers every document of the file', () => {
    const text = `# kubeward-ignore-file k8s/privileged-container -- lab cluster\n${POD}---\n${POD}`;
    const r = run(text);
    assert.deepEqual(shown(r), []);
    assert.equal(r.suppressed!.length, 4);
    assert.ok(r.suppressed!.every((f) => f.suppressed!.kind === 'file' && f.suppressed!.reason === 'lab cluster'));
  });

  it('annotation on the object covers the whole object', () => {
    const r = run(withAnnotations('    kubeward.io/ignore.k8s.privileged-container: "node agent"\n'));
    assert.deepEqual(shown(r), []);
    assert.deepEqual(r.suppressed!.map((f) => [f.suppressed!.kind, f.suppressed!.reason]), [['annotation', 'node agent'], ['annotation', 'node agent']]);
  });

  it('annotation with a container scope covers only that container', () => {
    const r = run(withAnnotations('    kubeward.io/ignore.k8s.privileged-container.side: "debug tools"\n'));
    assert.deepEqual(shown(r), [[PRIV, 18]]);
    assert.equal(r.suppressed!.length, 1);
    assert.equal(r.suppressed![0].range.start.line, 25);
  });

  it("annotation on a Deployment's pod template works, with a hint that explains the scope", () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations:
        kubeward.io/ignore.k8s.privileged-container: "vendor chart"
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: web
          image: nginx${DIGEST}
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]
            privileged: true
`;
    const r = run(deployment);
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity, f.range.start.line]), [['kubeward/suppression-scope', 'info', 10]]);
    assert.match(r.findings[0].message, /pod template's annotations: kubeward applies it to the whole Deployment, and Kubernetes copies it onto every Pod/);
    assert.equal(r.suppressed!.length, 1);
  });

  it('JSON manifests take the annotation form', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { 'kubeward.io/ignore.k8s.privileged-container': 'ok' } }, spec: { containers: [{ name: 'c', image: 'x' + DIGEST, securityContext: { privileged: true } }] } }, null, 2);
    const r = run(json, {}, '/ws/pod.json');
    assert.equal(r.findings.some((f) => f.ruleId === PRIV), false);
    assert.equal(r.suppressed!.filter((f) => f.ruleId === PRIV).length, 1);
  });
});

describe("peers' suppression syntaxes", () => {
  const objectWide = (annotation: string) => {
    const r = run(withAnnotations(annotation));
    return { shown: shown(r), suppressed: (r.suppressed ?? []).map((f) => [f.ruleId, f.suppressed!.syntax, f.suppressed!.reason ?? null]) };
  };

  it('kube-linter ignore-check annotation', () => {
    assert.deepEqual(objectWide('    ignore-check.kube-linter.io/privileged-container: "approved"\n'), { shown: [], suppressed: [[PRIV, 'kube-linter', 'approved'], [PRIV, 'kube-linter', 'approved']] });
  });

  it('Checkov skip annotation (ID=reason)', () => {
    assert.deepEqual(objectWide('    checkov.io/skip1: CKV_K8S_16=needs host devices\n'), { shown: [], suppressed: [[PRIV, 'checkov', 'needs host devices'], [PRIV, 'checkov', 'needs host devices']] });
  });

  it('Polaris exemption annotation ("true" only)', () => {
    assert.deepEqual(objectWide('    polaris.fairwinds.com/runAsPrivileged-exempt: "true"\n'), { shown: [], suppressed: [[PRIV, 'polaris', null], [PRIV, 'polaris', null]] });
    assert.deepEqual(objectWide('    polaris.fairwinds.com/runAsPrivileged-exempt: "false"\n').shown, [[PRIV, 18], [PRIV, 25]]);
  });

  it('an unmapped peer check is left to the peer: no effect, no diagnostic', () => {
    assert.deepEqual(objectWide('    ignore-check.kube-linter.io/no-anti-affinity: "n/a"\n').shown, [[PRIV, 18], [PRIV, 25]]);
  });

  it('Checkov comment (file-wide) and Trivy comment (next line) in YAML', () => {
    const checkov = run(`# checkov:skip=CKV_K8S_16:lab only\n${POD}`);
    assert.deepEqual(shown(checkov), []);
    assert.equal(checkov.suppressed![0].suppressed!.reason, 'lab only');
    for (const id of ['KSV017', 'AVD-KSV-0017', 'KSV-0017']) {
      const trivy = run(POD.replace(/        privileged: true\n$/, `        #trivy:ignore:${id}\n        privileged: true\n`));
      assert.deepEqual(shown(trivy), [[PRIV, 16]], id);
      assert.equal(trivy.suppressed![0].suppressed!.syntax, 'trivy');
    }
  });
});

describe('Dockerfile comments (the suppression module is language-agnostic)', () => {
  const DOCKERFILE = `FROM alpine:3.20
# hadolint ignore=DL3002
USER root
# kubeward-ignore docker/no-root-user -- build stage only
USER 0
#trivy:ignore:DS002
USER root:root
USER root # kubeward-ignore docker/no-root-user -- not a comment in a Dockerfile
`;
  const KNOWN = new Set(['docker/no-root-user', 'docker/no-sudo']);
  const lines = new LineIndex(DOCKERFILE);
  const finding = (line: number): Finding => {
    const start = lines.offsetAt({ line, character: 0 });
    return { ruleId: 'docker/no-root-user', severity: 'warning', message: 'root', range: lines.rangeOf(start, start + 4), offset: { start, end: start + 4 }, docIndex: 0, fixes: [] };
  };
  const apply = (text: string, findings: Finding[], settings: Partial<EngineSettings> = {}) =>
    applySuppressions({ text, path: 'Dockerfile', kind: 'dockerfile', lines: new LineIndex(text), docs: [], findings, settings: { ...DEFAULT_SETTINGS, ...settings }, knownRuleIds: KNOWN });

  it('hadolint, kubeward and Trivy comments each cover the next instruction; trailing text is not a comment', () => {
    const out = apply(DOCKERFILE, [finding(2), finding(4), finding(6), finding(7)]);
    assert.deepEqual(out.suppressed.map((f) => [f.range.start.line, f.suppressed!.syntax]), [[2, 'hadolint'], [4, 'kubeward'], [6, 'trivy']]);
    assert.deepEqual(out.shown.map((f) => f.range.start.line), [7]);
    assert.deepEqual(out.problems, []);
  });

  it('hadolint global ignore and kubeward-ignore-file cover the whole file', () => {
    const text = '# hadolint global ignore=DL3002\nFROM alpine\nUSER root\n';
    const out = apply(text, [{ ...finding(0), range: new LineIndex(text).rangeOf(40, 44), offset: { start: 40, end: 44 } }]);
    assert.equal(out.suppressed[0].suppressed!.kind, 'file');
    const unused = apply('# kubeward-ignore-file docker/no-sudo -- old\nFROM alpine\n', []);
    assert.deepEqual(unused.problems.map((p) => [p.ruleId, p.message]), [['kubeward/unused-suppression', 'Unused suppression: `docker/no-sudo` reports nothing in this file.']]);
  });
});

describe('Dockerfile suppressions with the real docker/* rules', () => {
  const ids = (fs: Finding[]) => fs.map((f) => [f.ruleId, f.range.start.line]).filter(([id]) => id === 'docker/clean-package-cache' || id === 'docker/no-root-user' || String(id).startsWith('kubeward/'));

  it('without suppressions both findings show', () => {
    assert.deepEqual(ids(run('FROM alpine:3.20\nRUN apk add curl\nUSER root\n', {}, '/ws/Dockerfile').findings), [['docker/clean-package-cache', 1], ['docker/no-root-user', 2]]);
  });

  it('hadolint and kubeward comments silence them, with syntax and reason kept', () => {
    const text = 'FROM alpine:3.20\n# hadolint ignore=DL3019\nRUN apk add curl\n# kubeward-ignore docker/no-root-user -- init step needs root\nUSER root\n';
    const r = run(text, {}, '/ws/Dockerfile');
    assert.deepEqual(ids(r.findings), []);
    assert.deepEqual(r.suppressed!.map((f) => [f.ruleId, f.suppressed!.syntax, f.suppressed!.reason ?? null]), [
      ['docker/clean-package-cache', 'hadolint', null],
      ['docker/no-root-user', 'kubeward', 'init step needs root'],
    ]);
  });

  it('Trivy and Checkov comments too; validation diagnostics work in Dockerfiles', () => {
    const text = '# checkov:skip=CKV_DOCKER_3:base image decides\nFROM alpine:3.20\n#trivy:ignore:DS002\nUSER root\n# kubeward-ignore docker/no-sudoo -- x\nRUN apk add curl\n';
    const r = run(text, {}, '/ws/Dockerfile');
    assert.deepEqual(ids(r.findings), [['docker/clean-package-cache', 5], ['kubeward/unknown-rule', 4]].sort((a, b) => Number(a[1]) - Number(b[1])));
    assert.deepEqual(r.suppressed!.filter((f) => f.ruleId === 'docker/no-root-user').map((f) => f.suppressed!.syntax), ['trivy']);
    const unknown = r.findings.find((f) => f.ruleId === 'kubeward/unknown-rule')!;
    assert.equal(unknown.fixes[0].title, 'Change to `docker/no-sudo`');
  });
});

describe('suppression validation diagnostics', () => {
  const problems = (r: AnalysisResult) => r.findings.filter((f) => f.ruleId.startsWith('kubeward/'));
  const fixed = (text: string, f: Finding, title: RegExp) => applyEdits(text, f.fixes.find((x) => title.test(x.title))!.edits);

  it('unknown rule id: reported on the id, fix to the closest id or remove it', () => {
    const text = POD.replace(/        privileged: true\n$/, '        # kubeward-ignore k8s/privilege-container -- ok\n        privileged: true\n');
    const [p] = problems(run(text));
    assert.equal(p.ruleId, 'kubeward/unknown-rule');
    assert.equal(p.severity, 'warning');
    assert.equal(text.slice(p.offset.start, p.offset.end), 'k8s/privilege-container');
    assert.equal(p.message, 'Unknown rule id `k8s/privilege-container`, so this suppresses nothing. Did you mean `k8s/privileged-container`?');
    assert.deepEqual(shown(run(text)).filter(([id]) => id === PRIV), [[PRIV, 16], [PRIV, 24]], 'the typo suppresses nothing');
    const corrected = fixed(text, p, /^Change to/);
    assert.equal(corrected, POD.replace(/        privileged: true\n$/, '        # kubeward-ignore k8s/privileged-container -- ok\n        privileged: true\n'));
    assert.deepEqual(shown(run(corrected)), [[PRIV, 16]]);
    assert.equal(fixed(text, p, /^Remove/), POD);
  });

  it('unknown id in an annotation: the fix keeps the dotted annotation spelling', () => {
    const text = withAnnotations('    kubeward.io/ignore.k8s.privileged-containr: "x"\n');
    const [p] = problems(run(text));
    assert.equal(p.ruleId, 'kubeward/unknown-rule');
    assert.equal(text.slice(p.offset.start, p.offset.end), 'k8s.privileged-containr');
    assert.equal(fixed(text, p, /^Change to/), withAnnotations('    kubeward.io/ignore.k8s.privileged-container: "x"\n'));
  });

  it('malformed comment: a misspelt directive or a reason without ` -- `', () => {
    const typo = POD.replace(/        privileged: true\n$/, '        # kubeward-ignore-next-line k8s/privileged-container\n        privileged: true\n');
    const [a] = problems(run(typo));
    assert.equal(a.ruleId, 'kubeward/malformed-suppression');
    assert.equal(typo.slice(a.offset.start, a.offset.end), '# kubeward-ignore-next-line k8s/privileged-container');
    assert.equal(fixed(typo, a, /^Remove/), POD);

    const noSeparator = POD.replace(/        privileged: true\n$/, '        # kubeward-ignore k8s/privileged-container needs devices\n        privileged: true\n');
    const [b] = problems(run(noSeparator));
    assert.equal(b.ruleId, 'kubeward/malformed-suppression');
    assert.match(b.message, /put the reason after ` -- `/);
    const repaired = fixed(noSeparator, b, /Insert/);
    assert.equal(repaired, POD.replace(/        privileged: true\n$/, '        # kubeward-ignore k8s/privileged-container -- needs devices\n        privileged: true\n'));
    assert.deepEqual(problems(run(repaired)), []);
  });

  it('malformed annotation: a second `/` in the key, which Kubernetes rejects; fix rewrites it', () => {
    const text = withAnnotations('    kubeward.io/ignore.k8s/privileged-container: "x"\n');
    const [p] = problems(run(text));
    assert.equal(p.ruleId, 'kubeward/malformed-suppression');
    assert.match(p.message, /Kubernetes rejects an annotation key with a second `\/`/);
    assert.equal(fixed(text, p, /^Change to/), withAnnotations('    kubeward.io/ignore.k8s.privileged-container: "x"\n'));
  });

  it('container scope naming no container is reported', () => {
    const [p] = problems(run(withAnnotations('    kubeward.io/ignore.k8s.privileged-container.sidecar: "x"\n')));
    assert.equal(p.ruleId, 'kubeward/malformed-suppression');
    assert.equal(p.message, 'No container named `sidecar` in this Pod, so this suppresses nothing. Containers: `web`, `side`.');
  });

  it('missing reason: a warning only when requireReason is on; the placeholder does not count', () => {
    const bare = POD.replace(/        privileged: true\n$/, '        privileged: true # kubeward-ignore k8s/privileged-container\n');
    assert.deepEqual(problems(run(bare)), []);
    const [p] = problems(run(bare, { requireReason: true }));
    assert.equal(p.ruleId, 'kubeward/missing-reason');
    assert.equal(p.severity, 'warning');
    assert.equal(bare.slice(p.offset.start, p.offset.end), '# kubeward-ignore k8s/privileged-container');
    const placeholder = fixed(bare, p, /Add a reason/);
    assert.equal(placeholder, POD.replace(/        privileged: true\n$/, '        privileged: true # kubeward-ignore k8s/privileged-container -- <reason>\n'));
    assert.equal(problems(run(placeholder, { requireReason: true }))[0].ruleId, 'kubeward/missing-reason');
    assert.deepEqual(problems(run(placeholder.replace('<reason>', 'CSI driver'), { requireReason: true })), []);
    const annotation = withAnnotations('    kubeward.io/ignore.k8s.privileged-container: ""\n');
    assert.match(problems(run(annotation, { requireReason: true }))[0].message, /as the annotation value/);
  });

  it('unused suppression: on a line with no such finding, in an object, for one id of several', () => {
    const text = POD.replace('      image: nginx', '      # kubeward-ignore k8s/privileged-container -- wrong line\n      image: nginx');
    const [p] = problems(run(text));
    assert.equal(p.ruleId, 'kubeward/unused-suppression');
    assert.equal(p.message, 'Unused suppression: `k8s/privileged-container` reports nothing on line 13.');
    assert.equal(fixed(text, p, /^Remove/), POD);

    const two = POD.replace(/privileged: true\n$/, 'privileged: true # kubeward-ignore k8s/image-not-pinned, k8s/privileged-container -- ok\n');
    const [q] = problems(run(two));
    assert.equal(two.slice(q.offset.start, q.offset.end), 'k8s/image-not-pinned');
    assert.equal(fixed(two, q, /^Remove/), POD.replace(/privileged: true\n$/, 'privileged: true # kubeward-ignore k8s/privileged-container -- ok\n'));

    const second = `${POD}---\n${POD.replace('      image: nginx', '      # kubeward-ignore k8s/privileged-container -- wrong line\n      image: nginx')}`;
    const inSecond = problems(run(second));
    assert.deepEqual(inSecond.map((x) => [x.ruleId, x.docIndex, x.range.start.line]), [['kubeward/unused-suppression', 1, 36]]);

    const annotated = withAnnotations('    kubeward.io/ignore.k8s.run-as-non-root: "x"\n');
    const [r] = problems(run(annotated));
    assert.equal(r.message, 'Unused suppression: `k8s/run-as-non-root` reports nothing in this Pod.');
    assert.equal(fixed(annotated, r, /^Remove/), withAnnotations(''));
  });

  it('allowInlineSuppressions: false — nothing is suppressed and each suppression is reported', () => {
    const text = withAnnotations('    kubeward.io/ignore.k8s.privileged-container: "x"\n').replace(/privileged: true\n$/, 'privileged: true # kubeward-ignore k8s/privileged-container -- y\n');
    const r = run(text, { allowInlineSuppressions: false });
    assert.equal(r.suppressed, undefined);
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.range.start.line]), [
      ['kubeward/suppression-not-allowed', 5],
      [PRIV, 18],
      [PRIV, 25],
      ['kubeward/suppression-not-allowed', 25],
    ]);
    assert.equal(r.findings[0].message, 'Suppressions are not allowed here (`allowInlineSuppressions: false`), so this one suppresses nothing.');
    assert.ok(r.findings.filter((f) => f.ruleId.startsWith('kubeward/')).every((f) => f.fixes[0].title === 'Remove the suppression'));
  });

  it('validation quick fixes are never applied by fix-all', () => {
    const text = POD.replace('      image: nginx', '      # kubeward-ignore k8s/privileged-container -- wrong line\n      image: nginx');
    assert.ok(problems(run(text)).every((p) => p.fixes.every((f) => !f.safe)));
  });
});
