import type { FileKind } from '../types';
import { kubewardIdFor, type PeerTool } from './peers';
import { SUPPRESSION_DIAGNOSTICS, type Directive, type RuleRef, type SuppressionProblem } from './directive';

// Comment suppressions work the same in YAML and Dockerfiles: both use `#` comments. Only where a comment may start
// differs (YAML also allows one at the end of a line; a Dockerfile only on a line of its own).

const ID = String.raw`[\w.-]+(?:/[\w.-]+)?`;
const ID_LIST = new RegExp(String.raw`^\s*${ID}(?:\s*,\s*${ID})*\s*$`);
const ID_LIST_THEN_WORDS = new RegExp(String.raw`^(\s*${ID}(?:\s*,\s*${ID})*)\s+\S`);
const KUBEWARD = /^\s*kubeward-ignore(-file)?(?=\s|$)/;
const LOOKS_LIKE_KUBEWARD = /^\s*kubeward[\s:_-]*(?:ignore|disable|skip|suppress|nolint|off)/i;
const MENTIONS_DIRECTIVE = /#\s*(?:kubeward|checkov:|hadolint|trivy:)/i;
const REASON_SEPARATOR = /\s--(?:\s|$)/;
const PEER_COMMENTS: { tool: PeerTool; re: RegExp; scope: 'line' | 'file' | 'hadolint' }[] = [
  { tool: 'checkov', re: /^\s*checkov:skip=([A-Za-z0-9_]+)(?::\s*(.*?))?\s*$/, scope: 'file' },
  { tool: 'hadolint', re: /^\s*hadolint\s+(global\s+)?ignore=([A-Za-z0-9_,\s]*[A-Za-z0-9_])/, scope: 'hadolint' },
  { tool: 'trivy', re: /^\s*trivy:ignore:([A-Za-z0-9_-]+)/, scope: 'line' },
];

interface Line {
  index: number;
  start: number;
  end: number;
  text: string;
}

function splitLines(text: string, kind: FileKind): Line[] {
  const out: Line[] = [];
  // The yaml parser ends a line (and so a comment) only at \n or \r\n: a lone \r stays inside the comment, and
  // removing "the comment's line" must remove exactly what the parser reads as that comment.
  const re = kind === 'yaml' ? /[^\n]*?(\r\n|\n|$)/g : /[^\r\n]*(\r\n|\r|\n|$)/g;
  let index = 0;
  for (let m = re.exec(text); m && m.index < text.length; m = re.exec(text)) {
    const body = m[0].slice(0, m[0].length - m[1].length);
    out.push({ index: index++, start: m.index, end: m.index + body.length, text: body });
    if (!m[0]) break;
  }
  return out;
}

/** Offset of the `#` that starts a comment on the line, or -1. */
function commentStart(line: string, kind: FileKind): number {
  if (kind === 'dockerfile') return /^\s*#/.test(line) ? line.indexOf('#') : -1;
  // YAML: `#` at the line start or after a blank. Only directive-looking comments matter, so a `#` inside a quoted
  // string is rare enough not to need a full scanner.
  const m = /(^|\s)#/.exec(line);
  return m ? m.index + m[1].length : -1;
}

