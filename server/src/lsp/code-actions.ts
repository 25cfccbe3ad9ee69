import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyAllSafeFixes, minimalEdit } from '../engine/fix';
import type { AnalysisResult, Finding } from '../engine/types';
import { suppressActions } from '../engine/suppress/insert';
import { FIX_ALL_KIND } from '../protocol';
import { toDiagnostic } from './diagnostics';
import type { AnalysisStore } from './store';

function sameRange(d: Diagnostic, f: Finding): boolean {
  const a = d.range;
  const b = f.range;
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Quick fixes for the diagnostics in the request, and the file-wide fix-all. */
export async function codeActions(doc: TextDocument, result: AnalysisResult, params: CodeActionParams, store: AnalysisStore): Promise<CodeAction[]> {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    // Under `allowInlineSuppressions: false` a suppression would only be reported, so none is offered.
    const mayDisable = params.context.diagnostics.length > 0 && (await store.settingsOf(doc)).settings.allowInlineSuppressions;
    for (const d of params.context.diagnostics) {
      const finding = result.findings.find((f) => f.ruleId === d.code && sameRange(d, f));
      for (const fix of finding?.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [toDiagnostic(finding!)],
          isPreferred: fix.safe,
          edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: fix.edits }] },
        });
      }
      // Every rule finding can be silenced on purpose, with the reason written next to it. kubeward's own
      // diagnostics (parse errors, suppression problems) are fixed, not suppressed.
      if (finding && mayDisable && !finding.ruleId.startsWith('kubeward/')) {
        for (const action of suppressActions(doc.getText(), result.kind, finding)) {
          actions.push({
            title: action.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [toDiagnostic(finding)],
            edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: action.edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText })) }] },
          });
        }
      }
    }
  }
  if (only && wants(FIX_ALL_KIND)) {
    const input = await store.inputFor(doc);
    const { text } = applyAllSafeFixes(store.engine, input);
    const edit = minimalEdit(input.text, text);
    if (edit) {
      actions.push({
        title: 'Fix all safe kubeward problems',
        kind: FIX_ALL_KIND,
        edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: [{ range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) }, newText: edit.newText }] }] },
      });
    }
  }
  return actions;
}
