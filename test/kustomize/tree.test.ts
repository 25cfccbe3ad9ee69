import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { isRemoteRef, parseKustomization } from '../../server/src/engine/kustomize';
import { DEFAULT_SETTINGS } from '../../server/src/engine/types';
import { analyzeTree, DEFAULT_KUSTOMIZE_OPTIONS, type TreeAnalysis } from '../../server/src/node/kustomize';
import { tempTree } from '../helpers/cli';
import { WEB_NON_ROOT_PATCH, webDeployment } from '../helpers/manifests';

// A small tree written for these tests: a base Deployment with no pod securityContext, an overlay whose patch sets
// runAsNonRoot: true (fixing the base's finding), one that changes nothing, and one whose patches write
// privileged: true (a file patch and an inline patch) and change the image tag.
const BASE = webDeployment();
const FIX = WEB_NON_ROOT_PATCH;
const PRIVILEGED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          securityContext:
            privileged: true
`;
const FILES = {
  'base/kustomization.yaml': 'resources:\n- deployment.yaml\n',
  'base/deployment.yaml': BASE,
  'overlays/fixed/kustomization.yaml': 'resources:\n- ../../base\npatches:\n- path: non-root.yaml\n',
  'overlays/fixed/non-root.yaml': FIX,
  'overlays/plain/kustomization.yaml': 'resources:\n- ../../base\nnamePrefix: plain-\n',
  'overlays/risky/kustomization.yaml': `resources:
- ../../base
patches:
- path: privileged.yaml
- target:
    kind: Deployment
    name: web
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          hostPID: true
images:
- name: registry.example.com/web
  newTag: latest
`,
  'overlays/risky/privileged.yaml': PRIVILEGED,
};

function lines(analyzer: Analyzer, tree: TreeAnalysis, rule?: RegExp): string[] {
  const out: string[] = [];
  for (const rel of Object.keys(FILES)) {
    const file = join(tree.root, rel);
    const text = readFileSync(file, 'utf8');
    for (const f of analyzer.analyze({ text, path: file, settings: DEFAULT_SETTINGS, kustomize: tree.inputs.get(file) }).findings) {
      if (!rule || rule.test(f.ruleId)) out.push(`${relative(tree.root, file)}:${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.ruleId}`);
    }
  }
  return out.sort();
}

describe('Kustomize model', () => {
  it('reads resources, components, every patch form, images and name changes', () => {
    const k = parseKustomization(`kind: Component
resources: [a.yaml, ../base, "github.com/org/repo//deploy?ref=v1"]
bases: [https://example.com/x.yaml]
components: [../c]
patches:
- path: p.yaml
  target: {kind: Deployment, name: "web.*"}
- patch: |-
    - op: remove
      path: /spec/replicas
patchesStrategicMerge: [smp.yaml]
patchesJson6902:
- target: {kind: Service, name: s}
  path: ops.yaml
images:
- name: nginx
  newTag: "1.27"
  digest: sha256:abc
namespace: prod
namePrefix: p-
nameSuffix: -s
`)!;
    assert.equal(k.component, true);
    assert.deepEqual(k.resources.map((r) => [r.value, r.remote]), [['a.yaml', false], ['../base', false], ['github.com/org/repo//deploy?ref=v1', true], ['https://example.com/x.yaml', true]]);
    assert.deepEqual(k.components.map((r) => r.value), ['../c']);
    assert.deepEqual(k.patches.map((p) => p.path?.value ?? 'inline'), ['p.yaml', 'inline', 'ops.yaml', 'smp.yaml']);
    assert.deepEqual(k.patches[0].target, { kind: 'Deployment', name: 'web.*' });
    assert.deepEqual([k.images[0].name?.value, k.images[0].newTag?.value, k.images[0].digest?.value], ['nginx', '1.27', 'sha256:abc']);
    assert.deepEqual([k.namespace?.value, k.namePrefix?.value, k.nameSuffix?.value], ['prod', 'p-', '-s']);
  });

  it('tells remote references from local paths', () => {
    for (const r of ['https://github.com/a/b', 'git@github.com:a/b.git', 'github.com/a/b/deploy?ref=main', 'ssh://git@host/x', 'gitlab.com/a/b']) assert.equal(isRemoteRef(r), true, r);
    for (const r of ['../base', 'deployment.yaml', './overlays/prod', 'base.github.yaml']) assert.equal(isRemoteRef(r), false, r);
  });
});

describe('Kustomize tree written for the test', () => {
  const analyzer = new Analyzer();

  it('without kubectl: patches report only what they write (privileged, hostPID, the latest tag)', async () => {
    const root = tempTree(FILES);
    const tree = await analyzeTree(root, analyzer, DEFAULT_SETTINGS, { ...DEFAULT_KUSTOMIZE_OPTIONS, kubectlPath: join(root, 'missing-kubectl') });
    const all = lines(analyzer, tree);
    // non-root.yaml writes runAsNonRoot: true only: nothing. privileged.yaml:11 `privileged: true`.
    assert.deepEqual(all.filter((l) => l.startsWith('overlays/')), [
      'overlays/risky/kustomization.yaml:19:11-19:17 k8s/image-mutable-tag',
      'overlays/risky/kustomization.yaml:19:3-19:17 k8s/image-not-pinned',
      'overlays/risky/privileged.yaml:11:13-11:29 k8s/privileged-container',
    ]);
    // The inline patch is not judged without a build (it is text inside the kustomization).
    assert.ok(all.some((l) => l.startsWith('base/deployment.yaml:7:5-7:9 k8s/run-as-non-root')), all.join('\n'));
  });

  it('with kubectl: the fixed overlay drops the base finding, the risky one carries its own on its patches', async () => {
    const root = tempTree(FILES);
    const tree = await analyzeTree(root, analyzer, DEFAULT_SETTINGS, DEFAULT_KUSTOMIZE_OPTIONS);
    assert.deepEqual(tree.failed, []);
    assert.deepEqual(tree.built.map((d) => relative(root, d)).sort(), ['overlays/fixed', 'overlays/plain', 'overlays/risky']);
    const file = join(root, 'base/deployment.yaml');
    const nonRoot = analyzer.analyze({ text: BASE, path: file, settings: DEFAULT_SETTINGS, kustomize: tree.inputs.get(file) }).findings.find((f) => f.ruleId === 'k8s/run-as-non-root');
    // base/deployment.yaml:7 `    spec:` (the pod spec): plain and risky lack runAsNonRoot, fixed sets it.
    assert.deepEqual(nonRoot?.range, { start: { line: 6, character: 4 }, end: { line: 6, character: 8 } });
    assert.match(nonRoot!.message, /\(kustomize builds: overlays\/plain, overlays\/risky\)$/);
    assert.deepEqual(lines(analyzer, tree, /privileged|host-namespaces|image-mutable-tag/), [
      // The inline patch's `hostPID: true`, line 16 of the kustomization (its 8th line, indented by 4).
      'overlays/risky/kustomization.yaml:16:11-16:24 k8s/host-namespaces',
      // The images: entry's `newTag: latest` (line 19): kustomize turns the base's pinned `web:1.0@sha256:…` into
      // `web:latest`, dropping the digest (checked with kubectl kustomize), so the tag finding lands on the entry.
      'overlays/risky/kustomization.yaml:19:11-19:17 k8s/image-mutable-tag',
      'overlays/risky/privileged.yaml:11:13-11:29 k8s/privileged-container',
    ]);
  });
});
