// Judges a chart's default values where its templates place them: a container securityContext filled from
// `.Values.X` is checked as the rules would check the rendered manifest, and the finding lands on the values.yaml
// line of `X` (the template lines go in related information), with fixes that edit values.yaml.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { OffsetEdit, Range } from '../types';
import { YamlEditor, type Desired } from '../yaml/edit';
import type { YamlDocument } from '../yaml/documents';
import { pairOf } from '../yaml/nodes';
import { evaluateGuard } from './conditions';
import { judgeScalars } from './judge-scalars';
import { mergeValues } from './layers';
import type { ValueUse } from './uses';
import { describeUses, groupByPath, nodeValue, relatedLines, resolve, spanOfNode, spanOfPair, truthy, valueAt, type Resolved } from './values-tree';

export interface RelatedTemplateLine {
  path: string;
  range: Range;
  message: string;
}

/** A finding on the values file, offsets relative to `doc`'s text. */
export interface ValuesFinding {
  ruleId: string;
  message: string;
  start: number;
  end: number;
  fixes: { title: string; safe: boolean; edits: OffsetEdit[] }[];
  related: RelatedTemplateLine[];
  /** The values node the finding is placed on: it tells which values file caused it. */
  anchor: Node;
}

/** Values files applied around the judged one: `before` under it (values.yaml), `after` over it (later `-f` files). */
export interface OtherValues {
  before: readonly YAMLMap[];
  after: readonly YAMLMap[];
}

/**
 * Findings of the values file `doc`, with the other values files applied as Helm would. Only what `doc` itself causes
 * is reported (a value another file sets is that file's finding); fixes edit `doc`.
 */
export function judgeValues(doc: YamlDocument, uses: readonly ValueUse[], others: OtherValues = { before: [], after: [] }): ValuesFinding[] {
  const own = doc.doc.contents;
  if (!isMap(own) || doc.doc.errors.length) return [];
  const self = others.before.length;
  const merged = mergeValues([...others.before, own, ...others.after]);
  const root = merged.root;
  const editor = new YamlEditor(doc.text, false);
  const out: ValuesFinding[] = [];
  uses = uses.filter((u) => renderedByDefault(root, u));
  const ownAt = (path: string[]) => resolve(own, path);
  for (const group of groupByPath(uses.filter((u) => u.kind === 'container-security-context'))) {
    const resolved = resolve(root, group[0].path);
    if (resolved) out.push(...judgeContainerContext(resolved, ownAt(group[0].path), group, podContextsFor(root, group, uses), editor));
  }
  for (const group of groupByPath(uses.filter((u) => u.kind === 'image'))) {
    const resolved = resolve(root, group[0].path);
    if (resolved?.map) out.push(...judgeImage(resolved, group));
  }
  out.push(...judgeScalars(root, uses.filter((u) => u.kind === 'scalar'), editor));
  return out.filter((f) => merged.layerOf(f.anchor) === self);
}

