import { isScalar } from 'yaml';
import { defineK8sRule, type K8sRule, type RuleMeta } from '../../server/src/engine/rule';
import { pairOf } from '../../server/src/engine/yaml/nodes';
import table from '../_data/api-versions.json';
import { sameStyleScalar } from './ranges';

export interface ApiVersionEntry {
  apiVersion: string;
  kinds: string[];
  deprecatedIn: string;
  removedIn: string | null;
  replacement: string | null;
  replacementKind?: string;
  replacementAvailableIn?: string;
  pureRename: boolean;
  note?: string;
}

export const API_VERSION_TABLE: readonly ApiVersionEntry[] = table.entries;

const BY_VERSION_AND_KIND = new Map<string, ApiVersionEntry>(API_VERSION_TABLE.flatMap((e) => e.kinds.map((k) => [`${e.apiVersion} ${k}`, e] as const)));

export function apiVersionEntry(apiVersion: string, kind: string): ApiVersionEntry | undefined {
  return BY_VERSION_AND_KIND.get(`${apiVersion} ${kind}`);
}

/** The minor number of `1.33`, `v1.33` or `v1.33.2`; undefined for anything else. */
export function minorOf(version: string | null | undefined): number | undefined {
  const m = /^v?1\.(\d+)(?:\.\d+)?$/.exec(version?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
}

export type ApiPhase = 'removed' | 'deprecated';

/** Where an entry stands in the target release. */
export function phaseIn(entry: ApiVersionEntry, target: number): ApiPhase | undefined {
  const removed = minorOf(entry.removedIn);
  if (removed !== undefined && target >= removed) return 'removed';
  const deprecated = minorOf(entry.deprecatedIn);
  return deprecated !== undefined && target >= deprecated ? 'deprecated' : undefined;
}

function advice(entry: ApiVersionEntry, kind: string): string {
  if (!entry.replacement) return entry.note ? `no replacement: ${entry.note}` : 'it has no replacement';
  const target = `${entry.replacement}${entry.replacementKind ? ` ${entry.replacementKind}` : ''}`;
  const since = entry.replacementAvailableIn ? ` (served from 1.${minorOf(entry.replacementAvailableIn)})` : '';
  const how = entry.pureRename ? 'only the apiVersion changes' : (entry.note ?? `the ${kind} schema changes`);
  return `use ${target}${since}; ${how}`;
}

/**
 * Defines the rule for one phase (removed or deprecated) of the table, against the `kubernetesVersion` setting.
 * The fix rewrites the apiVersion only when the replacement is a pure rename for the kind and is served by the target.
 */
export function defineApiVersionRule(meta: RuleMeta, phase: ApiPhase): K8sRule {
  return defineK8sRule({
    meta,
    check(object, ctx) {
      const entry = apiVersionEntry(object.apiVersion, object.kind);
      const target = minorOf(ctx.settings.kubernetesVersion) ?? 33;
      if (!entry || phaseIn(entry, target) !== phase) return;
      const node = pairOf(object.node, 'apiVersion')?.value;
      if (!isScalar(node)) return;
      const when = phase === 'removed' ? `was removed in Kubernetes 1.${minorOf(entry.removedIn)}` : `is deprecated since Kubernetes 1.${minorOf(entry.deprecatedIn)}${entry.removedIn ? ` and removed in 1.${minorOf(entry.removedIn)}` : ''}`;
      const available = minorOf(entry.replacementAvailableIn) ?? 0;
      const fixable = entry.pureRename && entry.replacement && target >= available;
      ctx.report({
        at: node,
        message: `${object.apiVersion} ${object.kind} ${when}: ${advice(entry, object.kind)}.`,
        fixes: fixable
          ? [{ title: `Replace apiVersion with ${entry.replacement}`, edits: [ctx.edit.replaceNode(node, sameStyleScalar(ctx.edit.fileText, node, entry.replacement!, ctx.edit.json))] }]
          : [],
      });
    },
  });
}
