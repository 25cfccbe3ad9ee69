import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { assertRange, closeAllEditors, diagnosticsWhen, hasRule, open, range, ruleOf, workspaceUri } from './editor';
import { test } from './harness';

/** Asks VS Code for the quick fixes at the diagnostic of `rule` and applies the one titled `title`. */
async function applyQuickFix(uri: vscode.Uri, rule: string, title: string): Promise<vscode.Diagnostic> {
  const ds = await diagnosticsWhen(uri, rule, hasRule(rule));
  const d = ds.find((x) => ruleOf(x) === rule)!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
  const titles = actions.map((a) => a.title);
  const fix = actions.find((a) => a.title === title);
  assert.ok(fix, `quick fix "${title}" offered; got ${JSON.stringify(titles)}`);
  assert.equal(fix.kind?.value, 'quickfix');
  assert.ok(fix.edit, 'the fix carries its edit');
  assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
  return d;
}

test('quick fix "Remove `privileged: true`" removes exactly that line', async () => {
  const uri = workspaceUri('multi-doc.yaml');
  const editor = await open(uri);
  await applyQuickFix(uri, 'k8s/privileged-container', 'Remove `privileged: true`');
  const expected = `# A ConfigMap, then a Pod that runs privileged.
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
  containers:
    - name: tools
      image: alpine:3.20
      securityContext:
        runAsUser: 1000
`;
  assert.equal(editor.document.getText(), expected);
  await diagnosticsWhen(uri, 'privileged finding gone after the fix', (ds) => !ds.some((d) => ruleOf(d) === 'k8s/privileged-container'));
  await closeAllEditors();
});

test('quick fix "Add hardened securityContext" inserts the block in the file\'s own style', async () => {
  const uri = workspaceUri('no-context.yaml');
  const editor = await open(uri);
  const d = await applyQuickFix(uri, 'k8s/missing-security-context', 'Add hardened securityContext (image must run as non-root with a read-only root filesystem)');
  // Reported on the container's `name` key (`        - name: api`).
  assertRange(d.range, range(14, 10, 14, 14), 'k8s/missing-security-context');
  assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
  // Container keys sit at column 10 and sequences are indented under their key, so the block follows suit.
  const expected = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: registry.example/api:1.0
          ports:
            - containerPort: 8080
          securityContext:
            allowPrivilegeEscalation: false
            runAsNonRoot: true
            capabilities:
              drop:
                - ALL
            seccompProfile:
              type: RuntimeDefault
            readOnlyRootFilesystem: true
`;
  assert.equal(editor.document.getText(), expected);
  await diagnosticsWhen(uri, 'missing-security-context gone after the fix', (ds) => !ds.some((d) => ruleOf(d) === 'k8s/missing-security-context'));
  await closeAllEditors();
});

test('Dockerfile quick fix "Run as non-root" adds USER 10001 before CMD', async () => {
  const uri = workspaceUri('Dockerfile');
  const editor = await open(uri);
  assert.equal(editor.document.languageId, 'dockerfile');
  const d = await applyQuickFix(uri, 'docker/no-root-user', 'Run as non-root: add `USER 10001` (the image must let UID 10001 read and write what the app needs)');
  assertRange(d.range, range(4, 0, 4, 9), 'docker/no-root-user');
  assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  // The last USER before CMD decides the user the process runs as.
  const expected = `FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
USER root
USER 10001
CMD ["node", "server.js"]
`;
  assert.equal(editor.document.getText(), expected);
  await diagnosticsWhen(uri, 'no-root-user gone after the fix', (ds) => !ds.some((x) => ruleOf(x) === 'docker/no-root-user'));
  await closeAllEditors();
});
