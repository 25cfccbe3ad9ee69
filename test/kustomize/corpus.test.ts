import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { DEFAULT_SETTINGS, type Finding } from '../../server/src/engine/types';
import { analyzeTree, DEFAULT_KUSTOMIZE_OPTIONS, type KustomizeOptions, type TreeAnalysis } from '../../server/src/node/kustomize';
import { REAL_CORPUS } from '../helpers/paths';

// Kustomize trees of the real corpus, read in place. Every expected finding below was checked by hand against the
// YAML (line numbers 1-based, as editors show them); the comments say what the line holds.
const KUSTOMIZE = join(REAL_CORPUS, 'kustomize');
const EXAMPLES = join(KUSTOMIZE, 'kustomize-examples', 'examples');
const ARGO = join(KUSTOMIZE, 'argo-cd-manifests', 'manifests');

const FALLBACK: KustomizeOptions = { ...DEFAULT_KUSTOMIZE_OPTIONS, kubectlPath: join(REAL_CORPUS, 'no-such-kubectl') };
const BUILD: KustomizeOptions = { ...DEFAULT_KUSTOMIZE_OPTIONS, kubectlPath: 'kubectl' };

/** What the audit shows for each file of a tree: `path:line:col rule`, paths relative to `root`. */
function findingsOf(analyzer: Analyzer, tree: TreeAnalysis, files: string[]): { lines: string[]; byLine: Map<string, Finding> } {
  const lines: string[] = [];
  const byLine = new Map<string, Finding>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const f of analyzer.analyze({ text, path: file, settings: DEFAULT_SETTINGS, kustomize: tree.inputs.get(file) }).findings) {
      const key = `${relative(tree.root, file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`;
      lines.push(key);
      byLine.set(key, f);
    }
  }
  return { lines: lines.sort(), byLine };
}

describe('Kustomize without kubectl: files judged as written', () => {
  const analyzer = new Analyzer();

  it('strategic-merge patches get no finding for fields they leave to the base (springboot production overlay)', async () => {
    const root = join(EXAMPLES, 'springboot');
    const tree = await analyzeTree(root, analyzer, DEFAULT_SETTINGS, FALLBACK);
    assert.equal(tree.kubectlMissing, true);
    assert.deepEqual(tree.built, []);
    const patches = ['patch.yaml', 'healthcheck_patch.yaml', 'memorylimit_patch.yaml'].map((f) => join(root, 'overlays/production', f));
    for (const p of patches) assert.equal(tree.inputs.get(p)?.patch, true, p);
    // healthcheck_patch.yaml and memorylimit_patch.yaml are partial Deployments: judged on their own they had 9 and 8
    // findings (no securityContext, no service account, …), none of which they write. patch.yaml is a ConfigMap.
    assert.deepEqual(findingsOf(analyzer, tree, patches).lines, []);
  });

  it('a patch is still judged on the values it writes', async () => {
    const ldap = await analyzeTree(join(EXAMPLES, 'ldap'), analyzer, DEFAULT_SETTINGS, FALLBACK);
    // overlays/production/deployment.yaml:12 `gcePersistentDisk:` replaces the base's emptyDir volume.
    assert.deepEqual(findingsOf(analyzer, ldap, [join(EXAMPLES, 'ldap/overlays/production/deployment.yaml')]).lines, ['overlays/production/deployment.yaml:12:11 k8s/restricted-volumes']);
    const wordpress = await analyzeTree(join(EXAMPLES, 'wordpress'), analyzer, DEFAULT_SETTINGS, FALLBACK);
    // patch.yaml:10 `image: debian` (the init container the patch adds): no tag, no digest.
    assert.deepEqual(findingsOf(analyzer, wordpress, [join(EXAMPLES, 'wordpress/patch.yaml')]).lines, ['patch.yaml:10:16 k8s/image-mutable-tag', 'patch.yaml:10:16 k8s/image-not-pinned']);
  });

  it('images: entries with newTag: latest and no digest get the image rules on the kustomization', async () => {
    const tree = await analyzeTree(ARGO, analyzer, DEFAULT_SETTINGS, FALLBACK);
    // base/commit-server/kustomization.yaml:15 `  newTag: latest` (name/newName quay.io/argoproj/argocd, no digest).
    const file = join(ARGO, 'base/commit-server/kustomization.yaml');
    const { lines, byLine } = findingsOf(analyzer, tree, [file]);
    assert.deepEqual(lines, ['base/commit-server/kustomization.yaml:15:11 k8s/image-mutable-tag', 'base/commit-server/kustomization.yaml:15:3 k8s/image-not-pinned']);
    const tag = byLine.get(lines[0])!;
    assert.equal(readFileSync(file, 'utf8').slice(tag.offset.start, tag.offset.end), 'latest');
    // base/redis/kustomization.yaml only renames redis (newName): the tag is the resource's, judged there.
    assert.deepEqual(findingsOf(analyzer, tree, [join(ARGO, 'base/redis/kustomization.yaml')]).lines, []);
  });

  it('remote resources and patches are reported as not analysed, on their line', async () => {
    const file = join(EXAMPLES, 'loadHttp/kustomization.yaml');
    const tree = await analyzeTree(join(EXAMPLES, 'loadHttp'), analyzer, DEFAULT_SETTINGS, FALLBACK);
    const { lines, byLine } = findingsOf(analyzer, tree, [file]);
    // Lines 4 and 5: the two https:// resources; line 7: `- path: https://…/patch.yaml`.
    assert.deepEqual(lines, ['kustomization.yaml:4:3 kubeward/kustomize-remote', 'kustomization.yaml:5:3 kubeward/kustomize-remote', 'kustomization.yaml:7:9 kubeward/kustomize-remote']);
    assert.equal(byLine.get(lines[0])!.severity, 'info');
    assert.match(byLine.get(lines[0])!.message, /^Remote base not analysed/);
  });
});

