import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { NAMED_KUSTOMIZATION_TREE } from '../helpers/kustomize-tree';
import { LspTestClient } from '../helpers/lsp-client';
import { REAL_CORPUS } from '../helpers/paths';
import { tempTree } from '../helpers/cli';

// The language server on the springboot example (read in place): base/deployment.yaml:17 `- name: sbdemo` has no
// resources (the rule points at its `name` key, as without Kustomize); overlays/production/memorylimit_patch.yaml gives it a memory limit, overlays/staging does not.
const ROOT = join(REAL_CORPUS, 'kustomize', 'kustomize-examples', 'examples', 'springboot');
const BASE = join(ROOT, 'base', 'deployment.yaml');
const PATCH = join(ROOT, 'overlays', 'production', 'healthcheck_patch.yaml');

describe('language server: Kustomize trees', () => {
  it('without kubectl: a patch file has no false alarm, the base file is judged as written', async () => {
    const client = new LspTestClient();
    client.settings = { kustomize: { kubectlPath: join(ROOT, 'no-such-kubectl') } };
    await client.initialize(true, undefined, [ROOT]);
    try {
      const patch = client.diagnostics(pathToFileURL(PATCH).href);
      await client.open(pathToFileURL(PATCH).href, readFileSync(PATCH, 'utf8'));
      assert.deepEqual((await patch).diagnostics, []);
      const base = client.diagnostics(pathToFileURL(BASE).href);
      await client.open(pathToFileURL(BASE).href, readFileSync(BASE, 'utf8'));
      const limits = (await base).diagnostics.find((d) => d.code === 'k8s/resource-limits-missing');
      assert.deepEqual(limits?.range.start, { line: 16, character: 10 });
      assert.doesNotMatch(limits!.message, /kustomize/);
    } finally {
      await client.stop();
    }
  });

  it('a secretGenerator env file beside the kustomization is read from disk when no build runs', async () => {
    const root = tempTree({ 'app/kustomization.yaml': 'secretGenerator:\n- name: db\n  envs:\n  - db.env\n', 'app/db.env': 'A=1\nB=2\n' });
    const file = join(root, 'app', 'kustomization.yaml');
    const client = new LspTestClient();
    client.settings = { kustomize: { build: false } };
    await client.initialize(true, undefined, [root]);
    try {
      const published = client.diagnostics(pathToFileURL(file).href);
      await client.open(pathToFileURL(file).href, readFileSync(file, 'utf8'));
      // Line 4 `  - db.env`: the scalar at 0-based character 4, 6 characters long.
      assert.deepEqual((await published).diagnostics.map((d) => [d.code, d.range.start, d.range.end, /2 values from db\.env/.test(d.message)]), [
        ['k8s/secret-data-in-manifest', { line: 3, character: 4 }, { line: 3, character: 10 }, true],
      ]);
    } finally {
      await client.stop();
    }
  });

  describe('with kubectl', () => {
    let client: LspTestClient;
    before(async () => {
      client = new LspTestClient();
      client.settings = { kustomize: { kubectlPath: 'kubectl' } };
      await client.initialize(true, { workspaceTrusted: true }, [ROOT]);
    });
    after(() => client.stop());

    it('publishes at once, then the built findings when the build is done: the base finding names the overlay it affects', async () => {
      const uri = pathToFileURL(BASE).href;
      const built = client.diagnostics(uri, (p) => p.diagnostics.some((d) => /kustomize build/.test(d.message)), 60_000);
      await client.open(uri, readFileSync(BASE, 'utf8'));
      const { diagnostics } = await built;
      const limits = diagnostics.find((d) => d.code === 'k8s/resource-limits-missing');
      assert.deepEqual(limits?.range, { start: { line: 16, character: 10 }, end: { line: 16, character: 14 } });
      assert.match(limits!.message, /\(kustomize build: overlays\/staging\)$/);
      assert.deepEqual(limits!.relatedInformation?.map((r) => r.location.uri), [pathToFileURL(join(ROOT, 'overlays', 'staging', 'kustomization.yaml')).href]);
    });
  });
  it('saving a patch rebuilds its tree: the finding lands on the patch, and meanwhile the base shows its last build, not a false alarm', async () => {
    const root = tempTree(NAMED_KUSTOMIZATION_TREE);
    const base = pathToFileURL(join(root, 'base', 'deployment.yaml')).href;
    const patchFile = join(root, 'overlay', 'patch.yaml');
    const patch = pathToFileURL(patchFile).href;
    const client = new LspTestClient();
    client.settings = { kustomize: { kubectlPath: 'kubectl' } };
    await client.initialize(true, { workspaceTrusted: true }, [pathToFileURL(root).href]);
    try {
      const built = client.diagnostics(base, (p) => p.diagnostics.some((d) => /kustomize build/.test(d.message)), 60_000);
      await client.open(base, NAMED_KUSTOMIZATION_TREE['base/deployment.yaml']);
      assert.ok(!(await built).diagnostics.some((d) => d.code === 'k8s/privileged-container'), 'the overlay turns privileged off');
      const patchBuilt = client.diagnostics(patch, (p) => p.diagnostics.some((d) => /kustomize build/.test(d.message)), 60_000);
      await client.open(patch, NAMED_KUSTOMIZATION_TREE['overlay/patch.yaml']);
      await patchBuilt;

      // The user sets privileged back to true in the patch and saves: builds read the saved file.
      const text = NAMED_KUSTOMIZATION_TREE['overlay/patch.yaml'].replace('privileged: false', 'privileged: true');
      await client.change(patch, text, 2);
      writeFileSync(patchFile, text);
      const publishedBefore = client.published.length;
      const rebuilt = client.diagnostics(patch, (p) => p.diagnostics.some((d) => d.code === 'k8s/privileged-container' && /kustomize build/.test(d.message)), 60_000);
      await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: patch } });
      const privileged = (await rebuilt).diagnostics.find((d) => d.code === 'k8s/privileged-container');
      // overlay/patch.yaml line 11 is `          privileged: true`: the patch wrote the value, so the finding is its.
      assert.deepEqual(privileged?.range.start, { line: 10, character: 10 });
      assert.match(privileged!.message, /\(kustomize build: overlay\)$/);
      // While kubectl ran, the base (unchanged on disk) kept its last build's findings: judged as written, it would
      // have flashed the privileged: true that the overlay's patch overrides.
      const baseMeanwhile = client.published.slice(publishedBefore).filter((p) => p.uri === base);
      assert.ok(!baseMeanwhile.some((p) => p.diagnostics.some((d) => d.code === 'k8s/privileged-container')), JSON.stringify(baseMeanwhile.map((p) => p.diagnostics.map((d) => d.code))));
    } finally {
      await client.stop();
    }
  });
});
