import fc from 'fast-check';

/** A change to a text: byte-, line- and YAML-structure-level, the shapes typing and bad tooling produce. */
export type Mutation = (text: string) => string;

// Fragments that stress YAML, JSON, Go templates and Dockerfile parsing when dropped anywhere.
const FRAGMENTS = [
  ':', '-', ' ', '\t', '\n', '\r\n', '\r', '{', '}', '[', ']', '"', "'", '#', '&a ', '*a', '!!str ', '! ', '|', '>-', '%YAML 1.2\n',
  '@', '`', '\\', '\uFEFF', '\uD800', '\u0085', '\u2028', '{{ .Values.x }}', '{{- if .Values.y }}', '---\n', '...\n', '<<: *a\n',
  'privileged: true', 'securityContext:', '  - name: x\n', 'image: nginx', 'RUN <<EOF\n', 'FROM ${BASE}\n', 'USER root\n', '# kubeward-ignore ',
  '\\\n', '[[[[[[[[', '{{{{{{{{', 'apiVersion: v1\nkind: Pod\n',
];

const at = (text: string, r: number) => Math.floor(r * (text.length + 1));

function lines(text: string): string[] {
  return text.split('\n');
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...FRAGMENTS)).map(([r, s]): Mutation => (t) => t.slice(0, at(t, r)) + s + t.slice(at(t, r))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(([r, n]): Mutation => (t) => t.slice(0, at(t, r)) + t.slice(at(t, r) + n)),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 0xffff })).map(([r, c]): Mutation => (t) => t.slice(0, at(t, r)) + String.fromCharCode(c) + t.slice(at(t, r) + 1)),
  fc.double({ min: 0, max: 1, noNaN: true }).map((r): Mutation => (t) => t.slice(0, at(t, r))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('dup', 'del', 'indent', 'dedent', 'tab')).map(([r, op]): Mutation => (t) => {
    const ls = lines(t);
    const i = Math.min(ls.length - 1, Math.floor(r * ls.length));
    if (op === 'dup') ls.splice(i, 0, ls[i]);
    else if (op === 'del') ls.splice(i, 1);
    else if (op === 'indent') ls[i] = '  ' + ls[i];
    else if (op === 'dedent') ls[i] = ls[i].replace(/^ {1,2}/, '');
    else ls[i] = ls[i].replace(/^ +/, '\t');
    return ls.join('\n');
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b]): Mutation => (t) => {
    const ls = lines(t);
    const i = Math.floor(a * ls.length);
    const j = Math.floor(b * ls.length);
    if (i < ls.length && j < ls.length) [ls[i], ls[j]] = [ls[j], ls[i]];
    return ls.join('\n');
  }),
  fc.constant<Mutation>((t) => t.replace(/\r?\n/g, '\r\n')),
  fc.constant<Mutation>((t) => t.replace(/\n/g, (m, i: number) => (i % 3 ? m : '\r\n'))),
  fc.constant<Mutation>((t) => t.replace(/^( +)/gm, (s) => s + s)),
);
