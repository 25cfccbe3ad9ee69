import * as vscode from 'vscode';
import { CommandIds, type FileStatusNotification } from '../../server/src/protocol';

/** Shows the active file's kubeward findings (or why it was skipped) in the status bar. */
export class StatusBar implements vscode.Disposable {
  private item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  private byUri = new Map<string, FileStatusNotification.Params>();

  constructor() {
    this.item.command = CommandIds.showOutput;
    this.item.name = 'kubeward';
  }

  update(p: FileStatusNotification.Params): void {
    this.byUri.set(p.uri, p);
  }

  show(uri: string | undefined): void {
    const s = uri ? this.byUri.get(uri) : undefined;
    if (!s) {
      this.item.hide();
      return;
    }
    if (s.skipped) {
      this.item.text = '$(shield) kubeward: skipped';
      this.item.tooltip = s.skipped;
    } else {
      const { error, warning, info, hint } = s.counts;
      const total = error + warning + info + hint;
      this.item.text = total ? `$(shield) ${error} $(error) ${warning} $(warning) ${info + hint} $(info)` : '$(shield) kubeward: no findings';
      this.item.tooltip = `kubeward: ${error} errors, ${warning} warnings, ${info} infos, ${hint} hints in this file`;
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
