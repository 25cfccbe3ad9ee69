// The resolver against a real distribution registry on 127.0.0.1 (and small Node servers in front of it for bearer
// tokens, flaky answers and silence). Nothing here talks to any other address.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ResolveError } from '../../server/src/registry/errors';
import { DEFAULT_POLICY, ImageResolver, type RegistryPolicy } from '../../server/src/registry/resolver';
import {
  DOCKER_LIST,
  OCI_INDEX,
  OCI_MANIFEST,
  proxyTo,
  pushImage,
  pushIndex,
  registryToolsMissing,
  sha256,
  skopeoDigest,
  startRegistry,
  startServer,
  type Registry,
} from '../helpers/registry';

const skip = registryToolsMissing();
if (skip) process.stdout.write(`# ${skip}\n`);

const tmp = mkdtempSync(join(tmpdir(), 'kubeward-resolver-'));
// No test may read the developer's real Docker credentials.
const NO_CONFIG = join(tmp, 'no-docker-config.json');
const ON: RegistryPolicy = { ...DEFAULT_POLICY, lookup: true, dockerConfig: NO_CONFIG, timeoutMs: 5000, retries: 0 };

async function rejection(p: Promise<unknown>): Promise<ResolveError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ResolveError, `expected a ResolveError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the lookup to fail');
}

describe('resolver against a loopback docker-registry', { skip }, () => {
  let reg: Registry;
  let indexDigest: string;
  let amd64Digest: string;
  let listDigest: string;

  before(async () => {
    reg = await startRegistry();
    const amd64 = await pushImage(reg, 'library/tiny', '1.0-amd64', 'amd64');
    const arm64 = await pushImage(reg, 'library/tiny', '1.0-arm64', 'arm64');
    amd64Digest = amd64.digest;
    indexDigest = await pushIndex(reg, 'library/tiny', '1.0', [amd64, arm64]);
    await pushIndex(reg, 'library/tiny', 'latest', [amd64, arm64]);
    const d1 = await pushImage(reg, 'team/legacy', 'amd64', 'amd64', true);
    const d2 = await pushImage(reg, 'team/legacy', 'arm64', 'arm64', true);
    listDigest = await pushIndex(reg, 'team/legacy', '2.1', [d1, d2], true);
  });
  after(async () => {
    await reg?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('pins the index digest of a multi-arch tag, the one skopeo reports', async () => {
    const r = await new ImageResolver().resolve(`${reg.host}/library/tiny:1.0`, ON);
    assert.equal(r.digest, skopeoDigest(`${reg.host}/library/tiny:1.0`));
    assert.equal(r.digest, indexDigest);
    assert.notEqual(r.digest, amd64Digest);
    assert.equal(r.mediaType, OCI_INDEX);
    assert.equal(r.fromCache, false);
  });

  it('pins the manifest digest of a single-platform tag', async () => {
    const r = await new ImageResolver().resolve(`${reg.host}/library/tiny:1.0-amd64`, ON);
    assert.equal(r.digest, amd64Digest);
    assert.equal(r.digest, skopeoDigest(`${reg.host}/library/tiny:1.0-amd64`));
    assert.equal(r.mediaType, OCI_MANIFEST);
  });

  it('resolves a Docker manifest list, and `latest` when no tag is written', async () => {
    const list = await new ImageResolver().resolve(`${reg.host}/team/legacy:2.1`, ON);
    assert.equal(list.digest, listDigest);
    assert.equal(list.mediaType, DOCKER_LIST);
    const latest = await new ImageResolver().resolve(`${reg.host}/library/tiny`, ON);
    assert.equal(latest.digest, indexDigest);
    assert.equal(latest.ref.canonical, `${reg.host}/library/tiny:latest`);
  });

  it('reports a missing tag as 404, not as a digest', async () => {
    const err = await rejection(new ImageResolver().resolve(`${reg.host}/library/tiny:9.9`, ON));
    assert.equal(err.kind, 'not-found');
    assert.equal(err.message, `Tag "9.9" not found in ${reg.host}/library/tiny (HTTP 404).`);
  });

  it('hashes the body (GET) when HEAD carries no Docker-Content-Digest', async () => {
    const methods: string[] = [];
    const proxy = await startServer((req, res) => {
      methods.push(req.method!);
      proxyTo(reg.host, req, res, (h) => delete h['docker-content-digest']);
    });
    try {
      const r = await new ImageResolver().resolve(`${proxy.host}/library/tiny:1.0`, ON);
      assert.equal(r.digest, indexDigest);
      assert.deepEqual(methods, ['HEAD', 'GET']);
    } finally {
      await proxy.stop();
    }
  });

  it('answers a bearer challenge with a token from the realm, then reuses the token', async () => {
    const seen: string[] = [];
    const server = await startServer((req, res) => {
      if (req.url!.startsWith('/token')) {
        seen.push(req.url!);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: 'T0K', expires_in: 300 }));
      } else if (req.headers.authorization !== 'Bearer T0K') {
        res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${server.host}/token",service="mock.registry",scope="repository:library/tiny:pull"` }).end();
      } else proxyTo(reg.host, req, res);
    });
    try {
      const resolver = new ImageResolver();
      assert.equal((await resolver.resolve(`${server.host}/library/tiny:1.0`, ON)).digest, indexDigest);
      assert.equal((await resolver.resolve(`${server.host}/library/tiny:1.0-amd64`, ON)).digest, amd64Digest);
      assert.deepEqual(seen, ['/token?service=mock.registry&scope=repository%3Alibrary%2Ftiny%3Apull']);
    } finally {
      await server.stop();
    }
  });

  it('says "not authorised" when the registry refuses the token', async () => {
    const server = await startServer((req, res) => {
      if (req.url!.startsWith('/token')) res.writeHead(200).end('{"access_token":"WRONG"}');
      else res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${server.host}/token",service="s"` }).end();
    });
    try {
      const err = await rejection(new ImageResolver().resolve(`${server.host}/private/app:1`, ON));
      assert.equal(err.kind, 'unauthorized');
      assert.match(err.message, /^Not authorised to read 127\.0\.0\.1:\d+\/private\/app:1 \(HTTP 401\): add an "auths" entry/);
      assert.doesNotMatch(err.message, /WRONG/);
    } finally {
      await server.stop();
    }
  });

  it('follows a redirect to another origin without sending the credentials there', async () => {
    const seenByTarget: (string | undefined)[] = [];
    const target = await startServer((req, res) => {
      seenByTarget.push(req.headers.authorization);
      proxyTo(reg.host, req, res);
    });
    const front = await startServer((req, res) => {
      if (!req.headers.authorization) res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="front"' }).end();
      else res.writeHead(307, { Location: `http://${target.host}${req.url}` }).end();
    });
    try {
      const config = join(tmp, 'front.json');
      writeFileSync(config, JSON.stringify({ auths: { [front.host]: { auth: Buffer.from('me:pw').toString('base64') } } }));
      const r = await new ImageResolver().resolve(`${front.host}/library/tiny:1.0`, { ...ON, dockerConfig: config });
      assert.equal(r.digest, indexDigest);
      assert.deepEqual(seenByTarget, [undefined]);
    } finally {
      await front.stop();
      await target.stop();
    }
  });

  it('retries a 503 with backoff and then succeeds', async () => {
    let calls = 0;
    const proxy = await startServer((req, res) => (++calls === 1 ? res.writeHead(503).end() : proxyTo(reg.host, req, res)));
    try {
      const r = await new ImageResolver({ backoffMs: 1 }).resolve(`${proxy.host}/library/tiny:1.0`, { ...ON, retries: 2 });
      assert.equal(r.digest, indexDigest);
      assert.equal(calls, 2);
    } finally {
      await proxy.stop();
    }
  });

  it('gives up with a timeout when the registry never answers, and can be cancelled', async () => {
    const silent = await startServer(() => undefined);
    try {
      const err = await rejection(new ImageResolver().resolve(`${silent.host}/library/tiny:1.0`, { ...ON, timeoutMs: 200 }));
      assert.equal(err.kind, 'timeout');
      assert.equal(err.message, `${silent.host} did not answer in time (timeout).`);
      const abort = new AbortController();
      const pending = new ImageResolver().resolve(`${silent.host}/library/tiny:1.0`, { ...ON, timeoutMs: 60000 }, abort.signal);
      abort.abort();
      assert.equal((await rejection(pending)).kind, 'cancelled');
    } finally {
      await silent.stop();
    }
  });

  it('reports a closed port as offline', async () => {
    const gone = await startServer(() => undefined);
    const host = gone.host;
    await gone.stop();
    const err = await rejection(new ImageResolver().resolve(`${host}/library/tiny:1.0`, ON));
    assert.equal(err.kind, 'offline');
    assert.match(err.message, /^Cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('caches on disk: a second resolver reads the file, an expired entry is fetched again', async () => {
    let heads = 0;
    const proxy = await startServer((req, res) => {
      heads++;
      proxyTo(reg.host, req, res);
    });
    const cacheDir = join(tmp, 'cache');
    let now = 1_000_000;
    try {
      const ref = `${proxy.host}/library/tiny:1.0`;
      const first = new ImageResolver({ cacheDir, cacheTtlMs: 60_000, now: () => now });
      assert.equal((await first.resolve(ref, ON)).fromCache, false);
      assert.equal((await first.resolve(ref, ON)).fromCache, true);
      assert.equal(heads, 1);
      // A new process (another window, the CLI) with lookups off still gets the cached digest.
      const second = new ImageResolver({ cacheDir, cacheTtlMs: 60_000, now: () => now });
      const cached = await second.resolve(ref, { ...ON, lookup: false });
      assert.deepEqual([cached.digest, cached.fromCache, cached.resolvedAt], [indexDigest, true, 1_000_000]);
      assert.equal(heads, 1);
      now += 60_001;
      const again = await second.resolve(ref, ON);
      assert.deepEqual([again.digest, again.fromCache], [indexDigest, false]);
      assert.equal(heads, 2);
    } finally {
      await proxy.stop();
    }
  });

  it('does not touch the network when lookups are off, the workspace is untrusted or the registry is not allowed', async () => {
    let calls = 0;
    const counter = await startServer((req, res) => {
      calls++;
      proxyTo(reg.host, req, res);
    });
    try {
      const ref = `${counter.host}/library/tiny:1.0`;
      assert.equal((await rejection(new ImageResolver().resolve(ref, { ...ON, lookup: false }))).kind, 'lookup-off');
      assert.equal((await rejection(new ImageResolver().resolve(ref, { ...ON, trusted: false }))).kind, 'untrusted');
      const notAllowed = await rejection(new ImageResolver().resolve(ref, { ...ON, allowed: ['docker.io', '*.example.com'] }));
      assert.equal(notAllowed.kind, 'not-allowed');
      assert.equal(calls, 0);
      assert.equal((await new ImageResolver().resolve(ref, { ...ON, allowed: ['127.0.0.1'] })).digest, indexDigest);
      assert.equal(calls, 1);
    } finally {
      await counter.stop();
    }
  });
});

describe('resolver against a loopback docker-registry with htpasswd basic auth', { skip }, () => {
  let reg: Registry;
  let digest: string;
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-basic-'));
  before(async () => {
    reg = await startRegistry({ user: 'kw', password: 's3cret-pw' });
    const a = await pushImage(reg, 'private/app', 'amd64', 'amd64');
    const b = await pushImage(reg, 'private/app', 'arm64', 'arm64');
    digest = await pushIndex(reg, 'private/app', '1.2', [a, b]);
  });
  after(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without credentials: "not authorised", naming what to do', async () => {
    const err = await rejection(new ImageResolver().resolve(`${reg.host}/private/app:1.2`, { ...ON, dockerConfig: join(dir, 'none.json') }));
    assert.equal(err.kind, 'unauthorized');
    assert.equal(err.message, `Not authorised to read ${reg.host}/private/app:1.2 (HTTP 401): add an "auths" entry for ${reg.host} to the Docker config (docker login).`);
  });

  it('with the Docker config `auths` entry: the digest skopeo reports with the same credentials', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from('kw:s3cret-pw').toString('base64') } } }));
    const r = await new ImageResolver().resolve(`${reg.host}/private/app:1.2`, { ...ON, dockerConfig: config });
    assert.equal(r.digest, digest);
    assert.equal(r.digest, skopeoDigest(`${reg.host}/private/app:1.2`, 'kw:s3cret-pw'));
  });

  it('with a wrong password: refused, and the message does not contain the secret', async () => {
    const config = join(dir, 'wrong.json');
    writeFileSync(config, JSON.stringify({ auths: { [`http://${reg.host}/v2/`]: { username: 'kw', password: 'not-the-pw' } } }));
    const err = await rejection(new ImageResolver().resolve(`${reg.host}/private/app:1.2`, { ...ON, dockerConfig: config }));
    assert.equal(err.kind, 'unauthorized');
    assert.match(err.message, /the credentials in the Docker config were refused/);
    assert.doesNotMatch(err.message, /not-the-pw/);
  });

  it('digest of the index equals sha256 of the manifest bytes the registry serves', async () => {
    const res = await fetch(`http://${reg.host}/v2/private/app/manifests/1.2`, { headers: { Authorization: reg.authorization!, Accept: OCI_INDEX } });
    assert.equal(sha256(Buffer.from(await res.arrayBuffer())), digest);
  });
});
