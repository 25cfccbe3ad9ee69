import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/engine/fix';
import type { TextEdit } from '../../server/src/engine/types';
import { LspTestClient } from '../helpers/lsp-client';

const URI = 'file:///work/demo/api.Dockerfile';
const TEXT = 'FROM node:22-bookworm-slim\nWORKDIR /app\nADD package.json ./\nRUN sudo npm ci\nCMD ["node", "server.js"]\n';

type Action = { title: string; kind: string; edit: { documentChanges: { edits: TextEdit[] }[] } };

describe('language server: Dockerfiles', () => {
  let client: LspTestClient;
  let diagnostics: Diagnostic[];
  before(async () => {
    client = new LspTestClient();
    await client.initialize();
    const published = client.diagnostics(URI);
    await client.open(URI, TEXT, 'dockerfile');
    diagnostics = (await published).diagnostics;
  });
  after(() => client.stop());

  it('publishes Dockerfile diagnostics on exact ranges', () => {
    const byCode = (code: string) => diagnostics.find((d) => d.code === code);
    assert.deepEqual(byCode('docker/no-root-user')?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 26 } });
    assert.equal(byCode('docker/no-root-user')?.severity, 1);
    assert.deepEqual(byCode('docker/prefer-copy')?.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } });
    assert.deepEqual(byCode('docker/no-sudo')?.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 8 } });
    assert.match(byCode('docker/no-root-user')!.codeDescription!.href, /docker\/no-root-user/);
  });

  it('explains a finding on hover', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 3, character: 5 } })) as { contents: { value: string } };
    assert.match(hover.contents.value, /sudo used in RUN/);
  });

  it('offers USER 10001 as a quick fix and the suppression comment', async () => {
    const d = diagnostics.find((x) => x.code === 'docker/no-root-user')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: d.range, context: { diagnostics: [d] } })) as Action[];
    const user = actions.find((a) => a.title.includes('USER 10001'))!;
    assert.equal(user.kind, 'quickfix');
    assert.equal(applyEdits(TEXT, user.edit.documentChanges[0].edits), TEXT.replace('CMD [', 'USER 10001\nCMD ['));
    const suppress = actions.find((a) => a.title.startsWith('Suppress docker/no-root-user'))!;
    assert.equal(applyEdits(TEXT, suppress.edit.documentChanges[0].edits).split('\n')[0], '# kubeward-ignore docker/no-root-user -- <reason>');
  });

  it('fix-all applies only the safe fixes (ADD→COPY, sudo removal)', async () => {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as Action[];
    assert.equal(actions.length, 1);
    assert.equal(applyEdits(TEXT, actions[0].edit.documentChanges[0].edits), TEXT.replace('ADD package.json', 'COPY package.json').replace('sudo npm', 'npm'));
  });
});
