import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isFromTrustedRegistry, parseImageRef } from '../../rules/_lib/images';
import { applyFix, at, findings, ofRule, underlined } from '../helpers/engine';

const pod = (container: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n${container}`;

describe('image references', () => {
  it('splits registry, repository, tag and digest like the runtime', () => {
    assert.deepEqual(parseImageRef('nginx'), { registry: undefined, effectiveRegistry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined, registrySpan: undefined, tagSpan: undefined });
    const r = parseImageRef('localhost:5000/team/app:1.2@sha256:' + 'a'.repeat(64))!;
    assert.equal(r.registry, 'localhost:5000');
    assert.equal(r.repository, 'team/app');
    assert.equal(r.tag, '1.2');
    assert.deepEqual(r.tagSpan, [24, 27]);
    assert.equal(parseImageRef('bitnami/redis:7')!.effectiveRegistry, 'docker.io');
    assert.equal(parseImageRef('$(IMAGE)'), undefined);
  });

  it('matches trusted registries by host, path prefix and wildcard', () => {
    const trusted = ['ghcr.io/acme', '*.dkr.ecr.eu-west-1.amazonaws.com', 'docker.io/library'];
    assert.equal(isFromTrustedRegistry(parseImageRef('ghcr.io/acme/api:1')!, trusted), true);
    assert.equal(isFromTrustedRegistry(parseImageRef('ghcr.io/acmeevil/api:1')!, trusted), false);
    assert.equal(isFromTrustedRegistry(parseImageRef('123.dkr.ecr.eu-west-1.amazonaws.com/x:1')!, trusted), true);
    assert.equal(isFromTrustedRegistry(parseImageRef('nginx:1.27')!, trusted), true);
    assert.equal(isFromTrustedRegistry(parseImageRef('bitnami/redis:7')!, trusted), false);
  });
});

describe('k8s/image-mutable-tag', () => {
  const id = 'k8s/image-mutable-tag';

  it('underlines `latest` inside the reference, quoted or not', () => {
    const text = pod('    image: "nginx:latest"\n');
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), 'latest');
    assert.deepEqual(at(f), [7, 18, 7, 24]);
    assert.match(f.message, /container "app" uses image "nginx:latest" with the "latest" tag/);
  });

  it('underlines the whole reference when there is no tag, in every container kind', () => {
    const text = `apiVersion: batch/v1
kind: CronJob
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers: [{name: init, image: busybox}]
          containers:
          - name: main
            image: registry.example.com:5000/tools/job # no tag
`;
    const found = ofRule(text, id);
    assert.deepEqual(found.map((f) => underlined(text, f)), ['busybox', 'registry.example.com:5000/tools/job']);
    assert.match(found[0].message, /^initContainer "init"/);
  });

  it('accepts versions and digests, and skips templated images', () => {
    assert.deepEqual(ofRule(pod('    image: nginx:1.27.3\n'), id), []);
    assert.deepEqual(ofRule(pod(`    image: nginx@sha256:${'0'.repeat(64)}\n`), id), []);
    assert.deepEqual(ofRule(pod(`    image: nginx:latest@sha256:${'0'.repeat(64)}\n`), id), []);
    assert.deepEqual(ofRule(pod('    image: ${IMAGE}\n'), id), []);
  });

  it('works on JSON', () => {
    const json = '{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"a","image":"redis:latest"}]}}';
    const [f] = ofRule(json, id, 'p.json');
    assert.equal(underlined(json, f), 'latest');
  });
});

describe('k8s/image-pull-policy', () => {
  const id = 'k8s/image-pull-policy';

  it('replaces an explicit IfNotPresent, keeping quotes and comments', () => {
    const text = pod("    image: shop/web:1.4\n    imagePullPolicy: 'IfNotPresent' # cached\n");
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), "imagePullPolicy: 'IfNotPresent'");
    assert.equal(f.fixes[0].safe, true);
    assert.equal(applyFix(text, f), pod("    image: shop/web:1.4\n    imagePullPolicy: 'Always' # cached\n"));
  });

  it('adds the field when the default would be IfNotPresent', () => {
    const text = pod('    image: shop/web:1.4\n    ports: [{containerPort: 80}]\n');
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), 'shop/web:1.4');
    assert.equal(f.fixes[0].title, 'Add imagePullPolicy: Always');
    assert.equal(applyFix(text, f), pod('    image: shop/web:1.4\n    ports: [{containerPort: 80}]\n    imagePullPolicy: Always\n'));
  });

  it('offers, but does not apply in fix-all, replacing Never', () => {
    const [f] = ofRule(pod('    image: shop/web:1.4\n    imagePullPolicy: Never\n'), id);
    assert.equal(f.fixes[0].safe, false);
    assert.match(f.fixes[0].title, /pods then need the registry at start/);
  });

  it('is quiet for Always, for latest/no tag without a policy (defaults to Always) and for digests', () => {
    assert.deepEqual(ofRule(pod('    image: shop/web:1.4\n    imagePullPolicy: Always\n'), id), []);
    assert.deepEqual(ofRule(pod('    image: shop/web\n'), id), []);
    assert.deepEqual(ofRule(pod(`    image: shop/web:1.4@sha256:${'1'.repeat(64)}\n    imagePullPolicy: IfNotPresent\n`), id), []);
  });

  it('reads the policy through a merge key, and offers no fix into a merged map', () => {
    const merged = `apiVersion: v1
kind: Pod
spec:
  containers:
  - &base {name: a, image: shop/web:1.4, imagePullPolicy: Always}
  - <<: *base
    name: b
`;
    assert.deepEqual(ofRule(merged, id), []);
    const noPolicy = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - &base {name: a, image: x/y:1}\n  - <<: *base\n    name: b\n    image: x/z:2\n';
    const found = ofRule(noPolicy, id);
    assert.equal(found.length, 2);
    assert.equal(found[0].fixes.length, 1);
    assert.deepEqual(found[1].fixes, []);
  });
});

describe('k8s/image-registry', () => {
  const id = 'k8s/image-registry';
  const run = (text: string, trustedRegistries: string[]) => findings(text, 'p.yaml', { settings: { trustedRegistries } }).filter((f) => f.ruleId === id);

  it('is off while trustedRegistries is empty', () => {
    assert.deepEqual(run(pod('    image: evil.example/x:1\n'), []), []);
  });

  it('underlines the registry host, or the whole reference for Docker Hub', () => {
    const text = pod('    image: evil.example/x:1\n  - name: hub\n    image: redis:7\n  - name: ok\n    image: ghcr.io/acme/api:2\n');
    const found = run(text, ['ghcr.io/acme']);
    assert.deepEqual(found.map((f) => underlined(text, f)), ['evil.example', 'redis:7']);
    assert.match(found[1].message, /from docker\.io, which is not in trustedRegistries/);
  });
});
