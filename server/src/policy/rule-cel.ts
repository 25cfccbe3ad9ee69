// Kubernetes rules beyond the Pod Security Standards that the object alone decides, as CEL (true = allowed). Each
// expression follows its rule's check in rules/k8s/. Standard CEL only, except `substring` from CEL's strings extension
// in k8s/ingress-no-tls (wildcard hosts): the Kubernetes CEL environment that ValidatingAdmissionPolicy, Kyverno and
// Gatekeeper's K8sNativeValidation share includes it. Rules without an entry are listed in NOT_EXPORTED with the reason.
import sockets from '../../../rules/_data/runtime-sockets.json';
import { ALL_RULES } from '../../../rules';
import { entriesGranting } from '../../../rules/_lib/rbac';
import { PUBLIC_IDENTITIES } from '../../../rules/k8s/rbac-anonymous-binding';
import type { RbacGrant } from '../engine/rule';
import { MAY_BE_SENSITIVE_NAME, NON_SECRET_VALUE, NOT_SENSITIVE_NAME, SENSITIVE_NAME } from './env-name-cel';
import { allContainers, list, set } from './pss-cel';
import type { TargetName } from './targets';

export interface RuleCel {
  /** What the admission message says when the expression is false. */
  message: string;
  /** The expression for the rule's options as configured (e.g. `requireCpuLimit`). */
  expression: (options: Record<string, unknown>) => string;
  /** The objects the rule judges (default: workloads); the expression reads that target's variables. */
  target?: TargetName;
}

/** A CEL string literal. */
const str = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Which images rules/_lib/images.ts parses: not blank, no inner whitespace, not a template (`$(VAR)`, `{{ }}`). */
const UNPARSEABLE_IMAGE = String.raw`^\s*$|\S\s+\S|[$]|\{\{`;
/** `isDigestPinned`: everything after the first `@` is a sha256 digest. */
const DIGEST_PINNED = String.raw`^\s*[^@]*@sha256:[a-f0-9]{64}\s*$`;
/** `hasFloatingTag`: the last path component has no tag, an empty one, or `latest` (a registry port is not a tag). */
const FLOATING_TAG = String.raw`^\s*([^@]*/)?[^/:@]*(:(latest)?)?(@.*)?$`;

const imageIs = (c: string, regex: string) => `${c}.image.matches(${str(regex)})`;
/** Containers whose image the image rules judge: a string that parses as a reference. */
const judgedImage = (c: string) => `has(${c}.image) && type(${c}.image) == string && !${imageIs(c, UNPARSEABLE_IMAGE)}`;

/** No securityContext at all: absent or empty (rules/k8s/missing-security-context.ts). */
const noSecurityContext = (owner: string) => `(!has(${owner}.securityContext) || size(${owner}.securityContext) == 0)`;

/** A hostPath that is a runtime socket or a directory holding one, after collapsing slashes (rules/_data/runtime-sockets.json). */
const RUNTIME_SOCKET_PATH = [
  String.raw`(^\s*|/)(${sockets.socketFileNames.map(escapeRegex).join('|')})/*\s*$`,
  ...sockets.directories.map((d) => String.raw`^\s*/+${d.split('/').filter(Boolean).map(escapeRegex).join('/+')}/*\s*$`),
].join('|');

/** An annotation's comma-separated ranges (trimmed, empty ones dropped) include at least one / an open one. */
const SOME_RANGE = String.raw`[^,\s]`;
const OPEN_RANGE = String.raw`(^|,)\s*(0\.0\.0\.0/0|::/0)\s*(,|$)`;
/** A field range the engine keeps (it drops '') and one it counts as open. */
const keptRange = (r: string) => `!(type(${r}) == string && ${r} == '')`;
const openRange = (r: string) => `(type(${r}) == string && ${r} in ['0.0.0.0/0', '::/0'])`;

/** A string field of a map equals one of the values (the engine compares YAML string scalars). */
const stringIn = (m: string, f: string, values: readonly string[]) => `(has(${m}.${f}) && type(${m}.${f}) == string && ${m}.${f} in ${list(values)})`;

const podSpecGiven = 'has(variables.template.spec)';

/** A list field of a map holds one of the strings (rules/_lib/rbac.ts reads only string items). */
const hasStringIn = (m: string, f: string, values: readonly string[]) => `(has(${m}.${f}) && type(${m}.${f}) == list && ${m}.${f}.exists(x, type(x) == string && x in ${list(values)}))`;

