import { isScalar, type Pair, type YAMLMap } from 'yaml';
import { containersOf, podSpecOf } from '../k8s/pod-spec';
import { manifestObjects, type ManifestObject } from '../k8s/objects';
import { YamlEditor } from '../yaml/edit';
import type { YamlDocument } from '../yaml/documents';
import { mapAt } from '../yaml/nodes';
import { kubewardIdFor, type PeerTool } from './peers';
import { SUPPRESSION_DIAGNOSTICS, type Directive, type SuppressionProblem } from './directive';

export const ANNOTATION_PREFIX = 'kubeward.io/ignore.';
// Kubernetes allows one `/` in an annotation key and at most 63 characters after it.
const MAX_NAME_LENGTH = 63;

const MENTIONS_ANNOTATION = /kubeward\.io\/|kube-linter\.io\/|checkov\.io\/skip|polaris\.fairwinds\.com\//;

const PEER_ANNOTATIONS: { tool: PeerTool; re: RegExp; read(key: RegExpExecArray, value: string | undefined): { id: string; reason?: string } | undefined }[] = [
  { tool: 'kube-linter', re: /^ignore-check\.kube-linter\.io\/(.+)$/, read: (k, v) => ({ id: k[1], reason: v || undefined }) },
  {
    tool: 'checkov',
    re: /^checkov\.io\/skip\d*$/,
    read: (_k, v) => {
      const m = /^\s*([A-Za-z0-9_]+)\s*(?:=\s*(.*?))?\s*$/.exec(v ?? '');
      return m ? { id: m[1], reason: m[2] || undefined } : undefined;
    },
  },
  // Polaris exempts with the value "true" and has no place for a reason.
  { tool: 'polaris', re: /^polaris\.fairwinds\.com\/(.+)-exempt$/, read: (k, v) => (v === 'true' ? { id: k[1] } : undefined) },
];

export interface AnnotationScan {
  directives: Directive[];
  problems: SuppressionProblem[];
}

/** Suppression annotations of every object in the parsed documents (object metadata and pod templates). Pure. */
export function scanAnnotations(docs: readonly YamlDocument[], json: boolean, knownRuleIds: ReadonlySet<string>): AnnotationScan {
  const out: AnnotationScan = { directives: [], problems: [] };
  for (const source of docs) {
    // Documents are parsed lazily; one without any suppression annotation stays unparsed on a cache hit.
    if (!MENTIONS_ANNOTATION.test(source.text) || source.doc.errors.length) continue;
    const edit = new YamlEditor(source.text, json);
    for (const object of manifestObjects(source)) {
      const places: { map: YAMLMap; podTemplate: boolean }[] = [];
      const own = mapAt(object.node, 'metadata', 'annotations');
      if (own) places.push({ map: own, podTemplate: false });
      const template = object.kind === 'Pod' ? undefined : podSpecOf(object)?.podMetadata;
      const templateAnnotations = mapAt(template, 'annotations');
      if (templateAnnotations) places.push({ map: templateAnnotations, podTemplate: true });
      for (const { map, podTemplate } of places) {
        for (const pair of map.items) readPair(pair as Pair, map, object, podTemplate, source.base, edit, knownRuleIds, out);
      }
    }
  }
  return out;
}

