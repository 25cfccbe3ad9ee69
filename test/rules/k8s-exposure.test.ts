import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ManifestObject } from '../../server/src/engine/k8s/objects';
import { manifestObjects } from '../../server/src/engine/k8s/objects';
import { parseYamlDocuments } from '../../server/src/engine/yaml/documents';
import { findNamespacesWithoutNetworkPolicy, networkPolicyMessage } from '../../rules/k8s/missing-network-policy';
import { at, ofRule, underlined } from '../helpers/engine';

describe('k8s/service-exposed', () => {
  const id = 'k8s/service-exposed';

  it('reports a LoadBalancer without source ranges on `type: LoadBalancer`', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer # public\n  ports:\n  - port: 443\n';
    const [f, ...rest] = ofRule(text, id);
    assert.equal(rest.length, 0);
    assert.deepEqual(at(f), [5, 2, 5, 20]);
    assert.equal(underlined(text, f), 'type: LoadBalancer');
    assert.match(f.message, /Service "web" is a LoadBalancer with no loadBalancerSourceRanges/);
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.fixes, []);
  });

  it('reports a NodePort whatever its source ranges', () => {
    const text = 'apiVersion: v1\nkind: Service\nspec: {type: NodePort, loadBalancerSourceRanges: [10.0.0.0/8]}\n';
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), 'type: NodePort');
    assert.match(f.message, /^Service is a NodePort/);
  });

  it('accepts restricted ranges (field or annotation) and reports 0.0.0.0/0', () => {
    const field = 'apiVersion: v1\nkind: Service\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges:\n  - 203.0.113.0/24\n';
    assert.deepEqual(ofRule(field, id), []);
    const annotation = 'apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8, 192.168.0.0/16"\nspec:\n  type: LoadBalancer\n';
    assert.deepEqual(ofRule(annotation, id), []);
    const open = 'apiVersion: v1\nkind: Service\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: ["0.0.0.0/0"]\n';
    const [f] = ofRule(open, id);
    assert.match(f.message, /loadBalancerSourceRanges allows 0\.0\.0\.0\/0/);
  });

  it('ignores ClusterIP, ExternalName and non-Service kinds', () => {
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Service\nspec:\n  type: ClusterIP\n', id), []);
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Service\nspec:\n  type: ExternalName\n', id), []);
    assert.deepEqual(ofRule('apiVersion: v1\nkind: ConfigMap\ndata:\n  type: LoadBalancer\n', id), []);
  });

  it('finds it in the second document of a stream and in JSON', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nspec:\n  type: NodePort\n';
    const [f] = ofRule(text, id);
    assert.equal(f.docIndex, 1);
    assert.deepEqual(at(f), [7, 2, 7, 16]);
    const json = '{"apiVersion": "v1", "kind": "Service", "spec": {"type": "NodePort"}}';
    const [j] = ofRule(json, id, 's.json');
    assert.equal(underlined(json, j), '"type": "NodePort"');
  });
});

describe('k8s/service-external-ips', () => {
  const id = 'k8s/service-external-ips';

  it('underlines the externalIPs pair', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  externalIPs: [198.51.100.7] # why\n  ports: [{port: 5432}]\n';
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), 'externalIPs: [198.51.100.7]');
    assert.deepEqual(at(f), [5, 2, 5, 29]);
    assert.match(f.message, /Service "db" claims externalIPs/);
  });

  it('block list spans to its last item; an empty list is fine', () => {
    const text = 'apiVersion: v1\nkind: Service\nspec:\n  externalIPs:\n    - 198.51.100.7\n    - 198.51.100.8\n  ports: []\n';
    const [f] = ofRule(text, id);
    assert.deepEqual(at(f), [3, 2, 5, 18]);
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Service\nspec:\n  externalIPs: []\n', id), []);
    assert.deepEqual(ofRule('apiVersion: v1\nkind: Service\nspec:\n  ports: []\n', id), []);
  });
});

describe('k8s/ingress-no-tls', () => {
  const id = 'k8s/ingress-no-tls';

  it('reports the rules key when there is no tls section', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  rules:\n  - host: shop.example.com\n';
    const [f] = ofRule(text, id);
    assert.equal(underlined(text, f), 'rules');
    assert.deepEqual(at(f), [5, 2, 5, 7]);
    assert.equal(f.message, 'Ingress "shop" has no tls section: its hosts are served over plain HTTP.');
  });

  it('reports each host missing from tls, honouring one-label wildcards', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
spec:
  tls:
  - hosts: ["*.example.com", api.example.org]
    secretName: tls
  rules:
  - host: shop.example.com
  - host: a.b.example.com
  - host: api.example.org
  - host: admin.example.org
`;
    const found = ofRule(text, id);
    assert.deepEqual(found.map((f) => underlined(text, f)), ['a.b.example.com', 'admin.example.org']);
    assert.deepEqual(at(found[1]), [10, 10, 10, 27]);
  });

  it('a tls entry without hosts covers every host; a defaultBackend-only Ingress is reported on it', () => {
    const all = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nspec:\n  tls: [{secretName: tls}]\n  rules: [{host: a.example.com}]\n';
    assert.deepEqual(ofRule(all, id), []);
    const backend = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nspec:\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n';
    assert.equal(underlined(backend, ofRule(backend, id)[0]), 'defaultBackend');
  });
});

describe('k8s/missing-network-policy (workspace API)', () => {
  const objects = (...texts: string[]): ManifestObject[] => texts.flatMap((t) => parseYamlDocuments(t).flatMap((d) => manifestObjects(d)));
  const deploy = (ns?: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  template:\n    spec:\n      containers: [{name: a, image: a:1}]\n`;
  const policy = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n`;

  it('lists namespaces that have workloads but no policy, across files', () => {
    const result = findNamespacesWithoutNetworkPolicy(objects(deploy('shop'), deploy('billing') + '---\n' + policy('billing'), deploy()));
    assert.deepEqual(result.map((r) => r.namespace), ['default', 'shop']);
    assert.equal(result[1].workloads[0].object.kind, 'Deployment');
    assert.equal(networkPolicyMessage(result[1]), 'Namespace "shop" runs 1 workload but has no NetworkPolicy: every pod accepts traffic from every other pod in the cluster.');
  });

  it('points at the kind value and takes the default namespace from the caller', () => {
    const text = deploy();
    const [entry] = findNamespacesWithoutNetworkPolicy(objects(text), { defaultNamespace: 'team-a' });
    assert.equal(entry.namespace, 'team-a');
    assert.deepEqual(entry.workloads[0].at.range?.slice(0, 2), [text.indexOf('Deployment'), text.indexOf('Deployment') + 'Deployment'.length]);
  });

  it('reports nothing when there are no workloads or per object', () => {
    assert.deepEqual(findNamespacesWithoutNetworkPolicy(objects('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')), []);
    assert.deepEqual(ofRule(deploy('shop'), 'k8s/missing-network-policy'), []);
  });
});
