// Judges a chart's default values where its templates place them: a container securityContext filled from
// `.Values.X` is checked as the rules would check the rendered manifest, and the finding lands on the values.yaml
// line of `X` (the template lines go in related information), with fixes that edit values.yaml.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { OffsetEdit, Range } from '../types';
import { YamlEditor, type Desired } from '../yaml/edit';
import type { YamlDocument } from '../yaml/documents';
import { pairOf } from '../yaml/nodes';
import { evaluateGuard } from './conditions';
import type { ValueUse } from './uses';

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
}

/** A values path resolved in values.yaml: the pair whose key is its last segment, and the map it holds (if any). */
interface Resolved {
  pair: Pair<Node, Node | null>;
  parent: YAMLMap;
  map?: YAMLMap;
}

export function judgeValues(doc: YamlDocument, uses: readonly ValueUse[]): ValuesFinding[] {
  const root = doc.doc.contents;
  if (!isMap(root) || doc.doc.errors.length) return [];
  const editor = new YamlEditor(doc.text, false);
  const out: ValuesFinding[] = [];
  uses = uses.filter((u) => renderedByDefault(root, u));
  for (const group of groupByPath(uses.filter((u) => u.kind === 'container-security-context'))) {
    const resolved = resolve(root, group[0].path);
    if (resolved) out.push(...judgeContainerContext(resolved, group, podContextsFor(root, group, uses), editor));
  }
  for (const group of groupByPath(uses.filter((u) => u.kind === 'image'))) {
    const resolved = resolve(root, group[0].path);
    if (resolved?.map) out.push(...judgeImage(resolved, group));
  }
  return out;
}

function judgeContainerContext(at: Resolved, uses: ValueUse[], pods: YAMLMap[], editor: YamlEditor): ValuesFinding[] {
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
    const fix = fixEdits(at, editor, disabled ? { enabled: true, ...desired } : desired);
    out.push({ ruleId, message, ...span, related, fixes: fix.length ? [{ title, safe: true, edits: fix }] : [] });
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

/** A mutable default tag: `latest`, or empty without the chart's appVersion to fall back on (and no digest). */
function judgeImage(at: Resolved, uses: ValueUse[]): ValuesFinding[] {
  const map = at.map!;
  const digest = nodeValue(pairOf(map, 'digest')?.value) || nodeValue(pairOf(map, 'sha')?.value);
  if (typeof digest === 'string' && digest !== '') return [];
  const tagPair = pairOf(map, 'tag');
  const tag = nodeValue(tagPair?.value);
  const name = uses[0].path.join('.');
  const related = relatedLines(uses, `${name} is rendered here as a container image`);
  const empty = tag === undefined || tag === null || tag === '';
  if (empty && uses.every((u) => u.tagDefaultsToAppVersion)) return [];
  if (!empty && String(tag) !== 'latest') return [];
  const where = tagPair?.value && isScalar(tagPair.value) && tagPair.value.range ? spanOfNode(tagPair.value) : { start: at.pair.key.range![0], end: at.pair.key.range![1] };
  const message = empty
    ? `The default image ${name} has no tag (${describeUses(uses)}): it means "latest" and changes without a change to the chart.`
    : `The default image ${name} uses the tag "latest" (${describeUses(uses)}): it changes without a change to the chart.`;
  return [{ ruleId: 'k8s/image-mutable-tag', message, ...where, related, fixes: [] }];
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
 * the value itself (`if .Values.securityContext.enabled`) do not count: an empty or disabled value is what is judged.
 */
function renderedByDefault(root: YAMLMap, use: ValueUse): boolean {
  const own = use.path.join('.');
  const truthAt = (path: string[]) => {
    const p = path.join('.');
    return p === own || p.startsWith(own + '.') ? undefined : truthy(valueAt(root, path));
  };
  return use.guards.every((g) => evaluateGuard(g, truthAt) !== false);
}

function valueAt(root: YAMLMap, path: readonly string[]): Node | null | undefined {
  let cur: Node | null | undefined = root;
  for (const key of path) cur = isMap(cur) ? pairOf(cur, key)?.value : undefined;
  return cur;
}

/** Go template truth: false, 0, nil and empty strings, maps and lists are false. */
function truthy(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (isMap(node) || isSeq(node)) return node.items.length > 0;
  if (isScalar(node)) return node.value !== null && node.value !== false && node.value !== 0 && node.value !== '';
  return true;
}

function resolve(root: YAMLMap, path: readonly string[]): Resolved | undefined {
  let parent: YAMLMap = root;
  for (let i = 0; i < path.length; i++) {
    const pair = pairOf(parent, path[i]);
    if (!pair) return undefined;
    if (i === path.length - 1) return { pair, parent, map: isMap(pair.value) ? pair.value : undefined };
    if (!isMap(pair.value)) return undefined;
    parent = pair.value;
  }
  return undefined;
}

/** The pod-level securityContext values rendered in the same templates as these container uses. */
function podContextsFor(root: YAMLMap, group: ValueUse[], all: readonly ValueUse[]): YAMLMap[] {
  const templates = new Set(group.map((u) => u.template));
  const pods = all.filter((u) => u.kind === 'pod-security-context' && templates.has(u.template));
  return pods.map((u) => resolve(root, u.path)?.map).filter((m): m is YAMLMap => !!m);
}

function groupByPath(uses: ValueUse[]): ValueUse[][] {
  const groups = new Map<string, ValueUse[]>();
  for (const u of uses) {
    const key = u.path.join('.');
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return [...groups.values()];
}

function relatedLines(uses: ValueUse[], message: string): RelatedTemplateLine[] {
  return uses.map((u) => ({ path: u.template, range: { start: { line: u.line, character: u.columns[0] }, end: { line: u.line, character: u.columns[1] } }, message }));
}

function describeUses(uses: ValueUse[]): string {
  const first = uses[0];
  const where = `${baseName(first.template)}:${first.line + 1}`;
  return uses.length > 1 ? `used at ${where} and ${uses.length - 1} more` : `used at ${where}`;
}

function baseName(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/templates/');
  return i >= 0 ? p.slice(i + 1) : p.slice(p.lastIndexOf('/') + 1);
}

function scalar(map: YAMLMap, key: string): unknown {
  return nodeValue(pairOf(map, key)?.value);
}

function nodeValue(node: Node | null | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

function nodeValueOrMap(node: Node | null | undefined): unknown {
  return isMap(node) ? node : nodeValue(node);
}

function spanOfPair(pair: Pair): { start: number; end: number } {
  const k = pair.key as Node;
  const v = pair.value as Node | null;
  return { start: k.range![0], end: v?.range && v.range[1] > v.range[0] ? v.range[1] : k.range![1] };
}

function spanOfNode(node: Node): { start: number; end: number } {
  return { start: node.range![0], end: node.range![1] };
}
