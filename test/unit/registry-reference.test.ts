import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { manifestImages } from '../../server/src/engine/images';
import { parseChallenges, readDockerCredentials } from '../../server/src/registry/auth';
import { parseImageReference, registryMatches, schemeFor } from '../../server/src/registry/reference';
import { pinEdit, pinTargets } from '../../server/src/registry/pin-targets';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('image reference normalisation (as Docker does it)', () => {
  const cases: [string, string, string, string, string, boolean][] = [
    // written, registry, apiHost, repository, tag, tagWritten
    ['nginx', 'docker.io', 'registry-1.docker.io', 'library/nginx', 'latest', false],
    ['nginx:1.27', 'docker.io', 'registry-1.docker.io', 'library/nginx', '1.27', true],
    ['bitnami/redis:7.2', 'docker.io', 'registry-1.docker.io', 'bitnami/redis', '7.2', true],
    ['docker.io/nginx', 'docker.io', 'registry-1.docker.io', 'library/nginx', 'latest', false],
    ['index.docker.io/library/nginx:1', 'docker.io', 'registry-1.docker.io', 'library/nginx', '1', true],
    ['localhost:5000/x', 'localhost:5000', 'localhost:5000', 'x', 'latest', false],
    ['localhost/app:dev', 'localhost', 'localhost', 'app', 'dev', true],
    ['registry.example.com:8443/team/app:v1.2.3', 'registry.example.com:8443', 'registry.example.com:8443', 'team/app', 'v1.2.3', true],
    ['ghcr.io/org/sub/app:2024-01', 'ghcr.io', 'ghcr.io', 'org/sub/app', '2024-01', true],
  ];
  for (const [written, registry, apiHost, repository, tag, tagWritten] of cases) {
    it(written, () => {
      const ref = parseImageReference(written)!;
      assert.deepEqual(
        { registry: ref.registry, apiHost: ref.apiHost, repository: ref.repository, tag: ref.tag, tagWritten: ref.tagWritten, digest: ref.digest },
        { registry, apiHost, repository, tag, tagWritten, digest: undefined },
      );
      assert.equal(ref.canonical, `${registry}/${repository}:${tag}`);
    });
  }

  it('keeps the tag and the digest of name:tag@digest', () => {
    const ref = parseImageReference(`localhost:5000/app:1.0@${DIGEST}`)!;
    assert.deepEqual([ref.registry, ref.repository, ref.tag, ref.digest], ['localhost:5000', 'app', '1.0', DIGEST]);
  });

  it('rejects what Docker would: variables, templates, upper case, spaces, empty parts', () => {
    for (const bad of ['${IMAGE}', '$REPO/app:1', '{{ .Values.image }}', 'Nginx:1', 'nginx:1 2', 'nginx:', ':1', 'a//b', 'nginx@sha256:xyz', '']) {
      assert.equal(parseImageReference(bad), undefined, bad);
    }
  });

  it('talks plain HTTP only to loopback and listed insecure registries', () => {
    assert.equal(schemeFor('localhost:5000', []), 'http');
    assert.equal(schemeFor('127.0.0.1:41234', []), 'http');
    assert.equal(schemeFor('docker.io', []), 'https');
    assert.equal(schemeFor('registry.lan:5000', []), 'https');
    assert.equal(schemeFor('registry.lan:5000', ['registry.lan']), 'http');
    assert.equal(schemeFor('registry.lan:5000', ['registry.lan:6000']), 'https');
  });

  it('matches allow-list patterns: host, host:port, wildcard subdomain, *', () => {
    assert.equal(registryMatches('ghcr.io', 'ghcr.io'), true);
    assert.equal(registryMatches('registry.lan:5000', 'registry.lan'), true);
    assert.equal(registryMatches('registry.lan:5000', 'registry.lan:5001'), false);
    assert.equal(registryMatches('eu.gcr.io', '*.gcr.io'), true);
    assert.equal(registryMatches('gcr.io', '*.gcr.io'), false);
    assert.equal(registryMatches('docker.io', '*'), true);
    assert.equal(registryMatches('evil-ghcr.io', 'ghcr.io'), false);
  });
});

