import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { withoutCrdSchema } from '../../server/src/engine/yaml/crd-schema';

const YAML_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  versions:
  - name: v1
# a comment in column 0 inside the schema
    schema: {}
status:
  acceptedNames: {}
`;

const JSON_CRD = `{
  "apiVersion": "apiextensions.k8s.io/v1",
  "kind": "CustomResourceDefinition",
  "metadata": {
    "name": "widgets.example.com"
  },
  "spec": {
    "group": "example.com",
    "versions": [
      {
        "name": "v1"
      }
    ]
  }
}
`;

describe('CRD schemas are not composed', () => {
  it('overwrites a block spec with one comment line of the same length, keeping what follows in place', () => {
    const out = withoutCrdSchema(YAML_CRD);
    assert.equal(out.length, YAML_CRD.length);
    const specStart = YAML_CRD.indexOf('spec:');
    const statusStart = YAML_CRD.indexOf('status:');
    assert.equal(out.slice(0, specStart), YAML_CRD.slice(0, specStart));
    assert.equal(out.slice(statusStart), YAML_CRD.slice(statusStart));
    assert.equal(out.slice(specStart, statusStart), `#${' '.repeat(statusStart - specStart - 2)}\n`);
    const doc = parseDocument(out);
    assert.deepEqual(doc.errors, []);
    assert.deepEqual(doc.toJS(), { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, status: { acceptedNames: {} } });
  });

  it('parses only the text before a block spec that runs to the end of the document', () => {
    const specStart = YAML_CRD.indexOf('spec:');
    const noStatus = YAML_CRD.slice(0, YAML_CRD.indexOf('status:'));
    const out = withoutCrdSchema(noStatus);
    assert.equal(out, YAML_CRD.slice(0, specStart));
    // The object is the one the blanked text gives: everything but the spec.
    assert.deepEqual(parseDocument(out).toJS(), { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' } });
    // Comment lines in column 0 after the block belong to it, as in the blanked form.
    assert.equal(withoutCrdSchema(`${noStatus}# trailing comment\n`), YAML_CRD.slice(0, specStart));
  });

  it('does the same for the spec member of pretty-printed JSON, which stays valid', () => {
    const out = withoutCrdSchema(JSON_CRD);
    assert.equal(out.length, JSON_CRD.length);
    const specLine = JSON_CRD.indexOf('  "spec"');
    assert.equal(out.slice(0, specLine), JSON_CRD.slice(0, specLine));
    assert.match(out.slice(specLine), /^# +\n\}\n$/);
    assert.ok(out.endsWith('\n}\n'));
    const doc = parseDocument(out);
    assert.deepEqual(doc.errors, []);
    assert.deepEqual(doc.toJS(), { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' } });
  });

  it('leaves every other document alone', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: CustomResourceDefinition\nspec:\n  replicas: 1\n';
    assert.equal(withoutCrdSchema(deployment), deployment);
    const nested = 'apiVersion: v1\nkind: List\nitems:\n- kind: CustomResourceDefinition\n  spec: {}\n';
    assert.equal(withoutCrdSchema(nested), nested);
  });
});