/** `at` is the merged value that is rendered; `own` the same path in the judged file, which fixes edit. */
function judgeContainerContext(at: Resolved, own: Resolved | undefined, uses: ValueUse[], pods: YAMLMap[], editor: YamlEditor): ValuesFinding[] {
  const name = uses[0].path.join('.');
  const map = at.map;
  // Bitnami-style `enabled: false` means nothing is rendered: the container gets no securityContext at all.
  const disabled = map && scalar(map, 'enabled') === false;
  const value = (key: string): unknown => (disabled || !map ? undefined : nodeValue(pairOf(map, key)?.value));
  const related = relatedLines(uses, `${name} is rendered here as a container securityContext`);
  const out: ValuesFinding[] = [];
  const keyRange = { start: at.pair.key.range![0], end: at.pair.key.range![1] };
  const report = (ruleId: string, message: string, where: Pair | undefined, desired: { [key: string]: Desired }, title: string) => {
    const span = where && !disabled ? spanOfPair(where) : keyRange;
    const fix = own ? fixEdits(own, editor, disabled ? { enabled: true, ...desired } : desired) : [];
    const anchor = (where && !disabled ? where.key : at.pair.key) as Node;
    out.push({ ruleId, message, ...span, related, anchor, fixes: fix.length ? [{ title, safe: true, edits: fix }] : [] });
  };
  const origin = `the default ${name} in values.yaml (${describeUses(uses)})`;
  const privileged = map && !disabled ? pairOf(map, 'privileged') : undefined;
  if (value('privileged') === true) report('k8s/privileged-container', `Containers run privileged: privileged: true in ${origin}.`, privileged, { privileged: false }, 'Set privileged: false in values.yaml');
  if (value('allowPrivilegeEscalation') !== false) {
    const set = value('allowPrivilegeEscalation') !== undefined && value('allowPrivilegeEscalation') !== null;
    report('k8s/allow-privilege-escalation', set ? `allowPrivilegeEscalation must be false in ${origin}.` : `allowPrivilegeEscalation: false is missing from ${origin} (escalation is allowed by default).`,
      set ? pairOf(map, 'allowPrivilegeEscalation') : undefined, { allowPrivilegeEscalation: false }, 'Set allowPrivilegeEscalation: false in values.yaml');
  }
  const capabilities = !disabled && map ? pairOf(map, 'capabilities') : undefined;
  const drop = isMap(capabilities?.value) ? pairOf(capabilities.value, 'drop')?.value : undefined;
  if (!(isSeq(drop) && drop.items.some((n) => isScalar(n) && n.value === 'ALL'))) {
    report('k8s/capabilities-restricted', `capabilities.drop must contain ALL in ${origin}.`, capabilities, { capabilities: { drop: ['ALL'] } }, 'Drop ALL capabilities in values.yaml');
  }
  const podSays = (key: string, ok: (v: unknown) => boolean) => pods.some((p) => ok(key.split('.').reduce<unknown>((m, k) => (isMap(m) ? nodeValueOrMap(pairOf(m, k)?.value) : undefined), p)));
  const runAsNonRoot = value('runAsNonRoot');
  if (runAsNonRoot === false || (runAsNonRoot !== true && !podSays('runAsNonRoot', (v) => v === true))) {
    report('k8s/run-as-non-root', runAsNonRoot === false ? `runAsNonRoot must be true in ${origin}.` : `runAsNonRoot: true is missing from ${origin} and from the pod securityContext values.`,
      runAsNonRoot === false ? pairOf(map, 'runAsNonRoot') : undefined, { runAsNonRoot: true }, 'Set runAsNonRoot: true in values.yaml');
  }
  const seccompOk = (v: unknown) => v === 'RuntimeDefault' || v === 'Localhost';
  const seccomp = !disabled && map ? pairOf(map, 'seccompProfile') : undefined;
  const seccompType = isMap(seccomp?.value) ? nodeValue(pairOf(seccomp.value, 'type')?.value) : undefined;
  if (!seccompOk(seccompType) && (seccomp || !podSays('seccompProfile.type', seccompOk))) {
    report('k8s/seccomp-profile-restricted', seccomp ? `seccompProfile.type must be RuntimeDefault or Localhost in ${origin}.` : `seccompProfile (RuntimeDefault) is missing from ${origin} and from the pod securityContext values.`,
      seccomp, { seccompProfile: { type: 'RuntimeDefault' } }, 'Set seccompProfile.type: RuntimeDefault in values.yaml');
  }
  return out;
}

/**
 * The default image of a values map `{registry, repository, tag, digest}`: a mutable tag (`latest`, or empty without
 * the chart's appVersion to fall back on) and, without a digest (`digest`/`sha`), a reference not pinned to one image.
 */
