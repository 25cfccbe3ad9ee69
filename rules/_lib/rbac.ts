import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { ManifestObject } from '../../server/src/engine/k8s/objects';
import { defineK8sRule, type K8sRule, type RbacGrant, type RuleMeta } from '../../server/src/engine/rule';
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

/** The resource entries of a rule that grant `wanted`: itself and, for a subresource, `pods/*` for `pods/exec`. */
export function entriesGranting(wanted: string): string[] {
  const [resource, sub] = wanted.split('/');
  return sub === undefined ? [wanted] : [wanted, `${resource}/*`];
}

/**
 * Defines a rule that reports each explicit resource entry of a Role/ClusterRole rule granting `meta.grant`.
 * A `*` resource is left to `k8s/rbac-wildcard`, so one wildcard is not reported by every privilege rule.
 * server/src/policy/rule-cel.ts turns the same grant into the admission policy's CEL.
 */
export function defineRbacGrantRule(meta: RuleMeta & { grant: RbacGrant }): K8sRule {
  const { grant } = meta;
  const entries = new Set(grant.resources.flatMap(entriesGranting));
  return defineK8sRule({
    meta,
    check(object, ctx) {
      for (const rule of policyRulesOf(object)) {
        if (grant.exceptNamedResources && rule.resourceNames.length) continue;
        if (!rule.apiGroups.some((g) => g.value === '*' || grant.apiGroups.includes(g.value))) continue;
        const verbs = rule.verbs.filter((v) => v.value === '*' || grant.verbs.includes(v.value)).map((v) => v.value);
        if (!verbs.length) continue;
        for (const resource of rule.resources) {
          if (!entries.has(resource.value)) continue;
          ctx.report({ at: resource.node, message: `${describeRole(object)} can ${verbs.join('/')} ${resource.value}: ${grant.risk}.` });
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
