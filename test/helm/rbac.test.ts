import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import type { Finding } from '../../server/src/engine/types';
import { underlined } from '../helpers/engine';

const ROLE = `{{- if .Values.rbac.create }}
apiVersion: {{ include "common.capabilities.rbac.apiVersion" . }}
kind: Role
metadata:
  name: {{ include "app.fullname" . }}
  labels: {{- include "app.labels" . | nindent 4 }}
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["*"]
  {{- if .Values.rbac.readSecrets }}
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get"]
  {{- end }}
  {{- with .Values.rbac.extraRules }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}
---
{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
{{- end }}
`;

function templateFindings(values: string): Finding[] {
  return new Analyzer().analyze({ text: ROLE, path: '/c/app/templates/role.yaml', inHelmChart: true, helmTemplateValues: [values] }).findings;
}

describe('Helm: RBAC written literally in templates, behind rbac.create', () => {
  it('is judged on the template line when the default values render it', () => {
    const found = templateFindings('rbac:\n  create: true\n  readSecrets: false\nserviceAccount:\n  create: true\n');
    // By hand: rbac.create renders the Role (its apiVersion comes from a helper: the kind says it is RBAC); the
    // secrets rule sits behind readSecrets: false; extraRules are values, not literal rules.
    assert.deepEqual(found.map((f) => [f.ruleId, underlined(ROLE, f)]), [['k8s/rbac-wildcard', '"*"']]);
    assert.equal(found[0].range.start.line, 9);
    assert.deepEqual(found[0].fixes, []);
    const secrets = templateFindings('rbac:\n  create: true\n  readSecrets: true\n');
    assert.deepEqual(secrets.map((f) => [f.ruleId, f.range.start.line]), [['k8s/rbac-wildcard', 9], ['k8s/rbac-secrets-access', 12]]);
  });

  it('is not judged when the guard is false with the default values, nor without values', () => {
    assert.deepEqual(templateFindings('rbac:\n  create: false\n'), []);
    assert.deepEqual(new Analyzer().analyze({ text: ROLE, path: '/c/app/templates/role.yaml', inHelmChart: true }).findings, []);
  });

  it('a later values file wins over values.yaml', () => {
    const found = new Analyzer().analyze({ text: ROLE, path: '/c/app/templates/role.yaml', inHelmChart: true, helmTemplateValues: ['rbac:\n  create: true\n', 'rbac:\n  create: false\n'] }).findings;
    assert.deepEqual(found, []);
  });
});
