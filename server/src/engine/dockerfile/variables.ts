// Substitution of `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` with global ARG defaults, as BuildKit does
// for FROM lines. Returns undefined when a variable has no value we can know (e.g. `$TARGETPLATFORM`).
import type { PropertyView } from './parse';

const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function substitute(written: string, args: readonly PropertyView[]): string | undefined {
  let unknown = false;
  const valueOf = (name: string): string | null | undefined => {
    for (let k = args.length - 1; k >= 0; k--) if (args[k].name === name) return args[k].value;
    return undefined;
  };
  const out = written.replace(REFERENCE, (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const value = valueOf(name);
    const isSet = value !== undefined && value !== null;
    const isNonEmpty = isSet && value !== '';
    if (op === ':-' || op === '-') return (op === ':-' ? isNonEmpty : isSet) ? (value as string) : (word ?? '');
    if (op === ':+' || op === '+') return (op === ':+' ? isNonEmpty : isSet) ? (word ?? '') : '';
    if (!isSet) unknown = true;
    return value ?? '';
  });
  return unknown || out === '' ? undefined : out;
}
