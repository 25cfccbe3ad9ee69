import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { Analyzer } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fix';
import type { Finding } from '../../server/src/engine/types';
import { helmChartInputFor } from '../../server/src/node/helm-chart';
import { runCli, tempTree } from '../helpers/cli';
import { underlined } from '../helpers/engine';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      hostNetwork: {{ .Values.hostNetwork }}
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          {{- with .Values.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
`;
const HARDENED = 'securityContext:\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: [ALL]\n  seccompProfile:\n    type: RuntimeDefault\n';
const BASE = {
  'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'web/templates/deployment.yaml': DEPLOYMENT,
  'web/values.yaml': `hostNetwork: false\nimage:\n  repository: nginx\n  tag: "1.27"\n${HARDENED}`,
};
const CHART = {
  ...BASE,  // Merged over values.yaml: hostNetwork and privileged are this file's findings; the rest of securityContext stays.
  'web/values-production.yaml': 'hostNetwork: true\nsecurityContext:\n  privileged: true\n',
  'web/values-dev.yaml': 'image:\n  tag: latest\n',
};

function analyzeFile(file: string, valuesFiles: string[] = [], text = readFileSync(file, 'utf8')): Finding[] {
  return new Analyzer().analyze({ text, path: file, inHelmChart: true, helmChart: helmChartInputFor(file, valuesFiles), settings: { helmValuesFiles: valuesFiles } }).findings;
}

describe('Helm values files applied over values.yaml', () => {
  const root = tempTree(CHART);
  const chart = join(root, 'web');

  it('a values-*.yaml beside the chart is judged over values.yaml: its own settings are its findings, on its lines', () => {
    const file = join(chart, 'values-production.yaml');
    const text = readFileSync(file, 'utf8');
    const found = analyzeFile(file);
    assert.deepEqual(found.map((f) => [f.ruleId, underlined(text, f)]), [
      ['k8s/host-namespaces', 'hostNetwork: true'],
      ['k8s/privileged-container', 'privileged: true'],
    ]);
    for (const f of found) {
      const fixed = applyEdits(text, f.fixes[0].edits);
      assert.deepEqual(parseDocument(fixed).errors, []);
      assert.ok(!analyzeFile(file, [], fixed).some((g) => g.ruleId === f.ruleId), `${f.ruleId} remains after ${f.fixes[0].title}`);
    }
    // values-dev.yaml's `tag: latest` (values.yaml has no digest key): mutable, and not pinned, both on that tag.
    assert.deepEqual(analyzeFile(join(chart, 'values-dev.yaml')).map((f) => f.ruleId), ['k8s/image-mutable-tag', 'k8s/image-not-pinned']);
    // values.yaml itself is clean, and a file's findings are never reported in another file.
    assert.deepEqual(analyzeFile(join(chart, 'values.yaml'), ['values-production.yaml', 'values-dev.yaml']), []);
  });

  it('later files win: what a configured file removes or replaces is not reported in values.yaml', () => {
    const tree = tempTree({ ...CHART, 'web/values.yaml': `hostNetwork: true\nimage:\n  repository: nginx\n  tag: latest\n${HARDENED}`, 'web/values-production.yaml': 'hostNetwork: null\nimage:\n  tag: "1.27"\n', 'web/values-other.yaml': 'replicaCount: 3\n' });
    const values = join(tree, 'web/values.yaml');
    // The missing digest is placed on the rendered tag too: the file that sets the tag has it.
    assert.deepEqual(analyzeFile(values).map((f) => f.ruleId), ['k8s/host-namespaces', 'k8s/image-mutable-tag', 'k8s/image-not-pinned']);
    assert.deepEqual(analyzeFile(values, ['values-production.yaml']), []);
    // An override that leaves a value alone does not hide the base's finding.
    assert.deepEqual(analyzeFile(values, ['values-other.yaml']).map((f) => f.ruleId), ['k8s/host-namespaces', 'k8s/image-mutable-tag', 'k8s/image-not-pinned']);
    // One that sets the same bad value again takes the finding: values-dev.yaml writes `tag: latest` itself.
    assert.deepEqual(analyzeFile(values, ['values-dev.yaml']).map((f) => f.ruleId), ['k8s/host-namespaces']);
  });

  it('kubeward audit --helm-values FILE (repeatable) and helm.valuesFiles in .kubeward.yaml', async () => {
    const tree = tempTree({ ...BASE, 'web/values-production.yaml': 'hostNetwork: true\n', 'web/env/prod.yaml': 'image:\n  tag: latest\n' });
    const lines = (stdout: string) => stdout.split('\n').filter((l) => / (error|warning) /.test(l)).map((l) => l.split(' ').slice(0, 3).join(' '));
    // Without the flag, values-production.yaml beside the chart is still judged over values.yaml.
    const plain = await runCli(['audit', 'web'], { cwd: tree });
    assert.deepEqual(lines(plain.stdout), ['web/values-production.yaml:1:1: error k8s/host-namespaces']);
    // A file below the chart folder applies with the flag, and its finding is reported on its own line.
    const flagged = await runCli(['audit', '--helm-values', 'web/values-production.yaml', '--helm-values', 'web/env/prod.yaml', 'web'], { cwd: tree });
    assert.deepEqual(lines(flagged.stdout), ['web/env/prod.yaml:2:8: warning k8s/image-mutable-tag', 'web/values-production.yaml:1:1: error k8s/host-namespaces']);
    assert.deepEqual(lines((await runCli(['audit', 'web'], { cwd: tree })).stdout), lines(plain.stdout), 'env/prod.yaml is not a values file unless configured');
    const configured = tempTree({ ...BASE, '.kubeward.yaml': 'helm:\n  valuesFiles: [values-dev.yaml]\n', 'web/values-dev.yaml': 'image:\n  tag: latest\n', 'web/values.yaml': `hostNetwork: false\nimage:\n  repository: nginx\n  tag: latest\n${HARDENED}` });
    // values-dev.yaml replaces the tag with the same `latest`: the finding is the later file's.
    assert.deepEqual(lines((await runCli(['audit', '.'], { cwd: configured })).stdout), ['web/values-dev.yaml:2:8: warning k8s/image-mutable-tag']);
    const bad = await runCli(['audit', '.'], { cwd: tempTree({ ...BASE, '.kubeward.yaml': 'helm:\n  valuesFiles: values-dev.yaml\n' }) });
    assert.match(bad.stdout, /\.kubeward\.yaml:2:\d+: error kubeward\/config-error `helm\.valuesFiles` is a list of values file paths/);
  });
});
