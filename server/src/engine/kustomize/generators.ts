// `secretGenerator` entries: a value written in `literals:` (or in an `envs:`/`files:` source committed next to the
// kustomization) is a Secret value in the repository, exactly like `stringData` in a Secret manifest, so it gets the
// same rule. The generated Secret has no file of its own (a build's finding on it is dropped by map.ts): the finding
// goes where the value is written. `configMapGenerator` holds no secrets and is left alone.
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import { mapAt, stringOf, valueOf } from '../yaml/nodes';
import type { KustomizationFinding } from './kustomization-file';
import type { Kustomization, Located } from './model';

export const SECRET_RULE = 'k8s/secret-data-in-manifest';
/** The annotation that suppresses the rule on a Secret; on a generator's `options.annotations` it lands on the Secret. */
const SUPPRESS_ANNOTATION = 'kubeward.io/ignore.k8s.secret-data-in-manifest';

/** A file an `envs:` or `files:` entry names, as written (`key=` prefix of `files:` removed). */
export interface GeneratorSource {
  field: 'envs' | 'files';
  path: string;
  /** The list item naming it. */
  at: Located;
}

interface SecretGenerator {
  name?: string;
  node: YAMLMap;
}

function secretGenerators(k: Kustomization): SecretGenerator[] {
  const seq = valueOf(k.root, 'secretGenerator');
  if (!isSeq(seq)) return [];
  return seq.items.filter(isMap).map((node) => ({ name: stringOf(node, 'name'), node }));
}

function items(generator: YAMLMap, field: string): Located[] {
  const seq = valueOf(generator, field);
  if (!isSeq(seq)) return [];
  const out: Located[] = [];
  for (const item of seq.items) {
    if (isScalar(item) && item.range && (typeof item.value === 'string' || typeof item.value === 'number')) out.push({ value: String(item.value), start: item.range[0], end: item.range[1] });
  }
  return out;
}

/** `[key=]path` of a `files:` entry: the path part. */
function filePath(entry: string): string {
  const eq = entry.indexOf('=');
  return eq > 0 ? entry.slice(eq + 1) : entry;
}

/** Every local file the secret generators read: the caller supplies their committed texts to secretGeneratorFindings. */
export function secretGeneratorSources(k: Kustomization): GeneratorSource[] {
  const out: GeneratorSource[] = [];
  for (const g of secretGenerators(k)) {
    for (const at of items(g.node, 'envs')) out.push({ field: 'envs', path: at.value, at });
    // `env:` (singular, one file) is the older spelling, still accepted by kustomize 5.
    const single = valueOf(g.node, 'env');
    if (isScalar(single) && typeof single.value === 'string' && single.range) out.push({ field: 'envs', path: single.value, at: { value: single.value, start: single.range[0], end: single.range[1] } });
    for (const at of items(g.node, 'files')) out.push({ field: 'files', path: filePath(at.value), at });
  }
  return out;
}

/**
 * The value of a `literals:` item as kustomize reads it: split at the first `=`, one pair of matching surrounding
 * quotes removed. Undefined when the item is not `key=value` (kustomize rejects it).
 */
export function literalValue(item: string): { key: string; value: string } | undefined {
  const eq = item.indexOf('=');
  if (eq <= 0) return undefined;
  const raw = item.slice(eq + 1);
  const quoted = raw.length >= 2 && raw[0] === raw[raw.length - 1] && (raw[0] === '"' || raw[0] === "'");
  return { key: item.slice(0, eq), value: quoted ? raw.slice(1, -1) : raw };
}

/**
 * Keys of an env file with a non-empty value, as kustomize reads it: a BOM and leading blanks are ignored, `#` lines
 * and blank lines skipped, `KEY=value` split at the first `=` (quotes kept); a bare `KEY` is not a committed value.
 */
export function envFileKeys(text: string): string[] {
  const keys: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq > 0 && line.length > eq + 1) keys.push(line.slice(0, eq));
  }
  return keys;
}

// SOPS writes its metadata into the files it encrypts (`sops_mac=` in dotenv, `ENC[AES256_GCM,` values elsewhere):
// such a file commits ciphertext, which is the rule's own remedy.
const SOPS_ENCRYPTED = /^sops_mac=|ENC\[AES256_GCM,/m;

/**
 * The suppression annotation the generated Secret gets (the generator's `options.annotations`, else the file's
 * `generatorOptions.annotations`): where it is written and its reason. Its findings are reported as suppressed.
 */
function suppressionOf(k: Kustomization, g: SecretGenerator): KustomizationFinding['suppressedBy'] {
  const find = (annotations: YAMLMap | undefined) => annotations?.items.find((p) => isScalar(p.key) && p.key.value === SUPPRESS_ANNOTATION);
  const pair = find(mapAt(g.node, 'options', 'annotations')) ?? find(mapAt(k.root, 'generatorOptions', 'annotations'));
  const key = pair?.key as Scalar | undefined;
  if (!pair || !key?.range) return undefined;
  const value = isScalar(pair.value) && pair.value.range ? pair.value : undefined;
  const reason = typeof value?.value === 'string' ? value.value.trim() : '';
  return { start: key.range[0], end: (value ?? key).range![1], ...(reason ? { reason } : {}) };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The rule's findings on the secret generators of a kustomization: each `literals:` item with a non-empty value, and
 * each `envs:`/`files:` entry whose file (text in `committed`, keyed by the path as written; absent when the file is
 * not in the repository) holds non-empty values in the clear. Empty values are placeholders, as in Secret manifests.
 */
export function secretGeneratorFindings(k: Kustomization, committed: Readonly<Record<string, string>> = {}): KustomizationFinding[] {
  const out: KustomizationFinding[] = [];
  for (const g of secretGenerators(k)) {
    const suppressedBy = suppressionOf(k, g);
    const name = g.name ? `secretGenerator "${g.name}"` : 'secretGenerator';
    for (const item of items(g.node, 'literals')) {
      const literal = literalValue(item.value);
      if (!literal?.value) continue;
      out.push({ ruleId: SECRET_RULE, message: `${name} commits the value of "${literal.key}" in literals: anyone with the file can read it.`, start: item.start, end: item.end, ...(suppressedBy ? { suppressedBy } : {}) });
    }
  }
  for (const source of secretGeneratorSources(k)) {
    const text = committed[source.path];
    if (text === undefined || SOPS_ENCRYPTED.test(text)) continue;
    const generator = secretGenerators(k).find((g) => g.node.range && g.node.range[0] <= source.at.start && source.at.end <= g.node.range[1]);
    if (!generator) continue;
    const suppressedBy = suppressionOf(k, generator);
    const name = generator.name ? `secretGenerator "${generator.name}"` : 'secretGenerator';
    const count = source.field === 'envs' ? envFileKeys(text).length : text.length ? 1 : 0;
    if (!count) continue;
    out.push({ ruleId: SECRET_RULE, message: `${name} commits ${plural(count, 'value')} from ${source.path} (${source.field}), a file in the repository: anyone with it can read ${count === 1 ? 'it' : 'them'}.`, start: source.at.start, end: source.at.end, ...(suppressedBy ? { suppressedBy } : {}) });
  }
  return out;
}