describe('registry auth helpers', () => {
  it('parses a bearer challenge with quoted, comma-separated parameters', () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
  });

  it('parses two challenges in one header', () => {
    assert.deepEqual(parseChallenges('Basic realm="reg", Bearer realm="https://t/x",service=svc'), [
      { scheme: 'basic', params: { realm: 'reg' } },
      { scheme: 'bearer', params: { realm: 'https://t/x', service: 'svc' } },
    ]);
  });

  it('reads basic credentials from Docker config auths, Docker Hub under its legacy key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeward-dockercfg-'));
    try {
      const path = join(dir, 'config.json');
      writeFileSync(
        path,
        JSON.stringify({
          auths: {
            'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hub:pw').toString('base64') },
            'http://registry.lan:5000/v2/': { username: 'u', password: 'p' },
            'ghcr.io': {},
          },
          credsStore: 'desktop',
        }),
      );
      const creds = readDockerCredentials(path);
      assert.deepEqual([...creds.entries()], [
        ['docker.io', { username: 'hubuser', password: 'hub:pw' }],
        ['registry.lan:5000', { username: 'u', password: 'p' }],
      ]);
      assert.equal(readDockerCredentials(join(dir, 'missing.json')).size, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('images in manifests', () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: c
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: main
              image: "nginx:1.27"
          initContainers:
            - name: init
              image: busybox
          ephemeralContainers:
            - name: debug
              image: alpine:3.20@${DIGEST}
---
apiVersion: v1
kind: ConfigMap
data:
  image: not-a-container
`;

  it('finds container, initContainer and ephemeralContainer images with offsets inside the quotes', () => {
    const found = manifestImages(text).map((o) => ({ text: o.text, at: text.slice(o.start, o.end), where: o.where }));
    assert.deepEqual(found, [
      { text: 'nginx:1.27', at: 'nginx:1.27', where: 'container "main"' },
      { text: 'busybox', at: 'busybox', where: 'initContainer "init"' },
      { text: `alpine:3.20@${DIGEST}`, at: `alpine:3.20@${DIGEST}`, where: 'ephemeralContainer "debug"' },
    ]);
  });

  it('pins only images without a digest, appending @digest (and :latest when no tag was written)', () => {
    const targets = pinTargets(text, 'cron.yaml');
    assert.deepEqual(targets.map((t) => t.occurrence.text), ['nginx:1.27', 'busybox']);
    const [nginx, busybox] = targets.map((t) => pinEdit(t, DIGEST));
    let out = text.slice(0, busybox.start) + busybox.newText + text.slice(busybox.end);
    out = out.slice(0, nginx.start) + nginx.newText + out.slice(nginx.end);
    assert.equal(out, text.replace('image: "nginx:1.27"', `image: "nginx:1.27@${DIGEST}"`).replace('image: busybox', `image: busybox:latest@${DIGEST}`));
  });
});

describe('images in Dockerfiles', () => {
  const dockerfile = `# syntax=docker/dockerfile:1
ARG BASE=python:3.12-slim
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN go build ./...
FROM build AS test
FROM \${BASE}
FROM scratch
FROM localhost:5000/tools:2.0@${DIGEST} AS tools
FROM registry.example.com:8443/team/app:v1
COPY --from=build /out /app
`;

  it('finds FROM images (an ARG-built one in the ARG default); skips stage aliases, scratch and pinned images', () => {
    const found = pinTargets(dockerfile, 'Dockerfile').map((t) => ({ text: t.occurrence.text, at: dockerfile.slice(t.occurrence.start, t.occurrence.end), where: t.occurrence.where }));
    assert.deepEqual(found, [
      { text: 'python:3.12-slim', at: 'python:3.12-slim', where: 'FROM of stage 3 (ARG default)' },
      { text: 'golang:1.22', at: 'golang:1.22', where: 'FROM of stage "build"' },
      { text: 'registry.example.com:8443/team/app:v1', at: 'registry.example.com:8443/team/app:v1', where: 'FROM of stage 6' },
    ]);
  });

  it('pins `FROM ${BASE}` in the ARG default, once for every stage that uses it', () => {
    const text = 'ARG BASE=alpine:3.20\nFROM ${BASE} AS one\nFROM $BASE\n';
    const [target, ...rest] = pinTargets(text, 'Dockerfile');
    assert.equal(rest.length, 0);
    assert.deepEqual(target.occurrence.uses, [
      { start: text.indexOf('${BASE}'), end: text.indexOf('${BASE}') + 7 },
      { start: text.indexOf('$BASE\n'), end: text.indexOf('$BASE\n') + 5 },
    ]);
    const e = pinEdit(target, DIGEST);
    assert.equal(text.slice(0, e.start) + e.newText + text.slice(e.end), `ARG BASE=alpine:3.20@${DIGEST}\nFROM \${BASE} AS one\nFROM $BASE\n`);
  });
});
