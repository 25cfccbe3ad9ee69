// Judges single settings templates fill from one value (`hostNetwork: {{ .Values.hostNetwork }}`): the default value
// is what the rendered manifest says, so a bad default is reported on its values.yaml line, with a fix there.
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { parseImageReference } from '../../registry/reference';
import type { YamlEditor } from '../yaml/edit';
import type { ValuesFinding } from './judge';
import type { Either, ScalarField } from './scalars';
import type { ValueUse } from './uses';
import { describeUses, groupByPath, relatedLines, resolve, spanOfNode, spanOfPair, truthy, valueAt } from './values-tree';

interface ScalarCheck {
  ruleId: string;
  /** The value that is a finding once rendered. */
  bad: boolean;
  what: string;
  /** Fix-all may apply the fix only when it cannot break the workload in a way the user would not expect. */
  safe: boolean;
  consequence?: string;
}

const CHECKS: Partial<Record<ScalarField, ScalarCheck>> = {
  hostNetwork: { ruleId: 'k8s/host-namespaces', bad: true, what: 'shares the node\'s network namespace', safe: false, consequence: 'the pod loses the host network' },
  hostPID: { ruleId: 'k8s/host-namespaces', bad: true, what: 'shares the node\'s process namespace', safe: false, consequence: 'the pod no longer sees host processes' },
  hostIPC: { ruleId: 'k8s/host-namespaces', bad: true, what: 'shares the node\'s IPC namespace', safe: false, consequence: 'the pod loses host IPC' },
  automountServiceAccountToken: { ruleId: 'k8s/service-account-token-automount', bad: true, what: 'mounts its service account token into every container', safe: false, consequence: 'the pod loses Kubernetes API access' },
  privileged: { ruleId: 'k8s/privileged-container', bad: true, what: 'runs privileged', safe: true },
  allowPrivilegeEscalation: { ruleId: 'k8s/allow-privilege-escalation', bad: true, what: 'allows privilege escalation', safe: true },
  runAsNonRoot: { ruleId: 'k8s/run-as-non-root', bad: false, what: 'may run as root', safe: true },
  readOnlyRootFilesystem: { ruleId: 'k8s/writable-root-filesystem', bad: false, what: 'has a writable root filesystem', safe: false, consequence: 'writes outside mounted volumes will fail' },
};

const POD_LEVEL = new Set<ScalarField>(['hostNetwork', 'hostPID', 'hostIPC', 'automountServiceAccountToken']);

export function judgeScalars(root: YAMLMap, uses: readonly ValueUse[], editor: YamlEditor): ValuesFinding[] {
  const out: ValuesFinding[] = [];
  const rendered = uses.filter((u) => u.kind === 'scalar').map((u) => (u.either ? { ...u, path: renderedOperand(root, u.either) } : u));
  for (const group of groupByPath(rendered)) {
    const at = resolve(root, group[0].path);
    const node = at?.pair.value;
    if (!at || !isScalar(node) || !node.range) continue;
    const name = group[0].path.join('.');
    const value = node.value === 'true' ? true : node.value === 'false' ? false : node.value;
    for (const byField of groupBy(group, (u) => u.field!)) {
      const field = byField[0].field!;
      const related = relatedLines(byField, `${name} is rendered here as ${field}`);
      const where = spanOfPair(at.pair);
      if (field === 'image') {
        const mutable = mutableImage(value);
        if (mutable) out.push({ ruleId: 'k8s/image-mutable-tag', message: `The default ${name} "${value}" ${mutable} (${describeUses(byField)}): it changes without a change to the chart.`, ...where, related, anchor: at.pair.key as Node, fixes: [] });
        // As k8s/image-not-pinned says of a manifest's image, on the value a digest would be added to.
        const movable = movableImage(value);
        if (movable) out.push({ ruleId: 'k8s/image-not-pinned', message: `The default ${name} "${value}" has no digest (${describeUses(byField)}): ${movable} can be moved to another image without a change to the chart.`, ...spanOfNode(node), related, anchor: at.pair.key as Node, fixes: [] });
        continue;
      }
      const check = CHECKS[field];
      if (!check || value !== check.bad) continue;
      const good = !check.bad;
      const title = `Set ${name}: ${good} in values.yaml${check.consequence ? ` (${check.consequence})` : ''}`;
      // Through `or`/`and`, flipping this value may hand the field to another operand: no fix is offered.
      const either = byField.find((u) => u.either)?.either;
      const through = either ? ` through \`${either.operator} ${either.paths.map((p) => `.Values.${p.join('.')}`).join(' ')}\`` : '';
      out.push({
        ruleId: check.ruleId,
        message: `${name}: ${check.bad} in values.yaml is rendered as ${field}: ${check.bad}${through} (${describeUses(byField)}): the ${POD_LEVEL.has(field) ? 'pod' : 'container'} ${check.what}.`,
        ...where,
        related,
        anchor: at.pair.key as Node,
        fixes: either ? [] : [{ title, safe: check.safe, edits: [editor.replaceNode(node, String(good))] }],
      });
    }
  }
  return out;
}

/** The operand Go renders: `or` the first non-empty one, `and` the first empty one, else the last. */
function renderedOperand(root: YAMLMap, either: Either): string[] {
  const wanted = either.operator === 'or';
  return either.paths.find((p) => truthy(valueAt(root, p)) === wanted) ?? either.paths[either.paths.length - 1];
}

/** Why an image reference is mutable (`latest`, or no tag and no digest), or undefined when it is pinned to a version. */
function mutableImage(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ref = parseImageReference(value);
  if (!ref || ref.digest) return undefined;
  if (!ref.tagWritten) return 'has no tag (so "latest")';
  return ref.tag === 'latest' ? 'uses the tag "latest"' : undefined;
}

/** What a tag-only image reference points through (`the tag "1.27"`, `"latest"`), or undefined when it has a digest. */
function movableImage(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ref = parseImageReference(value);
  if (!ref || ref.digest) return undefined;
  return ref.tagWritten ? `the tag "${ref.tag}"` : '"latest"';
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}
