import { manifestObjects } from '../k8s/objects';
import { detectEol, LineIndex, startOfLine } from '../text';
import type { FileKind, Finding, OffsetEdit } from '../types';
import { YamlEditor } from '../yaml/edit';
import { parseYamlDocuments } from '../yaml/documents';
import { mapAt } from '../yaml/nodes';
import { ANNOTATION_PREFIX } from './annotations';
import { REASON_PLACEHOLDER } from './directive';

export interface SuppressAction {
  title: string;
  edits: OffsetEdit[];
}

/**
 * "Suppress with a reason" for one finding: a `# kubeward-ignore` comment above its line (YAML and Dockerfiles), and
 * an ignore annotation on the object that holds it (YAML and JSON, which has no comments). The reason is a
 * placeholder the user overwrites; `requireReason` keeps reporting it until they do.
 */
export function suppressActions(text: string, kind: FileKind, finding: Finding): SuppressAction[] {
  const actions: SuppressAction[] = [];
  if (kind === 'yaml' || kind === 'dockerfile') actions.push(commentAction(text, finding));
  if (kind === 'yaml' || kind === 'json') {
    const annotation = annotationAction(text, kind === 'json', finding);
    if (annotation) actions.push(annotation);
  }
  return actions;
}

function commentAction(text: string, finding: Finding): SuppressAction {
  const lineStart = startOfLine(text, finding.offset.start);
  const lines = new LineIndex(text);
  const line = lines.positionAt(lineStart).line;
  // An existing `# kubeward-ignore` right above the line takes one more id instead of a second comment.
  if (line > 0) {
    const prevStart = lines.offsetAt({ line: line - 1, character: 0 });
    const prev = text.slice(prevStart, lineStart).replace(/\r?\n$/, '');
    const m = /^(\s*#\s*kubeward-ignore\s+)([^\s,]+(?:\s*,\s*[^\s,]+)*)/.exec(prev);
    if (m) {
      const at = prevStart + m[1].length + m[2].length;
      return { title: `Suppress ${finding.ruleId} on this line (add to the comment above)`, edits: [{ start: at, end: at, newText: `,${finding.ruleId}` }] };
    }
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return {
    title: `Suppress ${finding.ruleId} on this line with a reason`,
    edits: [{ start: lineStart, end: lineStart, newText: `${indent}# kubeward-ignore ${finding.ruleId} -- ${REASON_PLACEHOLDER}${detectEol(text)}` }],
  };
}

function annotationAction(text: string, json: boolean, finding: Finding): SuppressAction | undefined {
  const source = parseYamlDocuments(text).find((d) => finding.offset.start >= d.base && finding.offset.start <= d.base + d.text.length);
  if (!source || source.doc.errors.length) return undefined;
  const at = finding.offset.start - source.base;
  const object = manifestObjects(source).find((o) => o.node.range && at >= o.node.range[0] && at < o.node.range[1]);
  if (!object) return undefined;
  const edit = new YamlEditor(source.text, json);
  const key = ANNOTATION_PREFIX + finding.ruleId.replace('/', '.');
  const metadata = mapAt(object.node, 'metadata');
  const edits = metadata ? edit.ensure(metadata, { annotations: { [key]: REASON_PLACEHOLDER } }) : edit.ensure(object.node, { metadata: { annotations: { [key]: REASON_PLACEHOLDER } } });
  if (!edits.length) return undefined;
  return {
    title: `Suppress ${finding.ruleId} for this ${object.kind} with an annotation`,
    edits: edits.map((e) => ({ start: source.base + e.start, end: source.base + e.end, newText: e.newText })),
  };
}
