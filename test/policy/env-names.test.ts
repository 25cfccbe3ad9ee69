import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import table from '../../rules/_data/sensitive-env-names.json';
import { isNonSecretValue, isSensitiveName } from '../../rules/_lib/sensitive-names';
import { MAY_BE_SENSITIVE_NAME, NON_SECRET_VALUE, NOT_SENSITIVE_NAME, SENSITIVE_NAME } from '../../server/src/policy/env-name-cel';
import { evaluate } from './cel';

// The RE2 patterns that k8s/secret-in-env-literal's policy uses must judge env names and values exactly as
// rules/_lib/sensitive-names.ts does. Names are built from the table's words in every case shape the camelCase split
// treats differently (PASSWORD, password, Password, PAssword, pASSWORD), joined by each separator or none.

const cel = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const NAME = `n.matches(${cel(MAY_BE_SENSITIVE_NAME)}) && n.matches(${cel(SENSITIVE_NAME)}) && !n.matches(${cel(NOT_SENSITIVE_NAME)})`;

/** A small deterministic generator (mulberry32), so the names are the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  ...['PASSWORD', 'PASS', 'PWD', 'SECRET', 'TOKEN', 'APIKEY', 'CONNECTIONSTRING', 'CREDS'],
  ...['API', 'SIGNING', 'SSH', 'KEY', 'KEY'],
  ...['ALLOW', 'USE', 'FILE', 'PATH', 'ID', 'NAME'],
  ...['DB', 'X', 'PASSWORDS', 'OLDPWD', 'MY', '2', 'SQL1'],
];
const SHAPES = [(w: string) => w, (w: string) => w.toLowerCase(), (w: string) => w[0] + w.slice(1).toLowerCase(), (w: string) => w.slice(0, 2) + w.slice(2).toLowerCase(), (w: string) => w[0].toLowerCase() + w.slice(1)];
const SEPARATORS = ['_', '', '', '-', '.', ' ', '__', '\t', '\u00a0', '#'];

function names(count: number): string[] {
  const next = random(20261123);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const out = new Set<string>(['PWD', 'pwd', 'OldPwd', 'PWD_FILE', '_PASSWORD_', 'DB_PASSWORD ', 'APIKey', 'ApiKey', 'aPIKEY', 'Api_Key', 'keyApi', 'PASSWORDFILE']);
  for (const w of [...table.secretWords, ...table.nonSecretLastWords, ...table.nonSecretWords]) out.add(`MY_${w}`).add(`${w}_X`);
  while (out.size < count) {
    const parts = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(SHAPES)(pick(WORDS)));
    out.add(parts.reduce((name, part) => name + pick(SEPARATORS) + part));
  }
  return [...out];
}

describe('admission policy export: env names and values as k8s/secret-in-env-literal judges them', () => {
  it('names: the patterns agree with isSensitiveName', () => {
    const all = names(1200);
    const wrong = all.filter((n) => evaluate(NAME, { n }) !== isSensitiveName(n)).map((n) => JSON.stringify(n));
    const sensitive = all.filter(isSensitiveName).length;
    process.stdout.write(`# env names: ${all.length - wrong.length}/${all.length} agree (${sensitive} sensitive)\n`);
    assert.deepEqual(wrong, []);
    assert.ok(sensitive > 200 && sensitive < all.length - 200, 'both verdicts are well represented');
  });

  it('values: the pattern agrees with isNonSecretValue', () => {
    const values = ['', ' ', '\u00a0\u2003', 'hunter2', '$(DB_PASS)', ' $(A.b-c) ', '$(1A)', '${VAR}', '${A.B}', '$VAR', '/run/secret', '  /x', 'x/y', 'TRUE', 'Yes', ' off\n', 'nULL', '0', '01', '1 ', 'truee', 'enabled!', '\u017fecret', 'on\u00a0'];
    const wrong = values.filter((v) => evaluate(`v.matches(${cel(NON_SECRET_VALUE)})`, { v }) !== isNonSecretValue(v)).map((v) => JSON.stringify(v));
    assert.deepEqual(wrong, []);
    assert.equal(values.filter(isNonSecretValue).length, 15, 'counted by hand: all but hunter2, $(1A), ${A.B}, $VAR, x/y, 01, truee, enabled!, ſecret');
  });
});
