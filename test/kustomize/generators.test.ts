import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import { envFileKeys, literalValue } from '../../server/src/engine/kustomize/generators';
import { DEFAULT_SETTINGS, type EngineSettings, type Finding, type KustomizeInput } from '../../server/src/engine/types';
import { analyzeTree, DEFAULT_KUSTOMIZE_OPTIONS, type TreeAnalysis } from '../../server/src/node/kustomize';
import { tempTree } from '../helpers/cli';

const RULE = 'k8s/secret-data-in-manifest';
const analyzer = new Analyzer();

/** `line:col-line:col message` (1-based) of the rule's findings on a kustomization judged on its own. */
function judged(text: string, kustomize?: KustomizeInput, settings: Partial<EngineSettings> = {}): string[] {
  const result = analyzer.analyze({ text, path: '/repo/app/kustomization.yaml', settings: { ...DEFAULT_SETTINGS, ...settings }, kustomize });
  return result.findings.filter((f) => f.ruleId === RULE).map(where);
}

function where(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.message}`;
}

describe('secretGenerator: values committed in a kustomization', () => {
  it('reads literals and env files as kustomize does (checked with kubectl kustomize 5.5)', () => {
    // `E=x=y` became "x=y"; `q="quoted"` became "quoted"; `f=""` became "" (kubectl kustomize output, base64-decoded).
    assert.deepEqual(literalValue('token=a=b'), { key: 'token', value: 'a=b' });
    assert.deepEqual(literalValue('q="quoted"'), { key: 'q', value: 'quoted' });
    assert.deepEqual(literalValue("q='x"), { key: 'q', value: "'x" });
    assert.deepEqual(literalValue('f=""'), { key: 'f', value: '' });
    assert.equal(literalValue('=x'), undefined);
    assert.equal(literalValue('novalue'), undefined);
    // BOM, comment, blank, leading blanks, `B=` empty, bare `C` (empty in the build), quotes kept in `D="q"`.
    assert.deepEqual(envFileKeys('\uFEFF# c\n\n  A=1\nB=\nC\nD="q"\nE=x=y\r\n'), ['A', 'D', 'E']);
  });

  it('each literals item with a value, on its scalar; placeholders and configMapGenerator are not reported', () => {
    const text = [
      'secretGenerator:', //                  line 1
      '- name: db', //                        line 2
      '  literals:', //                       line 3
      '  - password=hunter2', //              line 4: scalar at col 5, 16 chars → 4:5-4:21
      '  - "token=a=b"', //                   line 5: quoted scalar with its quotes, col 5, 11 chars → 5:5-5:16
      "  - 'api-key=\"k\"'", //               line 6: col 5, 13 chars → 6:5-6:18
      '  - empty=', //                        line 7: empty value: placeholder
      '  - quoted-empty=""', //               line 8: "" is removed by kustomize: placeholder
      '  - novalue', //                       line 9: not key=value (kustomize rejects it)
      'configMapGenerator:', //               line 10
      '- name: settings', //
      '  literals: [password=notasecret]', // a ConfigMap: not this rule
      '',
    ].join('\n');
    assert.deepEqual(judged(text), [
      '4:5-4:21 secretGenerator "db" commits the value of "password" in literals: anyone with the file can read it.',
      '5:5-5:16 secretGenerator "db" commits the value of "token" in literals: anyone with the file can read it.',
      '6:5-6:18 secretGenerator "db" commits the value of "api-key" in literals: anyone with the file can read it.',
    ]);
  });

  it('an overlay generator with behavior: merge commits its literals too; flow sequences are placed exactly', () => {
    const text = 'secretGenerator:\n- name: db\n  behavior: merge\n  literals: [user=admin, "pass=s3cr=t"]\n';
    // line 4 `  literals: [user=admin, "pass=s3cr=t"]`: `user=admin` at col 14 (10 chars) → 4:14-4:24;
    // `"pass=s3cr=t"` at col 26 (13 chars with quotes) → 4:26-4:39.
    assert.deepEqual(judged(text).map((l) => l.split(' ')[0]), ['4:14-4:24', '4:26-4:39']);
  });

  it('has the rule severity, follows its configuration, and honours comment and generator-annotation suppressions', () => {
    const text = 'secretGenerator:\n- name: db\n  literals:\n  - password=hunter2\n';
    const all = analyzer.analyze({ text, path: '/repo/kustomization.yaml', settings: DEFAULT_SETTINGS });
    assert.deepEqual(all.findings.map((f) => [f.ruleId, f.severity]), [[RULE, 'warning']]);
    assert.deepEqual(judged(text, undefined, { rules: { [RULE]: { severity: 'off' } } }), []);
    assert.deepEqual(analyzer.analyze({ text, path: '/repo/kustomization.yaml', settings: { ...DEFAULT_SETTINGS, rules: { [RULE]: { severity: 'error' } } } }).findings.map((f) => f.severity), ['error']);
    const commented = 'secretGenerator:\n- name: db\n  literals:\n  # kubeward-ignore k8s/secret-data-in-manifest -- test fixture\n  - password=hunter2\n';
    const result = analyzer.analyze({ text: commented, path: '/repo/kustomization.yaml', settings: DEFAULT_SETTINGS });
    assert.deepEqual([result.findings.length, result.suppressed?.map((f) => f.ruleId)], [0, [RULE]]);
    // The generated Secret carries options.annotations (generatorOptions for every generator): the rule's annotation.
    const annotated = 'secretGenerator:\n- name: db\n  options:\n    annotations:\n      kubeward.io/ignore.k8s.secret-data-in-manifest: fixture\n  literals:\n  - password=hunter2\n- name: other\n  literals: [a=b]\n';
    assert.deepEqual(judged(annotated).map((l) => l.split(' ')[0]), ['9:14-9:17']);
    // Not dropped: reported as suppressed by that annotation (line 5, key to value), with its reason, as SARIF needs.
    const [silenced, ...others] = analyzer.analyze({ text: annotated, path: '/repo/kustomization.yaml', settings: DEFAULT_SETTINGS }).suppressed ?? [];
    assert.equal(others.length, 0);
    assert.equal(where(silenced).split(' ')[0], '7:5-7:21');
    assert.deepEqual(silenced.suppressed, { kind: 'annotation', syntax: 'kubeward', offset: { start: annotated.indexOf('kubeward.io/'), end: annotated.indexOf('fixture') + 'fixture'.length }, reason: 'fixture' });
    const everywhere = `generatorOptions:\n  annotations:\n    kubeward.io/ignore.k8s.secret-data-in-manifest: fixture\n${annotated}`;
    assert.deepEqual(judged(everywhere), []);
    assert.equal(analyzer.analyze({ text: everywhere, path: '/repo/kustomization.yaml', settings: DEFAULT_SETTINGS }).suppressed?.length, 2);
  });

  it('envs and files entries name the file and count its values, given the committed texts', () => {
    const text = [
      'secretGenerator:', //          line 1
      '- name: app', //               line 2
      '  envs:', //                   line 3
      '  - secrets.env', //           line 4: col 5, 11 chars → 4:5-4:16
      '  - placeholders.env', //      line 5: only empty values: nothing
      '  - missing.env', //           line 6: not committed (no text): nothing
      '  files:', //                  line 7
      '  - tls.key=certs/key.pem', // line 8: col 5, 21 chars → 8:5-8:26
      '  - empty.txt', //             line 9: empty file: nothing
      '  - sops.env', //              line 10: SOPS-encrypted: nothing
      '',
    ].join('\n');
    const generatorFiles = {
      'secrets.env': '# database\nDB_USER=app\nDB_PASSWORD=hunter2\nEMPTY=\n',
      'placeholders.env': 'A=\nB=\n',
      'certs/key.pem': '-----BEGIN PRIVATE KEY-----\n',
      'empty.txt': '',
      'sops.env': 'A=ENC[AES256_GCM,data:x,type:str]\nsops_mac=ENC[AES256_GCM,data:y,type:str]\n',
    };
    assert.deepEqual(judged(text, { generatorFiles }), [
      '4:5-4:16 secretGenerator "app" commits 2 values from secrets.env (envs), a file in the repository: anyone with it can read them.',
      '8:5-8:26 secretGenerator "app" commits 1 value from certs/key.pem (files), a file in the repository: anyone with it can read it.',
    ]);
  });
});

// A base with a generator reading a committed .env and a gitignored one, and an overlay merging a literal into it.
const TREE = {
  'base/kustomization.yaml': 'secretGenerator:\n- name: db\n  envs:\n  - db.env\n  - local.env\n  literals:\n  - user=app\nconfigMapGenerator:\n- name: cfg\n  literals: [mode=prod]\n',
  'base/db.env': 'DB_PASSWORD=hunter2\n',
  'base/local.env': 'DB_TOKEN=dev-only\n',
  'base/.gitignore': 'local.env\n',
  'overlay/kustomization.yaml': 'resources:\n- ../base\nsecretGenerator:\n- name: db\n  behavior: merge\n  literals:\n  - password=prod-pass\n',
};

function treeFindings(tree: TreeAnalysis): string[] {
  const out: string[] = [];
  for (const rel of Object.keys(TREE).filter((p) => p.endsWith('.yaml'))) {
    const file = join(tree.root, rel);
    const text = readFileSync(file, 'utf8');
    for (const f of analyzer.analyze({ text, path: file, settings: DEFAULT_SETTINGS, kustomize: tree.inputs.get(file) }).findings) {
      out.push(`${relative(tree.root, file)}:${where(f).split(' ')[0]} ${f.ruleId}`);
    }
  }
  return out.sort();
}

// base/kustomization.yaml: line 4 `  - db.env` → 4:5-4:11 (local.env on line 5 is gitignored: nothing); line 7
// `  - user=app` → 7:5-7:13. overlay/kustomization.yaml: line 7 `  - password=prod-pass` → 7:5-7:23.
const EXPECTED = [
  `base/kustomization.yaml:4:5-4:11 ${RULE}`,
  `base/kustomization.yaml:7:5-7:13 ${RULE}`,
  `overlay/kustomization.yaml:7:5-7:23 ${RULE}`,
];

describe('secretGenerator in a tree on disk', () => {
  it('without kubectl: literals and the committed env file, not the gitignored one', async () => {
    const root = tempTree(TREE);
    const tree = await analyzeTree(root, analyzer, DEFAULT_SETTINGS, { ...DEFAULT_KUSTOMIZE_OPTIONS, kubectlPath: join(root, 'missing-kubectl') });
    assert.deepEqual(treeFindings(tree), EXPECTED);
  });

  it('with kubectl: the same findings, once (the generated Secret is not reported again)', async () => {
    const root = tempTree(TREE);
    const tree = await analyzeTree(root, analyzer, DEFAULT_SETTINGS, DEFAULT_KUSTOMIZE_OPTIONS);
    assert.deepEqual([tree.failed, tree.built.map((d) => relative(root, d))], [[], ['overlay']]);
    assert.deepEqual(treeFindings(tree), EXPECTED);
  });
});
