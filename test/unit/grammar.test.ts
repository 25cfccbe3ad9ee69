import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/paths';

interface Grammar {
  scopeName: string;
  injectionSelector: string;
  repository: Record<string, { match: string; captures: Record<string, { name?: string }> }>;
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[]; yamlValidation: { url: string }[]; jsonValidation: { url: string }[] };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
};

describe('contributions for configuration and suppressions', () => {
  const contribution = pkg.contributes.grammars.find((g) => g.scopeName === 'kubeward.suppression.injection')!;
  const grammar = JSON.parse(readFileSync(join(REPO_ROOT, contribution.path), 'utf8')) as Grammar;

  it('the injection grammar is contributed to YAML and Dockerfiles and selects their comments', () => {
    assert.deepEqual(contribution.injectTo, ['source.yaml', 'source.dockerfile']);
    assert.equal(grammar.scopeName, contribution.scopeName);
    assert.match(grammar.injectionSelector, /comment\.line\.number-sign\.yaml/);
    assert.match(grammar.injectionSelector, /comment\.line\.number-sign\.dockerfile/);
  });

  it('captures the directive, the rule ids and the reason (the patterns are plain enough for JS and Oniguruma alike)', () => {
    const directive = new RegExp(grammar.repository.directive.match);
    const m = directive.exec('# kubeward-ignore k8s/privileged-container, docker/no-sudo -- needs /dev/fuse')!;
    assert.equal(m[1], 'kubeward-ignore');
    assert.equal(m[2], 'k8s/privileged-container, docker/no-sudo');
    assert.equal(m[3], '--');
    assert.equal(m[4], 'needs /dev/fuse');
    assert.equal(grammar.repository.directive.captures['4'].name, 'string.unquoted.reason.kubeward');
    assert.equal(directive.exec('# kubeward-ignore-file docker/no-root-user')![1], 'kubeward-ignore-file');
    const annotation = new RegExp(grammar.repository.annotation.match).exec('kubeward.io/ignore.k8s.privileged-container.web')!;
    assert.deepEqual([annotation[3], annotation[5]], ['k8s.privileged-container', 'web']);
  });

  it('the config schema is contributed for YAML and JSON config files; untrusted support is limited', () => {
    assert.equal(pkg.contributes.yamlValidation[0].url, './schemas/kubeward-config.schema.json');
    assert.equal(pkg.contributes.jsonValidation[0].url, './schemas/kubeward-config.schema.json');
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    // A cloned repository's .vscode/settings.json may not vouch for its own images either.
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('kubeward.trustedRegistries'));
  });
});
