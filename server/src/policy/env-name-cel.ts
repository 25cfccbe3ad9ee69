// rules/_lib/sensitive-names.ts as RE2 patterns for CEL's `matches`: standard CEL can neither split a name nor change
// its case. The engine splits a name at `_ - .` and whitespace, and where a lower-case letter or digit meets an
// upper-case one (camelCase), then compares the upper-cased words; here each word of the table is spelled in every
// case pattern that splitting reads as that word (`PASSWORD`, `Password`, `PAssword`…, `password`), between the same
// boundaries. Env names reach admission as printable ASCII (the API server validates them first), so ASCII cases suffice.
import table from '../../../rules/_data/sensitive-env-names.json';
import { SWITCH_VALUES } from '../../../rules/_lib/sensitive-names';

/** What JavaScript's `\s` matches (the engine's split and trim()): RE2's `\s` lacks `\v` and the Unicode spaces. */
const SPACE = String.raw`\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}`;
const SEP = `[-_.${SPACE}]`;
const alt = (xs: readonly string[]) => `(?:${xs.join('|')})`;

/** A word of the table in its three case shapes; splitting keeps a word whole only while no lower-case letter precedes an upper-case one. */
function shapes(words: readonly string[]) {
  for (const w of words) if (!/^[A-Z]{2,}$/.test(w)) throw new Error(`sensitive-env-names.json: "${w}" is not an upper-case ASCII word of two letters or more`);
  return {
    /** Starts and ends upper-case: `PASSWORD`. */
    upper: alt(words),
    /** Starts upper-case, ends lower-case: `Password`, `PAssword`… */
    mixed: alt(words.flatMap((w) => [...w].slice(1).map((_, k) => w.slice(0, k + 1) + w.slice(k + 1).toLowerCase()))),
    /** Lower-case: `password`. */
    lower: alt(words.map((w) => w.toLowerCase())),
  };
}

/**
 * Where a word may start: `any` is followed by a word in any case shape (the start, or after a separator),
 * `upperOnly` only by one starting upper-case (right after a lower-case letter or digit: the camelCase split).
 */
interface Start {
  any?: string;
  upperOnly?: string;
}
/** What may follow a word ending upper-case / lower-case (after a lower-case letter, an upper-case one starts a new word). */
interface Then {
  afterUpper: string;
  afterLower: string;
}
const FIRST: Start = { any: `(?:^|${SEP})`, upperOnly: '[a-z0-9]' };
const ENDS: Then = { afterUpper: `(?:$|${SEP})`, afterLower: `(?:$|${SEP}|[A-Z])` };

/** A word of `words` as the engine reads it: from `start`, in one of its case shapes, followed by `then`. */
function occurrence(words: readonly string[], start: Start, then: Then): string {
  const s = shapes(words);
  const upperStart = [start.any, start.upperOnly].filter((x): x is string => x !== undefined);
  return alt([
    ...(upperStart.length ? [`${alt(upperStart)}(?:${s.upper}${then.afterUpper}|${s.mixed}${then.afterLower})`] : []),
    ...(start.any !== undefined ? [`${start.any}${s.lower}${then.afterLower}`] : []),
  ]);
}

const caseless = (s: string) => [...s].map((ch) => (/[A-Za-z]/.test(ch) ? `[${ch.toUpperCase()}${ch.toLowerCase()}]` : ch)).join('');
/** KEY right after a qualifier word: separated, or (after a lower-case end) starting upper-case. */
const qualifiedKey = occurrence(table.keyQualifiers, FIRST, {
  afterUpper: occurrence(['KEY'], { any: `${SEP}+` }, ENDS),
  afterLower: occurrence(['KEY'], { any: `${SEP}+`, upperOnly: '' }, ENDS),
});

/** Names with a credential word, or KEY right after one of its qualifiers (`API_KEY`, `signingKey`). */
export const SENSITIVE_NAME = [occurrence(table.secretWords, FIRST, ENDS), qualifiedKey].join('|');

/** Names that say something about a credential: ignored names, a describing last word (`…_FILE`), or a switch word (`ALLOW…`). */
export const NOT_SENSITIVE_NAME = [
  `^${alt(table.ignoredNames.map(caseless))}$`,
  occurrence(table.nonSecretLastWords, FIRST, { afterUpper: `${SEP}*$`, afterLower: `${SEP}*$` }),
  occurrence(table.nonSecretWords, FIRST, ENDS),
].join('|');

/** A cheap first test: a sensitive name holds a credential word or KEY in some case (a superset). */
export const MAY_BE_SENSITIVE_NAME = `(?i)${alt([...table.secretWords, 'KEY'])}`;

/** isNonSecretValue after trim(): empty, a `$(VAR)` / `${VAR}` reference, a path, a switch (ASCII case-insensitive). */
export const NON_SECRET_VALUE = [`^[${SPACE}]*/`, String.raw`^[${SPACE}]*(?:\$\([A-Za-z_][\w.-]*\)|\$\{[A-Za-z_]\w*\}|${alt(SWITCH_VALUES.map(caseless))})?[${SPACE}]*$`].join('|');
