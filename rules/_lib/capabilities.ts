import { isScalar, isSeq, type Node, type YAMLSeq } from 'yaml';
import type { FixSpec, RuleContext } from '../../server/src/engine/rule';
import { pairAt, type SecuritySite } from './pss';

/** The `capabilities.add` (or `.drop`) sequence of a site and its string items. */
export function capabilityList(site: SecuritySite, list: 'add' | 'drop'): { seq: YAMLSeq; items: { node: Node; name: unknown }[] } | undefined {
  const pair = pairAt(site.context, ['capabilities', list]);
  if (!pair || !isSeq(pair.value)) return undefined;
  const seq = pair.value;
  return { seq, items: seq.items.map((node) => ({ node: node as Node, name: isScalar(node) ? node.value : undefined })) };
}

/**
 * A fix removing one added capability: the item, or the whole `add:` when it is the only one. Never in fix-all,
 * and the title says the process loses the capability.
 */
export function removeAddedCapabilityFix(ctx: RuleContext, site: SecuritySite, seq: YAMLSeq, item: Node, name: string): FixSpec[] {
  if (site.viaAlias) return [];
  const addPair = pairAt(site.context, ['capabilities', 'add'])!;
  const capabilities = pairAt(site.context, ['capabilities'])!.value;
  const edit = seq.items.length === 1 ? ctx.edit.removePair(capabilities as never, addPair) : ctx.edit.removeItem(seq, item);
  return [{ title: `Stop adding capability ${name} (the process loses it)`, edits: [edit], safe: false }];
}
