// Findings on a kustomization file itself: what kubeward cannot analyse (remote resources are never fetched) and, when
// no build judged them, the image overrides of `images:` as written.
import { pairOf } from '../yaml/nodes';
import type { ImageOverride, Kustomization } from './model';

export const REMOTE_RULE = 'kubeward/kustomize-remote';
export const BUILD_RULE = 'kubeward/kustomize-build';

export interface KustomizationFinding {
  ruleId: string;
  message: string;
  start: number;
  end: number;
  /** The annotation in this file that suppresses it (a generator's `kubeward.io/ignore.…`), with its reason. */
  suppressedBy?: { start: number; end: number; reason?: string };
}

/** An info finding on every remote resource, base, component or patch path: kubeward does not download it. */
export function remoteFindings(k: Kustomization): KustomizationFinding[] {
  const refs = [...k.resources, ...k.components, ...k.patches.flatMap((p) => (p.path ? [p.path] : []))];
  return refs
    .filter((r) => r.remote)
    .map((r) => ({ ruleId: REMOTE_RULE, message: `Remote base not analysed: kubeward never downloads "${r.value}"; its objects and what this kustomization does to them are not checked.`, start: r.start, end: r.end }));
}

function pairSpan(entry: ImageOverride, key: string): [number, number] | undefined {
  const pair = pairOf(entry.node, key);
  const s = pair?.key && (pair.key as { range?: [number, number] }).range?.[0];
  const v = pair?.value as { range?: [number, number] } | null | undefined;
  return s !== undefined && v?.range ? [s, v.range[1]] : undefined;
}

/**
 * The image rules applied to `images:` entries that set a tag: `newTag: latest` (or empty) is a mutable tag, and a
 * new tag without `digest` leaves the image unpinned. Entries that only rename keep the resources' own tags (judged
 * there) and are not reported.
 */
export function imageOverrideFindings(k: Kustomization): KustomizationFinding[] {
  const out: KustomizationFinding[] = [];
  for (const entry of k.images) {
    if (entry.digest || !entry.newTag) continue;
    const image = `${entry.newName?.value ?? entry.name?.value ?? '?'}:${entry.newTag.value}`;
    if (entry.newTag.value === 'latest' || entry.newTag.value === '') {
      out.push({ ruleId: 'k8s/image-mutable-tag', message: `images: sets "${image}", the "latest" tag: the version can change without a manifest change.`, start: entry.newTag.start, end: entry.newTag.end });
    }
    const span = pairSpan(entry, 'newTag');
    if (span) out.push({ ruleId: 'k8s/image-not-pinned', message: `images: sets "${image}" without a digest (add digest: sha256:…).`, start: span[0], end: span[1] });
  }
  return out;
}
