import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { tempTree } from '../helpers/cli';
import { LspTestClient } from '../helpers/lsp-client';

const CHART = {
  'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'web/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      hostNetwork: {{ .Values.hostNetwork }}\n      hostPID: {{ .Values.hostPID }}\n      containers:\n        - name: web\n          image: nginx:1.27\n',
  'web/values.yaml': 'hostNetwork: false\nhostPID: true\n',
  'web/values-prod.yaml': 'hostNetwork: true\n',
  'web/values-pid.yaml': 'hostPID: false\n',
};

describe('language server: Helm values files', () => {
  const root = tempTree(CHART);
  const uri = (rel: string) => pathToFileURL(join(root, rel)).href;
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    await client.initialize();
  });
  after(() => client.stop());

  const open = async (rel: string) => {
    const published = client.diagnostics(uri(rel));
    await client.open(uri(rel), readFileSync(join(root, rel), 'utf8'), 'yaml');
    return (await published).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`);
  };

  it('opening values-prod.yaml shows what it sets over values.yaml, on its own line', async () => {
    assert.deepEqual(await open('web/values-prod.yaml'), ['0:0 k8s/host-namespaces']);
  });

  it('saving a template of the chart analyses its open values files again', async () => {
    assert.deepEqual(await open('web/values-prod.yaml'), ['0:0 k8s/host-namespaces']);
    // The user edits the template so that hostNetwork no longer comes from the values, and saves it.
    const template = 'web/templates/deployment.yaml';
    const edited = CHART[template].replace('hostNetwork: {{ .Values.hostNetwork }}', 'hostNetwork: false');
    await client.open(uri(template), CHART[template], 'yaml');
    await client.change(uri(template), edited, 2);
    writeFileSync(join(root, template), edited);
    const published = client.diagnostics(uri('web/values-prod.yaml'));
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uri(template) } });
    assert.deepEqual((await published).diagnostics, []);
    // Put back for the next test.
    writeFileSync(join(root, template), CHART[template]);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(template) } });
  });

  it('kubeward.helm.valuesFiles applies files over values.yaml: a value they replace is no longer values.yaml\'s finding', async () => {
    assert.deepEqual(await open('web/values.yaml'), ['1:0 k8s/host-namespaces']);
    client.settings = { helm: { valuesFiles: ['values-pid.yaml'] } };
    const published = client.diagnostics(uri('web/values.yaml'));
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.deepEqual((await published).diagnostics, []);
  });
});
