import { closest } from '../closest';
import type { LineIndex } from '../text';
import type { EngineSettings, FileKind, Finding, Severity } from '../types';
import type { YamlDocument } from '../yaml/documents';
import { scanAnnotations } from './annotations';
import { scanComments } from './comments';
import { configIgnoreMatcher } from './config-ignores';
import { REASON_PLACEHOLDER, SUPPRESSION_DIAGNOSTICS as D, type Directive, type RuleRef, type SuppressionProblem } from './directive';

export interface SuppressionInput {
  text: string;
  /** The analysed file's path, for config `ignore` entries with `paths`. */
  path: string;
  kind: FileKind;
  lines: LineIndex;
  /** The file's parsed YAML documents (empty for Dockerfiles), for annotations. */
  docs: readonly YamlDocument[];
  findings: readonly Finding[];
  settings: EngineSettings;
  knownRuleIds: ReadonlySet<string>;
}

export interface SuppressionOutcome {
  /** Findings no suppression silenced. */
  shown: Finding[];
  /** Findings a suppression silenced, with `suppressed` set. */
  suppressed: Finding[];
  /** Problems with the suppressions themselves, as findings (each with quick fixes). */
  problems: Finding[];
}

const SCOPE_ORDER: Record<Directive['kind'], number> = { inline: 0, annotation: 1, file: 2, config: 3 };

/**
 * Applies suppressions after the rules ran, and reports every suppression that does not do what it says: a
 * malformed one, an unknown rule id, an unused one, a missing reason, or any at all when the configuration forbids
 * them. Pure: comments and annotations are read from the text and the parsed documents. Config `ignore` entries
 * apply last, and also under `allowInlineSuppressions: false` (they are the central place that switch points to).
 */
export function applySuppressions(input: SuppressionInput): SuppressionOutcome {
  const inline = applyInlineSuppressions(input);
  if (!input.settings.ignores?.length) return inline;
  const ignoreOf = configIgnoreMatcher(input.settings.ignores, input.path, input.docs);
  const shown: Finding[] = [];
  for (const f of inline.shown) {
    const entry = ignoreOf(f);
    if (!entry) shown.push(f);
    else inline.suppressed.push({ ...f, suppressed: { kind: 'config', reason: entry.reason, syntax: 'kubeward', offset: f.offset, source: entry.source } });
  }
  return { ...inline, shown };
}

function applyInlineSuppressions(input: SuppressionInput): SuppressionOutcome {
  const { settings, knownRuleIds } = input;
  const comments = scanComments(input.text, input.kind, knownRuleIds);
  const annotations = input.kind === 'dockerfile' ? { directives: [], problems: [] } : scanAnnotations(input.docs, input.kind === 'json', knownRuleIds);
  const problems: SuppressionProblem[] = [...comments.problems, ...annotations.problems];
  const directives = [...comments.directives, ...annotations.directives].sort((a, b) => SCOPE_ORDER[a.kind] - SCOPE_ORDER[b.kind] || a.start - b.start);

  for (const d of directives) {
    d.rules = d.rules.filter((ref) => knownRuleIds.has(ref.id) || (problems.push(unknownRule(d, ref, knownRuleIds)), false));
  }
  const active = directives.filter((d) => d.rules.length);

  if (!settings.allowInlineSuppressions) {
    for (const d of active) {
      problems.push({ ruleId: D.notAllowed, severity: 'warning', start: d.start, end: d.end, message: `Suppressions are not allowed here (\`allowInlineSuppressions: false\`), so this one suppresses nothing.`, fixes: [{ title: 'Remove the suppression', edits: [d.remove] }] });
    }
    return { shown: [...input.findings], suppressed: [], problems: toFindings(problems, input) };
  }

  const used = new Set<RuleRef>();
  const shown: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of input.findings) {
    const hit = firstCovering(active, f);
    if (!hit) {
      shown.push(f);
      continue;
    }
    used.add(hit.ref);
    suppressed.push({ ...f, suppressed: { kind: hit.directive.kind, reason: hit.directive.reason, syntax: hit.directive.syntax, offset: { start: hit.directive.start, end: hit.directive.end } } });
  }

  for (const d of active) {
    if (d.syntax !== 'kubeward') continue; // a peer's suppression may still be doing its job for the peer
    for (const ref of d.rules) if (!used.has(ref)) problems.push(unused(d, ref, input, settings));
    if (settings.requireReason && (!d.reason || d.reason === REASON_PLACEHOLDER)) problems.push(missingReason(d));
  }
  for (const d of active) {
    if (d.podTemplate) {
      problems.push({ ruleId: D.scope, severity: 'info', start: d.start, end: d.end, fixes: [],
        message: `This suppression is on the pod template's annotations: kubeward applies it to the whole ${d.scope?.kind ?? 'object'}, and Kubernetes copies it onto every Pod created from the template. The usual place is the ${d.scope?.kind ?? 'object'}'s own \`metadata.annotations\`.` });
    }
  }
  return { shown, suppressed, problems: toFindings(problems, input) };
}