/** The one template of the RBAC grant rules (rules/_lib/rbac.ts defineRbacGrantRule): no Role rule grants `grant`. */
function grantCel(grant: RbacGrant): RuleCel {
  const named = `(has(r.resourceNames) && type(r.resourceNames) == list && r.resourceNames.exists(n, type(n) == string))`;
  const conditions = [
    ...(grant.exceptNamedResources ? [`!${named}`] : []),
    hasStringIn('r', 'apiGroups', [...grant.apiGroups, '*']),
    hasStringIn('r', 'verbs', [...grant.verbs, '*']),
    hasStringIn('r', 'resources', [...new Set(grant.resources.flatMap(entriesGranting))]),
  ];
  return {
    message: `RBAC rules must not grant ${grant.verbs.join('/')} on ${grant.resources.join(', ')}${grant.exceptNamedResources ? ' unless limited by resourceNames' : ''}`,
    target: 'roles',
    expression: () => `!variables.rules.exists(r, ${conditions.join(' && ')})`,
  };
}

/** An env entry of `c` that writes a credential-like name's value literally (rules/k8s/secret-in-env-literal.ts). */
const literalCredential = (e: string) =>
  `type(${e}) == map && has(${e}.name) && type(${e}.name) == string && has(${e}.value) && type(${e}.value) == string && ${e}.name.matches(${str(MAY_BE_SENSITIVE_NAME)}) && ${e}.name.matches(${str(SENSITIVE_NAME)}) && !${e}.name.matches(${str(NOT_SENSITIVE_NAME)}) && !${e}.value.matches(${str(NON_SECRET_VALUE)})`;

/** A tls host `h` covers the rule host `host` (rules/k8s/ingress-no-tls.ts): equal as written, or `*.example.com` for one label more. */
const tlsCovers = (h: string, host: string) =>
  `(type(${h}) == string && (${h} == ${host} || (${h}.startsWith('*.') && ${host}.endsWith(${h}.substring(1)) && !${host}.substring(0, size(${host}) - size(${h}) + 1).contains('.')))) || (type(${h}) == int && string(${h}) == ${host}) || (type(${h}) == bool && (${h} ? 'true' : 'false') == ${host}) || (type(${h}) == null_type && ${host} == 'null')`;

