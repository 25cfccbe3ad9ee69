import table from '../_data/sensitive-env-names.json';

const SECRET_WORDS = new Set(table.secretWords);
const KEY_QUALIFIERS = new Set(table.keyQualifiers);
const NON_SECRET_LAST = new Set(table.nonSecretLastWords);
const NON_SECRET_WORDS = new Set(table.nonSecretWords);
const IGNORED = new Set(table.ignoredNames);

/** `dbPassword`, `DB_PASSWORD`, `db-password` → ['DB', 'PASSWORD']. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\-.\s]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

/** Whether an environment variable with this name holds a credential (by its name alone). */
export function isSensitiveName(name: string): boolean {
  const words = nameWords(name);
  if (!words.length || IGNORED.has(name.toUpperCase()) || NON_SECRET_LAST.has(words[words.length - 1])) return false;
  if (words.some((w) => NON_SECRET_WORDS.has(w))) return false;
  return words.some((w, i) => SECRET_WORDS.has(w) || (w === 'KEY' && i > 0 && KEY_QUALIFIERS.has(words[i - 1])));
}

/** Values that turn something on or off, whatever the name (compared ignoring ASCII case). */
export const SWITCH_VALUES = ['true', 'false', 'yes', 'no', 'on', 'off', 'enabled', 'disabled', 'none', 'null', '0', '1'];
const SWITCH = new RegExp(`^(?:${SWITCH_VALUES.join('|')})$`, 'i');

/** Values that are not a credential whatever the name: empty, a `$(VAR)` reference, a file path, a boolean or 0/1 switch. */
export function isNonSecretValue(value: string): boolean {
  const v = value.trim();
  return v === '' || /^\$\([A-Za-z_][\w.-]*\)$/.test(v) || /^\$\{[A-Za-z_]\w*\}$/.test(v) || v.startsWith('/') || SWITCH.test(v);
}