function firstCovering(directives: readonly Directive[], f: Finding): { directive: Directive; ref: RuleRef } | undefined {
  for (const d of directives) {
    const ref = d.rules.find((r) => r.id === f.ruleId);
    if (!ref) continue;
    if (d.kind === 'file') return { directive: d, ref };
    if (d.kind === 'inline' && d.line === f.range.start.line) return { directive: d, ref };
    if (d.kind === 'annotation' && d.scope && f.offset.start >= d.scope.start && f.offset.start < d.scope.end) return { directive: d, ref };
  }
  return undefined;
}

function removeRef(d: Directive, ref: RuleRef) {
  return d.rules.length > 1 && d.removeRule ? { title: `Remove \`${ref.written}\` from the suppression`, edits: [d.removeRule(ref)] } : { title: 'Remove the suppression', edits: [d.remove] };
}

function unknownRule(d: Directive, ref: RuleRef, known: ReadonlySet<string>): SuppressionProblem {
  const guess = closest(ref.id, known);
  const spelled = (id: string) => (d.kind === 'annotation' ? id.replace('/', '.') : id);
  return {
    ruleId: D.unknownRule,
    severity: 'warning',
    start: ref.start,
    end: ref.end,
    message: `Unknown rule id \`${ref.id}\`, so this suppresses nothing.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
    fixes: [...(guess ? [{ title: `Change to \`${guess}\``, edits: [{ start: ref.start, end: ref.end, newText: spelled(guess) }] }] : []), removeRef(d, ref)],
  };
}

function unused(d: Directive, ref: RuleRef, input: SuppressionInput, settings: EngineSettings): SuppressionProblem {
  const where =
    d.kind === 'file' ? 'in this file'
    : d.kind === 'inline' ? (d.line === undefined ? 'here: no line follows the comment' : `on line ${d.line + 1}`)
    : d.scope?.container ? `in container \`${d.scope.container}\`` : `in this ${d.scope?.kind ?? 'object'}`;
  const off = settings.rules[ref.id]?.severity === 'off' ? ` (the rule is off in this configuration)` : '';
  return { ruleId: D.unused, severity: 'warning', start: ref.start, end: ref.end, message: `Unused suppression: \`${ref.id}\` reports nothing ${where}${off}.`, fixes: [removeRef(d, ref)] };
}

function missingReason(d: Directive): SuppressionProblem {
  const fixes = d.reasonInsertAt !== undefined ? [{ title: 'Add a reason', edits: [{ start: d.reasonInsertAt, end: d.reasonInsertAt, newText: ` -- ${REASON_PLACEHOLDER}` }] }] : [];
  const how = d.kind === 'annotation' ? 'as the annotation value' : 'after ` -- `';
  return { ruleId: D.missingReason, severity: 'warning', start: d.start, end: d.end, message: `This suppression needs a reason (\`requireReason: true\`): say why the finding is acceptable, ${how}.`, fixes };
}

function toFindings(problems: readonly SuppressionProblem[], { lines, docs }: SuppressionInput): Finding[] {
  // The YAML document a problem sits in (the last one starting at or before it); 0 for Dockerfiles.
  const docIndexAt = (offset: number) => docs.reduce((found, d) => (d.base <= offset ? d.index : found), 0);
  return problems.map((p) => ({
    ruleId: p.ruleId,
    severity: p.severity as Severity,
    message: p.message,
    range: lines.rangeOf(p.start, p.end),
    offset: { start: p.start, end: p.end },
    docIndex: docIndexAt(p.start),
    fixes: p.fixes.map((fix) => ({ title: fix.title, safe: false, edits: fix.edits.map((e) => ({ range: lines.rangeOf(e.start, e.end), newText: e.newText })) })),
  }));
}
