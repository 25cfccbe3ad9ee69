import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseYamlDocuments } from '../../server/src/engine/yaml/documents';

describe('documents: leading comments', () => {
  // A long `#####` banner followed by content used to make the "only comments?" regex backtrack exponentially.
  it('a long banner comment before the first object is skipped and the object parsed', { timeout: 20000 }, () => {
    const banner = '#'.repeat(98);
    const text = `${banner}\n# Details service\n${banner}\napiVersion: v1\nkind: Service\n---\n# only a comment\n---\nkind: Pod\n`;
    const docs = parseYamlDocuments(text);
    assert.deepEqual(docs.map((d) => d.index), [0, 1, 2]);
    assert.equal(docs[0].doc.get('kind'), 'Service');
    assert.equal(docs[1].doc.get('kind'), undefined, 'a `---` document of comments still counts');
    assert.equal(docs[2].doc.get('kind'), 'Pod');
  });

  it('a leading chunk of comments and blank lines only is not a document', () => {
    const docs = parseYamlDocuments('# a\n\n   # b\r\n---\nkind: Pod\n');
    assert.deepEqual(docs.map((d) => [d.index, d.doc.get('kind')]), [[0, 'Pod']]);
  });
});