const isBlankOrComment = (l: Line) => /^\s*(?:#.*)?$/.test(l.text);

export interface CommentScan {
  directives: Directive[];
  problems: SuppressionProblem[];
}

/** The suppression comments in a YAML file or Dockerfile (JSON has no comments). Pure. */
export function scanComments(text: string, kind: FileKind, knownRuleIds: ReadonlySet<string>): CommentScan {
  const out: CommentScan = { directives: [], problems: [] };
  if (kind !== 'yaml' && kind !== 'dockerfile') return out;
  // Most files carry no directive at all: one scan of the text instead of a split into lines.
  if (!MENTIONS_DIRECTIVE.test(text)) return out;
  const lines = splitLines(text, kind);
  for (const line of lines) {
    const hash = commentStart(line.text, kind);
    if (hash < 0) continue;
    const ownLine = !line.text.slice(0, hash).trim();
    const bodyStart = line.start + hash + 1;
    const body = line.text.slice(hash + 1);
    const next = ownLine ? lines.slice(line.index + 1).find((l) => !isBlankOrComment(l))?.index : line.index;
    // Removing an own-line comment removes its line; a trailing one, the blanks before it too.
    const lineEnd = lines[line.index + 1]?.start ?? text.length;
    const remove = ownLine ? { start: line.start, end: lineEnd, newText: '' } : { start: line.start + line.text.slice(0, hash).replace(/\s+$/, '').length, end: line.end, newText: '' };
    const base = { start: line.start + hash, end: line.end, remove };
    const kw = KUBEWARD.exec(body);
    if (kw) {
      parseKubeward(body, bodyStart, kw, base, next, out, knownRuleIds);
      continue;
    }
    if (LOOKS_LIKE_KUBEWARD.test(body)) {
      out.problems.push({ ruleId: SUPPRESSION_DIAGNOSTICS.malformed, severity: 'warning', start: base.start, end: base.end, message: 'Not a kubeward suppression, so it suppresses nothing. Write `# kubeward-ignore <rule-id> -- <reason>` (or `# kubeward-ignore-file …`).', fixes: [{ title: 'Remove the comment', edits: [remove] }] });
      continue;
    }
    for (const peer of PEER_COMMENTS) {
      const m = peer.re.exec(body);
      if (!m) continue;
      const global = peer.scope === 'file' || (peer.scope === 'hadolint' && !!m[1]);
      const written = peer.tool === 'hadolint' ? m[2].split(/[\s,]+/).filter(Boolean) : [m[1]];
      const rules = written.flatMap((w): RuleRef[] => {
        const id = kubewardIdFor(peer.tool, w, knownRuleIds);
        const at = bodyStart + body.indexOf(w);
        return id ? [{ id, written: w, start: at, end: at + w.length }] : [];
      });
      if (rules.length) out.directives.push({ ...base, kind: global ? 'file' : 'inline', syntax: peer.tool, rules, reason: peer.tool === 'checkov' ? m[2] || undefined : undefined, line: global ? undefined : next });
      break;
    }
  }
  return out;
}

function parseKubeward(body: string, bodyStart: number, kw: RegExpExecArray, base: Pick<Directive, 'start' | 'end' | 'remove'>, next: number | undefined, out: CommentScan, knownRuleIds: ReadonlySet<string>): void {
  const file = !!kw[1];
  const restStart = kw[0].length;
  const rest = body.slice(restStart);
  const sep = REASON_SEPARATOR.exec(rest);
  const idsText = sep ? rest.slice(0, sep.index) : rest;
  const reason = sep ? rest.slice(sep.index + sep[0].length).trim() || undefined : undefined;
  const malformed = (message: string, fixes: SuppressionProblem['fixes'] = []) =>
    out.problems.push({ ruleId: SUPPRESSION_DIAGNOSTICS.malformed, severity: 'warning', start: base.start, end: base.end, message, fixes: [...fixes, { title: 'Remove the comment', edits: [base.remove] }] });
  if (!idsText.trim()) {
    malformed(`This suppression names no rule, so it suppresses nothing. Write \`# kubeward-ignore${file ? '-file' : ''} <rule-id> -- <reason>\`.`);
    return;
  }
  if (!ID_LIST.test(idsText)) {
    const words = ID_LIST_THEN_WORDS.exec(idsText);
    // Offer ` --` only when the words before it are real rule ids: `# kubeward-ignore ARG X=1` is not `ARG -- X=1`.
    const idsKnown = !!words && words[1].split(',').every((w) => knownRuleIds.has(w.trim()));
    const insertAt = words && idsKnown ? bodyStart + restStart + words[1].length : undefined;
    malformed('Malformed suppression, so it suppresses nothing: separate rule ids with commas and put the reason after ` -- `.',
      insertAt !== undefined && !sep ? [{ title: 'Insert ` --` before the reason', edits: [{ start: insertAt, end: insertAt, newText: ' --' }] }] : []);
    return;
  }
  const rules: RuleRef[] = [];
  const idRe = new RegExp(ID, 'g');
  for (let m = idRe.exec(idsText); m; m = idRe.exec(idsText)) {
    const start = bodyStart + restStart + m.index;
    rules.push({ id: m[0], written: m[0], start, end: start + m[0].length });
  }
  out.directives.push({
    ...base,
    kind: file ? 'file' : 'inline',
    syntax: 'kubeward',
    rules,
    reason,
    line: file ? undefined : next,
    reasonInsertAt: sep ? undefined : bodyStart + restStart + idsText.replace(/\s+$/, '').length,
    removeRule: (ref) => {
      const i = rules.indexOf(ref);
      // Take the comma on the side that keeps the list well-formed.
      return i < rules.length - 1 ? { start: ref.start, end: rules[i + 1].start, newText: '' } : { start: rules[i - 1].end, end: ref.end, newText: '' };
    },
  });
}
