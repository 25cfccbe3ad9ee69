import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { ruleById } from '../engine/registry';
import { ruleDocsUrl } from '../engine/rule';
import type { AnalysisResult, Range } from '../engine/types';

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** The explanation of every finding under the cursor: what, why, how to fix, and a link. */
export function hoverAt(result: AnalysisResult, position: Position): Hover | null {
  const here = result.findings.filter((f) => contains(f.range, position));
  if (!here.length) return null;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const f of here) {
    if (seen.has(f.ruleId)) continue;
    seen.add(f.ruleId);
    const rule = ruleById(f.ruleId);
    if (!rule) {
      parts.push(`**kubeward** \`${f.ruleId}\`: ${f.message}`);
      continue;
    }
    const { meta } = rule;
    const pss = meta.pss ? `\n\nPod Security Standards: **${meta.pss.level}** level, check \`${meta.pss.check}\`.` : '';
    parts.push(`### kubeward: ${meta.title}\n\`${meta.id}\` · ${f.severity} · ${meta.category}${pss}\n\n${f.message}\n\n${meta.docs}\n\n[Rule documentation](${ruleDocsUrl(meta.id)})`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: here[0].range };
}
