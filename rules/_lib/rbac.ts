import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { ManifestObject } from '../../server/src/engine/k8s/objects';
import { defineK8sRule, type K8sRule, type RuleMeta } from '../../server/src/engine/rule';
import { seqAt } from '../../server/src/engine/yaml/nodes';

/** An item of a string list in a policy rule, with its node for the report. */
export interface ListItem {
  value: string;
  node: Node;
}

export interface PolicyRuleView {
  node: YAMLMap;
  apiGroups: ListItem[];
  resources: ListItem[];
  verbs: ListItem[];
  resourceNames: ListItem[];
  nonResourceURLs: ListItem[];
}

export function isRbacObject(object: ManifestObject, kinds: readonly string[]): boolean {
  return kinds.includes(object.kind) && object.apiVersion.startsWith('rbac.authorization.k8s.io/');
}

function stringItems(map: YAMLMap, key: string): ListItem[] {
  return (seqAt(map, key)?.items ?? []).flatMap((n) => (isScalar(n) && typeof n.value === 'string' ? [{ value: n.value, node: n as Node }] : []));
}

/** The `rules` of a Role or ClusterRole (none for other objects). */
export function policyRulesOf(object: ManifestObject): PolicyRuleView[] {
  if (!isRbacObject(object, ['Role', 'ClusterRole'])) return [];
  return (seqAt(object.node, 'rules')?.items ?? []).flatMap((node) =>
    isMap(node)
      ? [{
          node,
          apiGroups: stringItems(node, 'apiGroups'),
          resources: stringItems(node, 'resources'),
          verbs: stringItems(node, 'verbs'),
          resourceNames: stringItems(node, 'resourceNames'),
          nonResourceURLs: stringItems(node, 'nonResourceURLs'),
        }]
      : [],
  );
}

export function describeRole(object: ManifestObject): string {
  return object.name ? `${object.kind} "${object.name}"` : object.kind;
}

/** Whether a resource entry of a rule covers `wanted` (`pods/*` covers `pods/exec`). */
function resourceCovers(entry: string, wanted: string): boolean {
  if (entry === wanted) return true;
  const [res, sub] = wanted.split('/');
  return sub !== undefined && entry === `${res}/*`;
}

/** A grant of some verbs on some resources: the shape shared by the RBAC privilege rules. */
export interface GrantSpec {
  /** Verbs that make the grant dangerous; a `*` verb always matches. */
  verbs: readonly string[];
  /** Resources (with subresource) the grant is about. */
  resources: readonly string[];
  /** API groups of those resources ('' is the core group); a `*` group always matches. */
  apiGroups: readonly string[];
  /** A rule limited by `resourceNames` is scoped to named objects: not reported when true. */
  ignoreNamedResources?: boolean;
  /** Message for one matching resource entry. */
  message: (role: string, resource: string, verbs: string[]) => string;
}

/**
 * Defines a rule that reports each explicit resource entry of a Role/ClusterRole rule granting `spec`.
 * A `*` resource is left to `k8s/rbac-wildcard`, so one wildcard is not reported by every privilege rule.
 */
export function defineRbacGrantRule(meta: RuleMeta, spec: GrantSpec): K8sRule {
  return defineK8sRule({
    meta,
    check(object, ctx) {
      for (const rule of policyRulesOf(object)) {
        if (spec.ignoreNamedResources && rule.resourceNames.length) continue;
        if (!rule.apiGroups.some((g) => g.value === '*' || spec.apiGroups.includes(g.value))) continue;
        const verbs = rule.verbs.filter((v) => v.value === '*' || spec.verbs.includes(v.value)).map((v) => v.value);
        if (!verbs.length) continue;
        for (const resource of rule.resources) {
          if (!spec.resources.some((r) => resourceCovers(resource.value, r))) continue;
          ctx.report({ at: resource.node, message: spec.message(describeRole(object), resource.value, verbs) });
        }
      }
    },
  });
}

export interface SubjectView {
  kind?: string;
  name: string;
  /** The `name` value node. */
  node: Node;
}

/** The subjects of a RoleBinding or ClusterRoleBinding (none for other objects). */
export function bindingSubjectsOf(object: ManifestObject): SubjectView[] {
  if (!isRbacObject(object, ['RoleBinding', 'ClusterRoleBinding'])) return [];
  return (seqAt(object.node, 'subjects')?.items ?? []).flatMap((s) => {
    const name = isMap(s) ? s.get('name', true) : undefined;
    const kind = isMap(s) ? s.get('kind') : undefined;
    return isScalar(name) && typeof name.value === 'string' ? [{ kind: typeof kind === 'string' ? kind : undefined, name: name.value, node: name as Node }] : [];
  });
}
