// A real CNCF distribution registry (Debian's `docker-registry`) on 127.0.0.1, filled with small crafted images over
// its HTTP API, plus `skopeo` as an independent client that says which digest the registry serves.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

function which(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the registry tests cannot run here, or undefined when they can. */
export function registryToolsMissing(): string | undefined {
  const missing = ['docker-registry', 'skopeo', 'htpasswd'].filter((c) => !which(c));
  return missing.length ? `registry tests skipped: ${missing.join(', ')} not installed and scripts/ensure-registry-tools.sh could not install them` : undefined;
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A free TCP port on 127.0.0.1 (the registry binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Registry {
  /** `127.0.0.1:<port>` */
  host: string;
  dir: string;
  /** Authorization header for pushes (set when the registry requires basic auth). */
  authorization?: string;
  stop(): Promise<void>;
}

export async function startRegistry(auth?: { user: string; password: string }): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-registry-'));
  const port = await freePort();
  let authConfig = '';
  if (auth) {
    const line = execFileSync('htpasswd', ['-Bbn', auth.user, auth.password], { encoding: 'utf8' }).trim();
    writeFileSync(join(dir, 'htpasswd'), line + '\n');
    authConfig = `auth:\n  htpasswd:\n    realm: kubeward-test\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  const config = `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${authConfig}`;
  writeFileSync(join(dir, 'config.yml'), config);
  const proc: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const host = `127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://${host}/v2/`).then((r) => r.status === 200 || r.status === 401, () => false);
    if (ok) break;
    if (i > 150 || proc.exitCode !== null) {
      proc.kill();
      throw new Error(`docker-registry did not start on ${host}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    dir,
    authorization: auth ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` : undefined,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pushBlob(reg: Registry, repo: string, blob: Buffer): Promise<string> {
  const digest = sha256(blob);
  const headers: Record<string, string> = reg.authorization ? { Authorization: reg.authorization } : {};
  const start = await fetch(`http://${reg.host}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status}`);
  const location = new URL(start.headers.get('location')!, `http://${reg.host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/octet-stream' }, body: blob });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status}`);
  return digest;
}

/** PUTs a manifest; returns the Docker-Content-Digest the registry answers with. */
export async function pushManifest(reg: Registry, repo: string, tag: string, mediaType: string, body: string): Promise<string> {
  const headers: Record<string, string> = { 'Content-Type': mediaType };
  if (reg.authorization) headers.Authorization = reg.authorization;
  const res = await fetch(`http://${reg.host}/v2/${repo}/manifests/${tag}`, { method: 'PUT', headers, body });
  if (res.status !== 201) throw new Error(`manifest PUT ${repo}:${tag}: HTTP ${res.status} ${await res.text()}`);
  return res.headers.get('docker-content-digest')!;
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

export interface PushedImage {
  digest: string;
  size: number;
  arch: string;
}

/** A one-layer single-platform image (deterministic bytes, so digests are the same on every run). */
export async function pushImage(reg: Registry, repo: string, tag: string, arch: string, docker = false): Promise<PushedImage> {
  const layer = gzipSync(Buffer.from(`kubeward test layer for ${arch}\n`), { level: 9 });
  const config = Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(`kubeward test layer for ${arch}\n`)] } }));
  const layerDigest = await pushBlob(reg, repo, layer);
  const configDigest = await pushBlob(reg, repo, config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: docker ? DOCKER_MANIFEST : OCI_MANIFEST,
    config: { mediaType: docker ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
  });
  const digest = await pushManifest(reg, repo, tag, docker ? DOCKER_MANIFEST : OCI_MANIFEST, manifest);
  return { digest, size: Buffer.byteLength(manifest), arch };
}

/** An index (OCI) or manifest list (Docker) over already pushed platform images. */
export function pushIndex(reg: Registry, repo: string, tag: string, images: PushedImage[], docker = false): Promise<string> {
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: docker ? DOCKER_LIST : OCI_INDEX,
    manifests: images.map((m) => ({ mediaType: docker ? DOCKER_MANIFEST : OCI_MANIFEST, digest: m.digest, size: m.size, platform: { architecture: m.arch, os: 'linux' } })),
  });
  return pushManifest(reg, repo, tag, docker ? DOCKER_LIST : OCI_INDEX, body);
}

/** The digest skopeo (an independent client) reports for a reference in the loopback registry. */
export function skopeoDigest(reference: string, creds?: string): string {
  const args = ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', '--override-arch', 'amd64', '--override-os', 'linux'];
  if (creds) args.push('--creds', creds);
  return execFileSync('skopeo', [...args, `docker://${reference}`], { encoding: 'utf8', timeout: 30000 }).trim();
}

/** A throwaway HTTP server on 127.0.0.1 (token servers, proxies, servers that never answer). */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ host: string; server: Server; stop(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    host,
    server,
    stop: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Forwards a request to the registry and streams the answer back; `edit` may change the response headers. */
export function proxyTo(target: string, req: IncomingMessage, res: ServerResponse, edit?: (headers: Record<string, string | string[] | undefined>) => void): void {
  const headers = { ...req.headers, host: target };
  delete headers.authorization;
  const upstream = httpRequest(`http://${target}${req.url}`, { method: req.method, headers }, (up) => {
    const out = { ...up.headers };
    edit?.(out);
    res.writeHead(up.statusCode ?? 502, out);
    up.pipe(res);
  });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}

/**
 * Writes a Helm chart to `chart` whose Deployment renders the image map `.Values.image` (registry, repository, tag and,
 * when set, digest) and, with `agent`, a second container from the scalar `.Values.agent.image`; `values` is its
 * values.yaml.
 */
export function writeImageChart(chart: string, values: string, agent = false): void {
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: chart\nversion: 1.0.0\n');
  const app = '        - name: app\n          image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}{{ with .Values.image.digest }}@{{ . }}{{ end }}"\n';
  const second = agent ? '        - name: agent\n          image: {{ .Values.agent.image | quote }}\n' : '';
  writeFileSync(join(chart, 'templates', 'deploy.yaml'), `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n${app}${second}`);
  writeFileSync(join(chart, 'values.yaml'), values);
}
