// `kubeward pin [--registry-lookup] PATH…`: rewrites image references in files to `name:tag@sha256:…`, in place.
// Offline by default: without --registry-lookup only digests already in the cache are used.
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { LineIndex } from '../engine/text';
import { valuesImagesFor } from '../node/helm-chart';
import { collectFiles } from '../node/walk';
import { ResolveError } from '../registry/errors';
import { pinEdit, pinnedReference, pinTargets, type PinTarget } from '../registry/pin-targets';
import { DEFAULT_POLICY, ImageResolver, type RegistryPolicy } from '../registry/resolver';

export const PIN_HELP = `kubeward pin — pin container images to digests (name:tag → name:tag@sha256:…), in place

Usage:
  kubeward pin [options] PATH…

Options:
  --registry-lookup          query registries (off by default: only digests already cached are used)
  --allow-registry HOST      only query this registry (repeatable; host, host:port, *.domain, *)
  --insecure-registry HOST   use plain HTTP for this registry (repeatable; localhost/127.0.0.1 always are)
  --docker-config FILE       Docker config.json whose "auths" give basic credentials
                             (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json)
  --cache-dir DIR            digest cache (default: $XDG_CACHE_HOME/kubeward or ~/.cache/kubeward)
  --timeout MS               time limit per registry request (default: ${DEFAULT_POLICY.timeoutMs})
  --helm-values FILE         a values file under a chart's folder applied over its values.yaml (repeatable,
                             like audit's, e.g. env/prod.yaml): its images are pinned too
  --dry-run                  print what would change, write nothing

Prints one line per image:  path:line:col: pinned IMAGE -> IMAGE@sha256:…  (or: cannot pin IMAGE: reason)
Exit code: 0 when every image was pinned (or none needed it), 1 when some could not be, 2 on usage errors.
`;

interface PinArgs {
  paths: string[];
  policy: RegistryPolicy;
  cacheDir: string;
  dryRun: boolean;
  /** Configured Helm values files (`--helm-values`), absolute. */
  helmValues: string[];
}

const VALUE_FLAGS = new Set(['--allow-registry', '--insecure-registry', '--docker-config', '--cache-dir', '--timeout', '--helm-values']);

export function parsePinArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): PinArgs | { error: string } {
  const paths: string[] = [];
  const allowed: string[] = [];
  const insecure: string[] = [];
  const policy: RegistryPolicy = { ...DEFAULT_POLICY };
  let cacheDir = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kubeward');
  let dryRun = false;
  const helmValues: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^(--[a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (!m) {
      paths.push(args[i]);
      continue;
    }
    const flag = m[1];
    if (flag === '--registry-lookup') policy.lookup = true;
    else if (flag === '--dry-run') dryRun = true;
    else if (VALUE_FLAGS.has(flag)) {
      const value = m[2] ?? args[++i];
      if (!value) return { error: `${flag} needs a value` };
      if (flag === '--allow-registry') allowed.push(value);
      else if (flag === '--insecure-registry') insecure.push(value);
      else if (flag === '--docker-config') policy.dockerConfig = value;
      else if (flag === '--cache-dir') cacheDir = value;
      else if (flag === '--helm-values') helmValues.push(resolve(value));
      else {
        const ms = Number(value);
        if (!Number.isInteger(ms) || ms <= 0) return { error: '--timeout must be a positive number of milliseconds' };
        policy.timeoutMs = ms;
      }
    } else return { error: `unknown option ${flag}` };
  }
  if (!paths.length) return { error: 'no PATH given' };
  if (allowed.length) policy.allowed = allowed;
  policy.insecure = insecure;
  return { paths, policy, cacheDir, dryRun, helmValues };
}

export async function pinCommand(args: readonly string[], out: (s: string) => void, resolver?: ImageResolver): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    out(PIN_HELP);
    return 0;
  }
  const parsed = parsePinArgs(args);
  if ('error' in parsed) {
    out(`kubeward pin: ${parsed.error}\n\n${PIN_HELP}`);
    return 2;
  }
  const images = resolver ?? new ImageResolver({ cacheDir: parsed.cacheDir });
  let pinned = 0;
  let failed = 0;
  let files = 0;
  for (const file of collectFiles(parsed.paths)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      out(`${file}: skipped: ${String(err)}`);
      continue;
    }
    const targets = pinTargets(text, file, undefined, valuesImagesFor(file, text, parsed.helmValues));
    if (!targets.length) continue;
    const shown = relative(process.cwd(), file) || file;
    const lines = new LineIndex(text);
    const where = (t: PinTarget) => {
      const p = lines.positionAt(t.occurrence.start);
      return `${shown}:${p.line + 1}:${p.character + 1}`;
    };
    const resolutions = await Promise.allSettled(targets.map((t) => images.resolve(t.ref, parsed.policy)));
    const edits = [];
    for (const [i, t] of targets.entries()) {
      const r = resolutions[i];
      if (r.status === 'fulfilled') {
        edits.push(pinEdit(t, r.value.digest));
        out(`${where(t)}: pinned ${t.occurrence.text} -> ${pinnedReference(t, r.value.digest)}`);
      } else {
        failed++;
        const err = r.reason instanceof ResolveError ? r.reason : undefined;
        // The how-to-enable explanation is printed once at the end, not on every line.
        const why = err?.kind === 'lookup-off' ? 'no cached digest and registry lookups are off' : (err?.message ?? String(r.reason));
        out(`${where(t)}: cannot pin ${t.occurrence.text}: ${why}`);
      }
    }
    if (!edits.length) continue;
    edits.sort((a, b) => b.start - a.start);
    let next = text;
    for (const e of edits) next = next.slice(0, e.start) + e.newText + next.slice(e.end);
    if (!parsed.dryRun) writeFileSync(file, next);
    pinned += edits.length;
    files++;
  }
  const verb = parsed.dryRun ? 'Would pin' : 'Pinned';
  out(`${verb} ${pinned} image${pinned === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}${failed ? `; ${failed} could not be pinned` : ''}.`);
  if (failed && !parsed.policy.lookup) out('Registry lookups are off: pass --registry-lookup to resolve tags to digests.');
  return failed ? 1 : 0;
}