export const RULE_CEL: Readonly<Record<string, RuleCel>> = {
  ...Object.fromEntries(ALL_RULES.flatMap((r) => (r.meta.grant ? [[r.meta.id, grantCel(r.meta.grant)]] : []))),
  'k8s/secret-in-env-literal': {
    message: 'env entries named like a credential must not set a literal value (use valueFrom.secretKeyRef)',
    expression: () => allContainers(`type(c) != map || !has(c.env) || type(c.env) != list || !c.env.exists(e, ${literalCredential('e')})`),
  },
  'k8s/ingress-no-tls': {
    message: 'Ingresses must have spec.tls, and every tls entry naming hosts must cover the hosts of the rules',
    target: 'ingresses',
    // No tls entry: denied when something is served. An entry without hosts covers every host (the controller's default).
    expression: () =>
      `size(variables.tls) == 0 ? !['rules', 'defaultBackend', 'backend'].exists(k, k in variables.spec) : variables.tls.exists(t, type(t) != map || !has(t.hosts) || type(t.hosts) != list || size(t.hosts) == 0) || !has(variables.spec.rules) || type(variables.spec.rules) != list || variables.spec.rules.all(r, type(r) != map || !has(r.host) || type(r.host) != string || variables.tls.exists(t, t.hosts.exists(h, ${tlsCovers('h', 'r.host')})))`,
  },
  'k8s/writable-root-filesystem': {
    message: 'containers must set securityContext.readOnlyRootFilesystem=true',
    expression: () => `variables.windows || ${allContainers(`${set('c', 'securityContext.readOnlyRootFilesystem')} && c.securityContext.readOnlyRootFilesystem == true`)}`,
  },
  'k8s/service-account-token-automount': {
    message: 'the pod must set automountServiceAccountToken=false',
    expression: () => `!${podSpecGiven} || (has(variables.spec.automountServiceAccountToken) && variables.spec.automountServiceAccountToken == false)`,
  },
  'k8s/resource-limits-missing': {
    message: 'containers and init containers must set resources.limits.memory',
    expression: (options) => {
      const wanted = options.requireCpuLimit === true ? ['memory', 'cpu'] : ['memory'];
      const body = wanted.map((r) => `(${set('c', `resources.limits.${r}`)})`).join(' && ');
      return ['containers', 'initContainers'].map((k) => `(!has(variables.spec.${k}) || variables.spec.${k}.all(c, ${body}))`).join(' && ');
    },
  },
  'k8s/image-mutable-tag': {
    message: 'images must use a version tag (not latest, not untagged) or a digest',
    expression: () => allContainers(`!(${judgedImage('c')}) || ${imageIs('c', DIGEST_PINNED)} || !${imageIs('c', FLOATING_TAG)}`),
  },
  'k8s/image-not-pinned': {
    message: 'images must be pinned by digest (name:tag@sha256:...)',
    expression: () => allContainers(`!has(c.image) || type(c.image) != string || c.image.matches(${str('@sha256:[a-f0-9]{64}$')})`),
  },
  'k8s/image-pull-policy': {
    message: 'images with a mutable tag must use imagePullPolicy: Always',
    expression: () =>
      allContainers(
        `!(${judgedImage('c')}) || ${imageIs('c', DIGEST_PINNED)} || (has(c.imagePullPolicy) ? (type(c.imagePullPolicy) != string || c.imagePullPolicy == 'Always') : ${imageIs('c', FLOATING_TAG)})`,
      ),
  },
  'k8s/container-runtime-socket': {
    message: 'hostPath volumes must not expose the container runtime socket',
    expression: () =>
      `!has(variables.spec.volumes) || variables.spec.volumes.all(v, !(${set('v', 'hostPath.path')}) || type(v.hostPath.path) != string || !v.hostPath.path.matches(${str(RUNTIME_SOCKET_PATH)}))`,
  },
  'k8s/missing-security-context': {
    message: 'the pod or each container must set a securityContext',
    expression: () => `!${podSpecGiven} || !${noSecurityContext('variables.spec')} || ${allContainers(`!${noSecurityContext('c')}`)}`,
  },
  'k8s/default-service-account': {
    message: "the pod must name its own service account (not the namespace's default)",
    expression: () => {
      const named = (f: string) => `(type(variables.spec.${f}) == string && variables.spec.${f} != '' && variables.spec.${f} != 'default')`;
      return `!${podSpecGiven} || (has(variables.spec.serviceAccountName) ? ${named('serviceAccountName')} : has(variables.spec.serviceAccount) && ${named('serviceAccount')})`;
    },
  },
  'k8s/service-external-ips': {
    message: 'Services must not set spec.externalIPs',
    target: 'services',
    expression: () => `!has(variables.spec.externalIPs) || type(variables.spec.externalIPs) != list || size(variables.spec.externalIPs) == 0`,
  },
  'k8s/service-exposed': {
    message: 'NodePort Services are not allowed; LoadBalancer Services must restrict loadBalancerSourceRanges (not 0.0.0.0/0 or ::/0)',
    target: 'services',
    // The field's ranges when it has any, else the annotation's, as rules/k8s/service-exposed.ts reads them.
    expression: () =>
      `variables.type != 'NodePort' && (variables.type != 'LoadBalancer' || (size(variables.sourceRanges) > 0 ? variables.sourceRanges.exists(r, ${keptRange('r')}) && !variables.sourceRanges.exists(r, ${openRange('r')}) : variables.sourceRangesAnnotation.matches(${str(SOME_RANGE)}) && !variables.sourceRangesAnnotation.matches(${str(OPEN_RANGE)})))`,
  },
  'k8s/rbac-wildcard': {
    message: 'RBAC rules must not use * in apiGroups, resources, verbs or nonResourceURLs',
    target: 'roles',
    expression: () =>
      `!variables.rules.exists(r, ${list(['apiGroups', 'resources', 'verbs', 'nonResourceURLs'])}.exists(f, f in r && type(r[f]) == list && r[f].exists(x, type(x) == string && x == '*')))`,
  },
  'k8s/rbac-cluster-admin-binding': {
    message: 'bindings must not grant the cluster-admin ClusterRole',
    target: 'bindings',
    expression: () => `!(${stringIn('variables.roleRef', 'name', ['cluster-admin'])} && ${stringIn('variables.roleRef', 'kind', ['ClusterRole'])})`,
  },
  'k8s/rbac-anonymous-binding': {
    message: `bindings must not name ${Object.keys(PUBLIC_IDENTITIES).join(', ')} as a subject`,
    target: 'bindings',
    expression: () => `!variables.subjects.exists(s, ${stringIn('s', 'name', Object.keys(PUBLIC_IDENTITIES))} && !${stringIn('s', 'kind', ['ServiceAccount'])})`,
  },
};

/** Why a Kubernetes rule that is neither a PSS check nor in RULE_CEL is not exported. */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  'k8s/missing-network-policy': 'needs the other objects of the namespace (NetworkPolicies selecting the pod)',
  'k8s/image-registry': 'needs the trusted-registry list of the workspace settings; enforce it with a registry allow-list policy',
  'k8s/deprecated-api-version': 'the API server itself refuses or converts old API versions; a policy would only see the stored version',
  'k8s/removed-api-version': 'the API server itself refuses removed API versions',
  'k8s/secret-data-in-manifest': 'about secrets committed to files: every Secret carries its data at admission',
};
