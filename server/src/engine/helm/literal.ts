// Security settings written literally in a template (`privileged: true`) are judged on the template line itself.
// Only lines that no template action touches are read: text a `{{ ... }}` produces is never judged here.
import { guardsByLine } from './conditions';

/** A literal setting found in a template; offsets in the template's text. */
export interface LiteralFinding {
  ruleId: string;
  message: string;
  start: number;
  end: number;
}

const LITERAL_CHECKS: readonly { key: RegExp; ruleId: string; message: (key: string) => string }[] = [
  { key: /^privileged$/, ruleId: 'k8s/privileged-container', message: () => 'This template runs a privileged container (privileged: true written in the template).' },
  { key: /^allowPrivilegeEscalation$/, ruleId: 'k8s/allow-privilege-escalation', message: () => 'This template allows privilege escalation (allowPrivilegeEscalation: true written in the template).' },
  { key: /^host(?:Network|PID|IPC)$/, ruleId: 'k8s/host-namespaces', message: (key) => `This template shares a host namespace (${key}: true written in the template).` },
];

const TRUE_PAIR = /^([ \t]*(?:-[ \t]+)?)(["']?)([A-Za-z]+)\2[ \t]*:[ \t]*(["']?)true\4[ \t]*(?:#.*)?$/;

export function scanTemplateLiterals(text: string): LiteralFinding[] {
  const inAction = actionMask(text);
  const guards = guardsByLine(text);
  const out: LiteralFinding[] = [];
  let lineStart = 0;
  let lineNo = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const body = line.replace(/\r?\n$/, '');
    const m = TRUE_PAIR.exec(body);
    if (m && !touchesAction(inAction, lineStart, lineStart + body.length)) {
      const check = LITERAL_CHECKS.find((c) => c.key.test(m[3]));
      if (check) {
        const start = lineStart + m[1].length;
        // Name the innermost guard: a privileged init container behind `if .Values.sysctl.enabled` is opt-in.
        const inner = (guards[lineNo] ?? []).at(-1);
        const message = check.message(m[3]) + (inner ? ` Rendered only inside {{ if ${inner.expr} }}.` : '');
        out.push({ ruleId: check.ruleId, message, start, end: lineStart + body.replace(/[ \t]*(?:#.*)?$/, '').length });
      }
    }
    lineStart += line.length;
    lineNo++;
  }
  return out;
}

/** Marks every character inside `{{ ... }}` (actions and comments may span lines). */
function actionMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', open + 2)) {
    const close = text.indexOf('}}', open + 2);
    const end = close < 0 ? text.length : close + 2;
    mask.fill(1, open, end);
    if (close < 0) break;
    open = close;
  }
  return mask;
}

function touchesAction(mask: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (mask[i]) return true;
  return false;
}
