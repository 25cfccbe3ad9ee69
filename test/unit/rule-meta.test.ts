import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../rules';
import { Analyzer } from '../../server/src/engine/analyze';
import { renderCatalog, renderRuleDoc, ruleDocPath, DOCS_DIR } from '../../server/src/engine/rule-docs';
import { REPO_ROOT } from '../helpers/paths';

const CATEGORIES = ['exposure', 'images', 'cluster-config', 'patching'];

describe('rule metadata', () => {
  it('has rules at all', () => assert.ok(ALL_RULES.length >= 3));

  for (const { meta } of ALL_RULES) {
    it(`${meta.id} is well formed`, () => {
      assert.match(meta.id, /^(k8s|docker)\/[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(existsSync(join(REPO_ROOT, 'rules', `${meta.id}.ts`)), 'the id is the file path under rules/');
      assert.ok(meta.title.length > 3);
      assert.ok(CATEGORIES.includes(meta.category), `category ${meta.category}`);
      assert.ok(meta.docs.trim().length > 40, 'docs explain the risk and the fix');
      assert.match(meta.remediation, /\.$/, 'remediation is a sentence ending with "."');
      const page = join(REPO_ROOT, ruleDocPath(meta.id));
      assert.ok(existsSync(page), `${ruleDocPath(meta.id)} is missing: run npm run gen:docs`);
      assert.equal(readFileSync(page, 'utf8'), renderRuleDoc(meta), `${ruleDocPath(meta.id)} is stale: run npm run gen:docs`);
    });

    if (meta.examples) {
      it(`${meta.id}: the bad example is reported and the good one is not`, () => {
        const path = meta.examples!.path ?? (meta.id.startsWith('docker/') ? 'Dockerfile' : 'example.yaml');
        const run = (text: string) => new Analyzer().analyze({ text, path, settings: meta.examples!.settings }).findings.filter((f) => f.ruleId === meta.id);
        assert.ok(run(meta.examples!.bad).length > 0, 'bad example reports');
        assert.deepEqual(run(meta.examples!.good), [], 'good example is clean');
      });
    }
  }

  it('the catalog lists every rule and is current', () => {
    const catalog = join(REPO_ROOT, DOCS_DIR, 'README.md');
    assert.equal(readFileSync(catalog, 'utf8'), renderCatalog(ALL_RULES), 'docs/rules/README.md is stale: run npm run gen:docs');
  });

  it('rule ids are unique', () => {
    const ids = ALL_RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});