function readPair(pair: Pair, map: YAMLMap, object: ManifestObject, podTemplate: boolean, base: number, edit: YamlEditor, known: ReadonlySet<string>, out: AnnotationScan): void {
  const key = isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key : undefined;
  if (!key?.range) return;
  const value = isScalar(pair.value) && pair.value.value !== null ? String(pair.value.value) : undefined;
  const objectRange = object.node.range!;
  const start = base + key.range[0];
  const end = base + ((pair.value as { range?: number[] } | null)?.range?.[1] ?? key.range[1]);
  const removal = edit.removePair(map, pair);
  const remove = { start: base + removal.start, end: base + removal.end, newText: removal.newText };
  const common = { kind: 'annotation' as const, start, end, remove, podTemplate, reason: value?.trim() || undefined };
  const objectScope = { start: base + objectRange[0], end: base + objectRange[1], kind: object.kind };
  const keyText = key.value as string;
  // The key's text inside its quotes, for edits that rewrite it.
  const q = edit.fileText[key.range[0]];
  const keyStart = start + (q === '"' || q === "'" ? 1 : 0);

  if (keyText.startsWith('kubeward.io/')) {
    const malformed = (message: string, fixes: SuppressionProblem['fixes'] = []) =>
      out.problems.push({ ruleId: SUPPRESSION_DIAGNOSTICS.malformed, severity: 'warning', start, end: base + key.range![1], message, fixes: [...fixes, { title: 'Remove the annotation', edits: [remove] }] });
    if (!keyText.startsWith(ANNOTATION_PREFIX)) {
      malformed(`Unknown kubeward annotation \`${keyText}\`: it suppresses nothing. Write \`${ANNOTATION_PREFIX}<group>.<rule>\`, e.g. \`${ANNOTATION_PREFIX}k8s.privileged-container\`.`);
      return;
    }
    const rest = keyText.slice(ANNOTATION_PREFIX.length);
    if (rest.includes('/')) {
      const fixed = ANNOTATION_PREFIX + rest.replace(/\//g, '.');
      malformed(`Kubernetes rejects an annotation key with a second \`/\`, so this suppresses nothing. Write the rule id with a dot: \`${fixed}\`.`,
        [{ title: `Change to \`${fixed}\``, edits: [{ start: keyStart, end: keyStart + keyText.length, newText: fixed }] }]);
      return;
    }
    if (keyText.length - keyText.indexOf('/') - 1 > MAX_NAME_LENGTH) {
      malformed(`Kubernetes rejects annotation names longer than ${MAX_NAME_LENGTH} characters (after the \`/\`), so this suppresses nothing.`);
      return;
    }
    const parts = rest.split('.');
    if (parts.length > 3 || parts.some((p) => !p)) {
      malformed(`Malformed suppression annotation: write \`${ANNOTATION_PREFIX}<group>.<rule>\` or \`${ANNOTATION_PREFIX}<group>.<rule>.<container>\`.`);
      return;
    }
    const [group, name, container] = parts;
    const id = name === undefined ? group : `${group}/${name}`;
    const idStart = keyStart + ANNOTATION_PREFIX.length;
    const idEnd = idStart + id.length;
    let scope: Directive['scope'] = objectScope;
    if (container !== undefined) {
      const pod = podSpecOf(object);
      const c = pod ? containersOf(pod).find((x) => x.name === container) : undefined;
      if (!c?.node.range) {
        const names = pod ? containersOf(pod).map((x) => x.name).filter(Boolean) : [];
        malformed(`No container named \`${container}\` in this ${object.kind}, so this suppresses nothing.${names.length ? ` Containers: ${names.map((n) => `\`${n}\``).join(', ')}.` : ''}`);
        return;
      }
      scope = { start: base + c.node.range[0], end: base + c.node.range[1], container, kind: object.kind };
    }
    // The annotation spells the id with a dot; the reference carries the real id for matching and fixing.
    out.directives.push({ ...common, syntax: 'kubeward', scope, rules: [{ id, written: rest.slice(0, id.length), start: idStart, end: idEnd }] });
    return;
  }

  for (const peer of PEER_ANNOTATIONS) {
    const m = peer.re.exec(keyText);
    if (!m) continue;
    const read = peer.read(m, value);
    const id = read && kubewardIdFor(peer.tool, read.id, known);
    if (read && id) {
      out.directives.push({ ...common, syntax: peer.tool, reason: read.reason, scope: objectScope, rules: [{ id, written: read.id, start, end }] });
    }
    return;
  }
}
