import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { LineIndex } from '../../server/src/engine/text';
import { LspTestClient } from '../helpers/lsp-client';

const EDITS = Number(process.env.SOAK_EDITS ?? 2000);
const URI = 'file:///soak/deploy.yaml';
const START = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: soak
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
---
apiVersion: v1
kind: Service
metadata:
  name: soak
spec:
  type: NodePort
`;

/** Deterministic pseudo-random numbers (a failing run can be replayed). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

describe('language server soak', () => {
  it(`${EDITS} random edits over stdio: still answers, publishes the last version's findings, memory stays flat`, async () => {
    const client = new LspTestClient();
    client.settings = { debounceMs: 0 };
    try {
      await client.initialize();
      const first = client.diagnostics(URI);
      await client.open(URI, START);
      await first;
      const random = prng(12345);
      const pieces = ['a', ' ', '\n', ':', '- ', 'true', '{', '}', '#', '  ', 'privileged: true\n', '---\n', '"'];
      let text = START;
      let rssAtWarmup = 0;
      for (let version = 2; version <= EDITS + 1; version++) {
        const lines = new LineIndex(text);
        const a = Math.floor(random() * (text.length + 1));
        const b = Math.min(text.length, a + (random() < 0.5 ? 0 : Math.floor(random() * 6)));
        // Keep the document from growing without bound: deletions win once it is twice its start size.
        const insert = text.length > START.length * 2 ? '' : pieces[Math.floor(random() * pieces.length)];
        const change = { range: { start: lines.positionAt(a), end: lines.positionAt(b) }, text: insert };
        text = text.slice(0, a) + insert + text.slice(b);
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [change] });
        if (version % 250 === 0) {
          await client.diagnostics(URI, (p) => p.version === version, 30000);
          if (version === 500) rssAtWarmup = rssKb(client.proc.pid!);
        }
      }
      const last = EDITS + 1;
      const final = client.published.filter((p) => p.uri === URI && p.version === last).at(-1) ?? (await client.diagnostics(URI, (p) => p.version === last, 30000));
      const expected = new Analyzer().analyze({ text, path: '/soak/deploy.yaml', languageId: 'yaml' }).findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}`);
      assert.deepEqual(final.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`), expected, 'published diagnostics equal a fresh analysis of the final text');
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 0 } });
      assert.ok(hover === null || typeof hover === 'object', 'still answers requests');
      const rssEnd = rssKb(client.proc.pid!);
      process.stdout.write(`# soak: ${EDITS} edits, RSS ${Math.round(rssAtWarmup / 1024)} MB after 500 edits, ${Math.round(rssEnd / 1024)} MB at the end\n`);
      if (rssAtWarmup) assert.ok(rssEnd < rssAtWarmup + 64 * 1024, `memory grew from ${rssAtWarmup} kB to ${rssEnd} kB`);
      assert.equal(client.stderr.includes('uncaught exception'), false, client.stderr);
    } finally {
      await client.stop();
    }
  });
});