describe('Kustomize built with the real kubectl', () => {
  const analyzer = new Analyzer();

  before(() => {
    // These tests need kubectl with Kustomize v4 or newer; without it they fail, saying so, rather than skip.
    let version = '';
    try {
      version = execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 20_000 });
    } catch (err) {
      assert.fail(`kubectl is required for the Kustomize build tests and could not be run: ${(err as Error).message}`);
    }
    const major = Number(/Kustomize Version: v(\d+)/.exec(version)?.[1] ?? 0);
    assert.ok(major >= 4, `kubectl with Kustomize v4+ is required for the Kustomize build tests; found:\n${version}`);
  });

  it('an overlay that fixes a base finding: memorylimit_patch.yaml gives production a memory limit', async () => {
    const root = join(EXAMPLES, 'springboot');
    const tree = await analyzeTree(root, analyzer, DEFAULT_SETTINGS, BUILD);
    assert.deepEqual(tree.failed, []);
    // Only the overlays are built: nothing includes them (the base is judged through them).
    assert.deepEqual(tree.built.map((d) => relative(root, d)).sort(), ['overlays/production', 'overlays/staging']);
    const { lines, byLine } = findingsOf(analyzer, tree, [join(root, 'base/deployment.yaml'), join(root, 'overlays/production/memorylimit_patch.yaml'), join(root, 'overlays/production/healthcheck_patch.yaml')]);
    // base/deployment.yaml:17 `- name: sbdemo` (the container, no resources); 15 the pod `spec:`; 18 `image: jingfang/sbdemo`.
    const limits = byLine.get('base/deployment.yaml:17:11 k8s/resource-limits-missing');
    assert.ok(limits, lines.join('\n'));
    assert.match(limits.message, /\(kustomize build: overlays\/staging\)$/);
    assert.deepEqual(limits.related?.map((r) => relative(root, r.path)), ['overlays/staging/kustomization.yaml']);
    const root_ = byLine.get('base/deployment.yaml:15:5 k8s/run-as-non-root');
    assert.match(root_!.message, /\(kustomize builds: overlays\/production, overlays\/staging\)$/);
    assert.ok(byLine.has('base/deployment.yaml:18:18 k8s/image-mutable-tag'));
    // Nothing lands on the patches: they write probes and a memory limit, no problem.
    assert.deepEqual(lines.filter((l) => l.startsWith('overlays/')), []);
  });

  it('findings on what a patch adds land on the patch; the rest on the base file', async () => {
    const root = join(EXAMPLES, 'wordpress');
    const tree = await analyzeTree(root, analyzer, DEFAULT_SETTINGS, BUILD);
    const { lines } = findingsOf(analyzer, tree, [join(root, 'patch.yaml'), join(root, 'wordpress/deployment.yaml')]);
    // patch.yaml:9 `- name: init-command` is an init container only the patch has (10: `image: debian`);
    // wordpress/deployment.yaml:19 `- image: wordpress:4.8-apache`, 20 `name: wordpress` is the base's container.
    for (const l of ['patch.yaml:9:9 k8s/missing-security-context', 'patch.yaml:10:16 k8s/image-mutable-tag', 'wordpress/deployment.yaml:20:9 k8s/missing-security-context', 'wordpress/deployment.yaml:19:16 k8s/image-not-pinned']) {
      assert.ok(lines.includes(l), `${l} missing from\n${lines.join('\n')}`);
    }
    assert.ok(!lines.some((l) => l.startsWith('wordpress/deployment.yaml') && /init/.test(l)));
  });

  it('an images: override that sets the tag takes the image findings; a JSON 6902 remove takes what it removed', async () => {
    const tree = await analyzeTree(ARGO, analyzer, DEFAULT_SETTINGS, BUILD);
    assert.deepEqual(tree.failed, []);
    const files = ['core-install/kustomization.yaml', 'dev-tilt/kustomization.yaml', 'base/repo-server/argocd-repo-server-deployment.yaml'].map((f) => join(ARGO, f));
    const { lines, byLine } = findingsOf(analyzer, tree, files);
    // core-install/kustomization.yaml:15 `  newTag: latest` sets the tag of every argocd image core-install deploys.
    const tag = byLine.get('core-install/kustomization.yaml:15:11 k8s/image-mutable-tag');
    assert.ok(tag, lines.join('\n'));
    assert.match(tag.message, /more objects? written here/);
    // So the base file's own `image: quay.io/argoproj/argocd:latest` (lines 22, 363) is not where the tag comes from.
    assert.ok(!lines.some((l) => l.startsWith('base/repo-server/argocd-repo-server-deployment.yaml') && /image-mutable-tag/.test(l)), lines.join('\n'));
    // dev-tilt/kustomization.yaml:17 `path: /spec/template/spec/containers/0/securityContext` (op: remove, argocd-server).
    assert.match(byLine.get('dev-tilt/kustomization.yaml:17:9 k8s/missing-security-context')?.message ?? '', /container "argocd-server" has no securityContext/);
  });

  it('a kustomization that reaches a remote base is not built: only the remote notes', async () => {
    const tree = await analyzeTree(join(EXAMPLES, 'loadHttp'), analyzer, DEFAULT_SETTINGS, BUILD);
    assert.deepEqual(tree.built, []);
    assert.deepEqual(tree.failed, []);
    const { lines } = findingsOf(analyzer, tree, [join(EXAMPLES, 'loadHttp/kustomization.yaml')]);
    assert.deepEqual(lines, ['kustomization.yaml:4:3 kubeward/kustomize-remote', 'kustomization.yaml:5:3 kubeward/kustomize-remote', 'kustomization.yaml:7:9 kubeward/kustomize-remote']);
  });
});
