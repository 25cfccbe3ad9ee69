import * as vscode from 'vscode';
import type { AuditFinding, AuditResult, AuditSeverity } from '../../../server/src/audit-protocol';

export type Grouping = 'severity' | 'file';

type Node = { kind: 'group'; label: string; description?: string; icon?: vscode.ThemeIcon; resourceUri?: vscode.Uri; children: Node[] } | { kind: 'finding'; finding: AuditFinding; showRule: boolean };

const SEVERITY_ORDER: AuditSeverity[] = ['error', 'warning', 'info', 'hint'];
const SEVERITY_ICON: Record<AuditSeverity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  hint: new vscode.ThemeIcon('lightbulb'),
};

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

/** The audit results: severity → rule → file → finding, or file → finding. Every finding opens its exact range. */
export class AuditTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Node[] = [];
  result?: AuditResult;
  grouping: Grouping = 'severity';

  setResult(result: AuditResult): void {
    this.result = result;
    this.rebuild();
  }

  setGrouping(grouping: Grouping): void {
    this.grouping = grouping;
    void vscode.commands.executeCommand('setContext', 'kubeward.auditGrouping', grouping);
    this.rebuild();
  }

  /** "3 errors, 1 warning · exposure 2, images 2 · 120 files": the view's message line. */
  summary(): string | undefined {
    const r = this.result;
    if (!r) return undefined;
    const sev = SEVERITY_ORDER.filter((s) => r.bySeverity[s]).map((s) => `${r.bySeverity[s]} ${s}`);
    const cats = Object.entries(r.byCategory).map(([c, n]) => `${c} ${SEVERITY_ORDER.reduce((sum, s) => sum + n[s], 0)}`);
    const files = r.cancelled ? `cancelled after ${r.filesDone}/${r.filesTotal} files` : `${r.filesDone} files, ${r.skipped.length} skipped`;
    return [sev.length ? sev.join(', ') : 'no findings', cats.join(', '), files].filter(Boolean).join(' · ');
  }

  private rebuild(): void {
    const findings = this.result?.findings ?? [];
    this.roots = this.grouping === 'severity' ? this.bySeverity(findings) : this.byFile(findings, true);
    this.changed.fire();
  }

  private bySeverity(findings: readonly AuditFinding[]): Node[] {
    const bySev = groupBy(findings, (f) => f.severity);
    return SEVERITY_ORDER.filter((s) => bySev.has(s)).map((s) => {
      const list = bySev.get(s)!;
      const rules = [...groupBy(list, (f) => f.ruleId)].sort(([a], [b]) => (a < b ? -1 : 1));
      return {
        kind: 'group' as const,
        label: s,
        description: String(list.length),
        icon: SEVERITY_ICON[s],
        children: rules.map(([ruleId, ofRule]) => ({ kind: 'group' as const, label: ruleId, description: `${ofRule[0].ruleTitle} (${ofRule.length})`, children: this.byFile(ofRule, false) })),
      };
    });
  }

  private byFile(findings: readonly AuditFinding[], showRule: boolean): Node[] {
    return [...groupBy(findings, (f) => f.path)].map(([path, list]) => ({
      kind: 'group' as const,
      label: path,
      description: String(list.length),
      resourceUri: list[0].uri ? vscode.Uri.parse(list[0].uri) : undefined,
      children: list.map((finding) => ({ kind: 'finding' as const, finding, showRule })),
    }));
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.roots;
    return node.kind === 'group' ? node.children : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = node.description;
      if (node.icon) item.iconPath = node.icon;
      if (node.resourceUri) {
        item.resourceUri = node.resourceUri;
        item.iconPath = vscode.ThemeIcon.File;
      }
      return item;
    }
    const f = node.finding;
    const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
    item.description = `${node.showRule ? `${f.ruleId} · ` : ''}line ${f.range.start.line + 1}`;
    item.iconPath = SEVERITY_ICON[f.severity];
    item.tooltip = `${f.path}:${f.range.start.line + 1}:${f.range.start.character + 1}\n${f.ruleId}: ${f.ruleTitle}`;
    if (f.uri) {
      const { start, end } = f.range;
      item.command = {
        command: 'vscode.open',
        title: 'Open',
        arguments: [vscode.Uri.parse(f.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character) } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return item;
  }
}
