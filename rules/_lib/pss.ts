import { isAlias, isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { containersOf, describeContainer, podSpecOf, type ContainerView, type PodSpecView } from '../../server/src/engine/k8s/pod-spec';
import { pssMinor } from '../../server/src/engine/pss';
import { defineK8sRule, type FixSpec, type K8sRule, type RuleContext, type RuleMeta } from '../../server/src/engine/rule';
import { mapAt, pairOf, scalarOf, seqAt, stringOf } from '../../server/src/engine/yaml/nodes';

// Helpers shared by the Pod Security Standards rules (rules/k8s/*, meta.pss). Upstream semantics:
// ../shared/research/pss-checks.md. "Containers" always means containers, initContainers and ephemeralContainers.

/** The policy version the settings ask for, as the minor number of v1.N. */
export function policyMinor(ctx: RuleContext): number {
  return pssMinor(ctx.settings.pssVersion);
}

/** `spec.os.name: windows`: from v1.25 some restricted checks exempt such pods. */
export function isWindowsPod(pod: PodSpecView): boolean {
  return stringOf(mapAt(pod.spec, 'os'), 'name') === 'windows';
}

/** `spec.hostUsers: false` (explicitly): the pod runs in a user namespace; v1.35 relaxes some checks for it. */
export function inUserNamespace(pod: PodSpecView): boolean {
  return scalarOf(pod.spec, 'hostUsers') === false;
}

/** Where a securityContext can sit: the pod spec, or one container. */
export interface SecuritySite {
  /** `pod` or `container "web"`, for messages. */
  label: string;
  /** The map holding `securityContext` (the pod spec or the container). */
  owner: YAMLMap;
  context?: YAMLMap;
  /** Set when `securityContext: *alias` shares another's map: findings go on the alias, and carry no fix. */
  viaAlias?: Node;
  container?: ContainerView;
  pod: PodSpecView;
}

function site(label: string, owner: YAMLMap, pod: PodSpecView, container?: ContainerView): SecuritySite {
  const value = pairOf(owner, 'securityContext')?.value;
  if (isAlias(value)) {
    const target = value.resolve(pod.object.source.doc);
    return { label, owner, pod, container, viaAlias: value, context: isMap(target) ? target : undefined };
  }
  return { label, owner, pod, container, context: isMap(value) ? value : undefined };
}

export function podSite(pod: PodSpecView): SecuritySite {
  return site('pod', pod.spec, pod);
}

export function containerSites(pod: PodSpecView): SecuritySite[] {
  return containersOf(pod).map((c) => site(describeContainer(c), c.node, pod, c));
}

/** The pair at a nested path of maps (`['capabilities', 'drop']`). */
export function pairAt(map: unknown, path: readonly string[]): Pair<Node, Node | null> | undefined {
  let cur: unknown = map;
  let pair: Pair<Node, Node | null> | undefined;
  for (const key of path) {
    pair = pairOf(cur, key);
    if (!pair) return undefined;
    cur = pair.value;
  }
  return pair;
}

/** The key under which the pod spec sits (`spec`, or `template.spec`'s `spec`), to underline pod-wide problems. */
export function podSpecKey(pod: PodSpecView): Node {
  const parent = pod.path.length > 1 ? mapAt(pod.object.node, ...pod.path.slice(0, -1)) : pod.object.node;
  return pairOf(parent, pod.path[pod.path.length - 1])?.key ?? pod.spec;
}

/**
 * What to underline when a field is missing from a site: the deepest key of `path` (inside securityContext) that
 * exists, else `securityContext`, else the container's `name` (or the pod spec's key).
 */
export function missingFieldAnchor(site: SecuritySite, path: readonly string[]): Node {
  if (site.viaAlias) return site.viaAlias;
  for (let n = path.length - 1; n >= 1; n--) {
    const pair = pairAt(site.context, path.slice(0, n));
    if (pair) return pair.key;
  }
  const sc = pairOf(site.owner, 'securityContext');
  if (sc) return sc.key;
  if (site.container) return pairOf(site.owner, 'name')?.key ?? site.owner;
  return podSpecKey(site.pod);
}

/** A check of one scalar field of securityContext, at the pod and/or container level. */
export interface FieldCheck {
  /** Path inside securityContext to the judged scalar (`['seccompProfile', 'type']`). */
  path: readonly string[];
  sites: 'containers' | 'pod-and-containers';
  /**
   * Whether a value is allowed. An absent field is always allowed, except that `value` is `undefined` when the
   * field's parent map exists without it (`seccompProfile: {}`), which some checks forbid.
   */
  allowed(value: unknown): boolean;
  message(where: string, value: unknown): string;
  fixes?(site: SecuritySite, pair: Pair<Node, Node | null>): FixSpec[];
}

/** Reports every site whose field holds a value `check` forbids; underlines the field (or its parent). */
export function reportForbiddenValues(pod: PodSpecView, ctx: RuleContext, check: FieldCheck): void {
  const sites = check.sites === 'containers' ? containerSites(pod) : [podSite(pod), ...containerSites(pod)];
  for (const site of sites) {
    const pair = pairAt(site.context, check.path);
    const value = pair && isScalar(pair.value) ? pair.value.value : pair?.value;
    // `key:` / `key: null` is a nil pointer for the API server: the same as leaving the key out.
    if (pair && value !== null && value !== undefined) {
      if (check.allowed(value)) continue;
      const fixes = site.viaAlias ? undefined : check.fixes?.(site, pair);
      ctx.report({ at: site.viaAlias ?? pair, message: check.message(site.label, value), fixes });
      continue;
    }
    const parent = check.path.length > 1 ? pairAt(site.context, check.path.slice(0, -1)) : undefined;
    if (parent && isMap(parent.value) && !check.allowed(undefined)) {
      ctx.report({ at: site.viaAlias ?? parent, message: check.message(site.label, undefined) });
    }
  }
}

/** `"value"` for messages; `unset` when undefined. */
export function shown(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

/** A PSS rule that is one `FieldCheck` (chosen per pod and policy version; `undefined` = nothing to check). */
export function defineFieldRule(meta: RuleMeta, checkFor: (pod: PodSpecView, ctx: RuleContext) => FieldCheck | FieldCheck[] | undefined): K8sRule {
  return defineK8sRule({
    meta,
    check(object, ctx) {
      const pod = podSpecOf(object);
      if (!pod) return;
      const checks = checkFor(pod, ctx);
      for (const check of Array.isArray(checks) ? checks : checks ? [checks] : []) reportForbiddenValues(pod, ctx, check);
    },
  });
}

/** `spec.volumes` entries that are maps, with their names. */
export function volumesOf(pod: PodSpecView): { name?: string; node: YAMLMap }[] {
  return (seqAt(pod.spec, 'volumes')?.items ?? []).filter(isMap).map((node) => ({ name: stringOf(node, 'name'), node }));
}

/** `volume "data"` (or `volume #2`) for messages. */
export function describeVolume(v: { name?: string }, index: number): string {
  return v.name ? `volume "${v.name}"` : `volume #${index + 1}`;
}

/** True for a key present with a non-null value (YAML `key:` alone is a nil pointer for the API). */
export function isSet(pair: Pair<Node, Node | null> | undefined): pair is Pair<Node, Node> {
  return !!pair && pair.value !== null && !(isScalar(pair.value) && pair.value.value === null);
}