function judgeImage(at: Resolved, uses: ValueUse[]): ValuesFinding[] {
  const map = at.map!;
  const digestPair = pairOf(map, 'digest') ?? pairOf(map, 'sha');
  const digest = nodeValue(pairOf(map, 'digest')?.value) || nodeValue(pairOf(map, 'sha')?.value);
  if (typeof digest === 'string' && digest !== '') return [];
  const tagPair = pairOf(map, 'tag');
  const tag = nodeValue(tagPair?.value);
  // `tag: 1.27@sha256:…` renders `repo:1.27@sha256:…`: pinned (what the digest pin writes when there is no `digest:`).
  if (typeof tag === 'string' && /@sha256:[a-f0-9]{64}$/.test(tag)) return [];
  const name = uses[0].path.join('.');
  const related = relatedLines(uses, `${name} is rendered here as a container image`);
  const empty = tag === undefined || tag === null || tag === '';
  const tagNode = tagPair?.value && isScalar(tagPair.value) && tagPair.value.range ? tagPair.value : undefined;
  const keyAt = { start: at.pair.key.range![0], end: at.pair.key.range![1] };
  const out: ValuesFinding[] = [];
  const appVersion = empty && uses.every((u) => u.tagDefaultsToAppVersion);
  if (!appVersion && (empty || String(tag) === 'latest')) {
    const message = empty
      ? `The default image ${name} has no tag (${describeUses(uses)}): it means "latest" and changes without a change to the chart.`
      : `The default image ${name} uses the tag "latest" (${describeUses(uses)}): it changes without a change to the chart.`;
    out.push({ ruleId: 'k8s/image-mutable-tag', message, ...(tagNode ? spanOfNode(tagNode) : keyAt), related, anchor: (tagNode ?? at.pair.key) as Node, fixes: [] });
  }
  // On the empty `digest:` when the map has one (that is where the pin goes), else on the tag.
  const version = appVersion ? 'the tag (the chart\'s appVersion)' : empty ? '"latest"' : `the tag "${String(tag)}"`;
  const message = `The default image ${name} has no digest (${describeUses(uses)}): ${version} can be moved to another image without a change to the chart.`;
  const where = digestPair ? spanOfPair(digestPair) : tagNode ? spanOfNode(tagNode) : keyAt;
  out.push({ ruleId: 'k8s/image-not-pinned', message, ...where, related, anchor: (digestPair?.key ?? tagNode ?? at.pair.key) as Node, fixes: [] });
  return out;
}

/** Edits that make the values map at `at` contain `desired`: merged into a map, or filling an empty `key:` / `key: {}`. */
function fixEdits(at: Resolved, editor: YamlEditor, desired: { [key: string]: Desired }): OffsetEdit[] {
  const key = keyText(at.pair);
  if (typeof key !== 'string') return [];
  if (at.map && at.map.items.length === 0 && at.map.flow) {
    // `key: {}`: a values file is written in block style, so the empty flow map becomes a block map.
    const colon = editor.fileText.indexOf(':', at.pair.key.range![1]);
    const unit = editor.unitWithin(at.parent);
    const body = editor.blockLines(desired, editor.columnOf(at.pair.key) + unit, unit);
    return [{ start: colon + 1, end: at.map.range![1], newText: editor.eol + body.join(editor.eol) }];
  }
  if (at.map) return editor.ensure(at.map, desired);
  const value = at.pair.value;
  if (value && !(isScalar(value) && value.value === null)) return [];
  return editor.ensure(at.parent, { [key]: desired });
}

function keyText(pair: Pair<Node, Node | null>): unknown {
  return isScalar(pair.key) ? pair.key.value : undefined;
}

/**
 * False when an `if` guard around the use is false with the default values (a component off by default). Guards on
 * the value itself (`if .Values.securityContext.enabled`) do not count: an empty or disabled value is what is judged,
 * unless the `if` has an `else` that renders something else instead (`if .Values.X` toYaml … `else` fields).
 */
export function renderedByDefault(root: YAMLMap, use: ValueUse): boolean {
  const owns = (use.either?.paths ?? [use.path]).map((p) => p.join('.'));
  const ownValue = (path: string[]) => {
    const p = path.join('.');
    return owns.some((own) => p === own || p.startsWith(own + '.'));
  };
  const scalarAt = (path: string[]) => {
    const node = valueAt(root, path);
    return isScalar(node) ? (node.value as string | number | boolean | null) : undefined;
  };
  return use.guards.every((g) => {
    const truthAt = (path: string[]) => (ownValue(path) && !g.hasElse ? undefined : truthy(valueAt(root, path)));
    return evaluateGuard(g, truthAt, (path) => (ownValue(path) && !g.hasElse ? undefined : scalarAt(path))) !== false;
  });
}




/** The pod-level securityContext values rendered in the same manifests as these container uses (includes followed). */
function podContextsFor(root: YAMLMap, group: ValueUse[], all: readonly ValueUse[]): YAMLMap[] {
  const manifest = (u: ValueUse) => u.via[0]?.template ?? u.template;
  const templates = new Set(group.map(manifest));
  const pods = all.filter((u) => u.kind === 'pod-security-context' && templates.has(manifest(u)));
  return pods.map((u) => resolve(root, u.path)?.map).filter((m): m is YAMLMap => !!m);
}





function scalar(map: YAMLMap, key: string): unknown {
  return nodeValue(pairOf(map, key)?.value);
}


function nodeValueOrMap(node: Node | null | undefined): unknown {
  return isMap(node) ? node : nodeValue(node);
}


