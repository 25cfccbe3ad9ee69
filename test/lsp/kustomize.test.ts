import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lsp-client';
import { REAL_CORPUS } from '../helpers/paths';

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
});
