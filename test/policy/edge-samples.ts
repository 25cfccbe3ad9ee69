// Hand-written objects on the edges of the rules whose checks are the least obvious to translate (wildcard hosts,
// subresource wildcards, resourceNames, env names and values), with the engine's verdict worked out by reading the
// rule: rules/k8s/ingress-no-tls.ts, rules/_lib/rbac.ts (defineRbacGrantRule) and rules/_lib/sensitive-names.ts.
// rules.test.ts checks the verdict and that the exported CEL agrees.

export interface EdgeSample {
  reported: boolean;
  why: string;
  text: string;
}

const ingress = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n${spec}`;
const hostRules = (...hosts: string[]) => `  rules:\n${hosts.map((h) => `    - host: ${h}\n`).join('')}`;
const role = (rule: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules:\n  - ${rule}\n`;
const env = (entries: string, kind: 'containers' | 'initContainers' | 'ephemeralContainers' = 'containers') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  ${kind}:\n    - name: a\n      image: a:1\n      env:\n${entries}`;
const literal = (name: string, value: string) => `        - name: ${name}\n          value: ${value}\n`;

export const EDGE_SAMPLES: Readonly<Record<string, readonly EdgeSample[]>> = {
  'k8s/ingress-no-tls': [
    { reported: false, why: '*.example.com covers one more label', text: ingress(`  tls:\n    - hosts: ["*.example.com"]\n${hostRules('shop.example.com')}`) },
    { reported: true, why: '*.example.com does not cover two more labels', text: ingress(`  tls:\n    - hosts: ["*.example.com"]\n${hostRules('a.shop.example.com')}`) },
    { reported: true, why: '*.example.com does not cover example.com itself', text: ingress(`  tls:\n    - hosts: ["*.example.com"]\n${hostRules('example.com')}`) },
    { reported: true, why: 'a suffix without the dot is not a subdomain', text: ingress(`  tls:\n    - hosts: ["*.example.com"]\n${hostRules('shopexample.com')}`) },
    { reported: false, why: 'a wildcard host written in both places is equal', text: ingress(`  tls:\n    - hosts: ["*.example.com"]\n${hostRules('"*.example.com"')}`) },
    { reported: false, why: 'a tls entry without hosts covers every host', text: ingress(`  tls:\n    - hosts: [a.example.com]\n    - secretName: default-cert\n${hostRules('a.example.com', 'b.example.com')}`) },
    { reported: true, why: 'the second host is in no tls entry', text: ingress(`  tls:\n    - hosts: [a.example.com]\n${hostRules('a.example.com', 'b.example.com')}`) },
    { reported: false, why: 'a rule without a host is not judged', text: ingress(`  tls:\n    - hosts: [a.example.com]\n  rules:\n    - http: {paths: []}\n`) },
    { reported: true, why: 'an empty tls list is no tls, and a default backend is served', text: ingress(`  tls: []\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n`) },
    { reported: true, why: 'tls must be a list', text: ingress(`  tls:\n    hosts: [a.example.com]\n${hostRules('a.example.com')}`) },
    { reported: false, why: 'nothing is served: no rules and no backend', text: ingress('  ingressClassName: nginx\n') },
    { reported: false, why: 'a number in tls hosts is compared as written (String(123))', text: ingress(`  tls:\n    - hosts: [123]\n${hostRules('"123"')}`) },
  ],
  'k8s/rbac-pod-exec': [
    { reported: true, why: 'pods/* covers pods/exec', text: role('apiGroups: [""]\n    resources: ["pods/*"]\n    verbs: [get]') },
    { reported: false, why: 'a * resource is left to k8s/rbac-wildcard', text: role('apiGroups: [""]\n    resources: ["*"]\n    verbs: ["*"]') },
    { reported: false, why: 'list is not a verb that opens a shell', text: role('apiGroups: [""]\n    resources: [pods/exec]\n    verbs: [list]') },
  ],
  'k8s/rbac-secrets-access': [
    { reported: true, why: 'a * API group includes the core group', text: role('apiGroups: ["*"]\n    resources: [secrets]\n    verbs: [list]') },
    { reported: false, why: 'secrets of another API group are not Secrets', text: role('apiGroups: [apps]\n    resources: [secrets]\n    verbs: ["*"]') },
    { reported: false, why: 'named secrets only', text: role('apiGroups: [""]\n    resources: [secrets]\n    resourceNames: [app-token]\n    verbs: [get]') },
    { reported: true, why: 'a number is no secret name', text: role('apiGroups: [""]\n    resources: [secrets]\n    resourceNames: [1]\n    verbs: [get]') },
    { reported: false, why: 'apiGroups must be a list', text: role('apiGroups: "*"\n    resources: [secrets]\n    verbs: [get]') },
  ],
  'k8s/rbac-nodes-proxy': [
    { reported: true, why: 'nodes/* covers nodes/proxy', text: role('apiGroups: [""]\n    resources: ["nodes/*"]\n    verbs: [get]') },
    { reported: false, why: 'nodes is not its proxy subresource', text: role('apiGroups: [""]\n    resources: [nodes]\n    verbs: [get]') },
  ],
  'k8s/rbac-impersonate': [
    { reported: true, why: 'uids of authentication.k8s.io', text: role('apiGroups: [authentication.k8s.io]\n    resources: [uids]\n    verbs: [impersonate]') },
  ],
  'k8s/rbac-bind': [{ reported: true, why: 'a * verb includes bind', text: role('apiGroups: [rbac.authorization.k8s.io]\n    resources: [roles]\n    verbs: ["*"]') }],
  'k8s/secret-in-env-literal': [
    { reported: true, why: 'camelCase apiKey: API then KEY', text: env(literal('apiKey', 'abc')) },
    { reported: false, why: 'DBPassword is one word (no lower-case letter before P)', text: env(literal('DBPassword', 'abc')) },
    { reported: true, why: 'dbPassword splits into DB, PASSWORD', text: env(literal('dbPassword', 'abc')) },
    { reported: false, why: 'a describing last word', text: env(literal('DB_PASSWORD_FILE', 'abc')) },
    { reported: false, why: 'a switch word', text: env(literal('MYSQL_ALLOW_EMPTY_PASSWORD', 'abc')) },
    { reported: false, why: 'PWD is the working directory', text: env(literal('pwd', 'abc')) },
    { reported: false, why: 'a $(VAR) reference', text: env(literal('TOKEN', '" $(OTHER_TOKEN) "')) },
    { reported: false, why: 'a switch value', text: env(literal('SECRET', 'Enabled')) },
    { reported: false, why: 'a number is not a string value', text: env(literal('SECRET', '123')) },
    { reported: true, why: 'a quoted number is', text: env(literal('SECRET', '"123"')) },
    { reported: true, why: 'init containers too', text: env(literal('Api-Token', 'abc'), 'initContainers') },
    { reported: true, why: 'ephemeral containers too', text: env(literal('signing.key', 'abc'), 'ephemeralContainers') },
  ],
};
