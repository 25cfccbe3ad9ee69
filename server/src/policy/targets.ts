// What an exported rule matches at admission: the API resources (VAP), kinds (Kyverno, Gatekeeper) and the CEL
// variables its expression reads. Workload rules read the pod template through POD_VARIABLES; Service rules read the
// Service through SERVICE_VARIABLES, and so on for Roles, bindings and Ingresses.
import { POD_VARIABLES, type CelVariable } from './pss-cel';

export type TargetName = 'workloads' | 'services' | 'roles' | 'bindings' | 'ingresses';

export interface Target {
  resourceRules: { apiGroup: string; resources: string[] }[];
  /** Kinds by API group, as Gatekeeper matches them; Kyverno takes the flattened list. */
  kinds: { apiGroup: string; kinds: string[] }[];
  variables: readonly CelVariable[];
}

/** Cloud load balancers read allowed client ranges from the field or, on older controllers, this annotation (rules/k8s/service-exposed.ts). */
export const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export const SERVICE_VARIABLES: readonly CelVariable[] = [
  { name: 'spec', expression: 'has(object.spec) && type(object.spec) == map ? object.spec : {}' },
  // The type only counts as a string, as the engine compares the YAML scalar's value.
  { name: 'type', expression: "has(variables.spec.type) && type(variables.spec.type) == string ? variables.spec.type : ''" },
  // The field's scalar items (the engine skips nested maps and lists).
  {
    name: 'sourceRanges',
    expression:
      'has(variables.spec.loadBalancerSourceRanges) && type(variables.spec.loadBalancerSourceRanges) == list ? variables.spec.loadBalancerSourceRanges.filter(r, type(r) != map && type(r) != list) : []',
  },
  {
    name: 'sourceRangesAnnotation',
    expression: `has(object.metadata) && has(object.metadata.annotations) && type(object.metadata.annotations) == map && '${SOURCE_RANGES_ANNOTATION}' in object.metadata.annotations && type(object.metadata.annotations['${SOURCE_RANGES_ANNOTATION}']) == string ? object.metadata.annotations['${SOURCE_RANGES_ANNOTATION}'] : ''`,
  },
];

const RBAC = 'rbac.authorization.k8s.io';
/** A Role's or ClusterRole's rules that are maps (rules/_lib/rbac.ts skips the others). */
const ROLE_VARIABLES: readonly CelVariable[] = [{ name: 'rules', expression: 'has(object.rules) && type(object.rules) == list ? object.rules.filter(r, type(r) == map) : []' }];
const BINDING_VARIABLES: readonly CelVariable[] = [
  { name: 'roleRef', expression: 'has(object.roleRef) && type(object.roleRef) == map ? object.roleRef : {}' },
  { name: 'subjects', expression: 'has(object.subjects) && type(object.subjects) == list ? object.subjects.filter(s, type(s) == map) : []' },
];

/** An Ingress's spec and its tls entries when they are a list (rules/k8s/ingress-no-tls.ts reads no other shape). */
const INGRESS_VARIABLES: readonly CelVariable[] = [
  { name: 'spec', expression: 'has(object.spec) && type(object.spec) == map ? object.spec : {}' },
  { name: 'tls', expression: 'has(variables.spec.tls) && type(variables.spec.tls) == list ? variables.spec.tls : []' },
];

export const TARGETS: Readonly<Record<TargetName, Target>> = {
  workloads: {
    resourceRules: [
      { apiGroup: '', resources: ['pods', 'replicationcontrollers', 'podtemplates'] },
      { apiGroup: 'apps', resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
      { apiGroup: 'batch', resources: ['jobs', 'cronjobs'] },
    ],
    kinds: [
      { apiGroup: '', kinds: ['Pod', 'ReplicationController', 'PodTemplate'] },
      { apiGroup: 'apps', kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'] },
      { apiGroup: 'batch', kinds: ['Job', 'CronJob'] },
    ],
    variables: POD_VARIABLES,
  },
  services: {
    resourceRules: [{ apiGroup: '', resources: ['services'] }],
    kinds: [{ apiGroup: '', kinds: ['Service'] }],
    variables: SERVICE_VARIABLES,
  },
  roles: { resourceRules: [{ apiGroup: RBAC, resources: ['roles', 'clusterroles'] }], kinds: [{ apiGroup: RBAC, kinds: ['Role', 'ClusterRole'] }], variables: ROLE_VARIABLES },
  bindings: {
    resourceRules: [{ apiGroup: RBAC, resources: ['rolebindings', 'clusterrolebindings'] }],
    kinds: [{ apiGroup: RBAC, kinds: ['RoleBinding', 'ClusterRoleBinding'] }],
    variables: BINDING_VARIABLES,
  },
  ingresses: {
    resourceRules: [{ apiGroup: 'networking.k8s.io', resources: ['ingresses'] }],
    kinds: [{ apiGroup: 'networking.k8s.io', kinds: ['Ingress'] }],
    variables: INGRESS_VARIABLES,
  },
};
