import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { Analyzer } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fix';
import type { Finding } from '../../server/src/engine/types';
import { helmChartInputFor, helmTemplateValuesFor, isInHelmChart } from '../../server/src/node/helm-chart';
import { REAL_CORPUS, REPO_ROOT } from '../helpers/paths';

const HELM = join(REAL_CORPUS, 'helm');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** What `kubeward audit` does per file: the chart context comes from the file system. */
function analyzeFile(analyzer: Analyzer, file: string, text = readFileSync(file, 'utf8')): Finding[] {
  return analyzer.analyze({ text, path: file, inHelmChart: isInHelmChart(file), helmChart: helmChartInputFor(file), helmTemplateValues: helmTemplateValuesFor(file) }).findings;
}

// Checked by hand against each chart's values.yaml and templates (see the comments); every other file of the charts,
// the bitnami nginx/postgresql/common charts, kube-state-metrics and ingress-nginx included, has no finding.
const EXPECTED = [
  // redis: the sysctl init container is privileged, written literally in three templates (opt-in: sysctl.enabled).
  'bitnami/bitnami/redis/templates/master/application.yaml:438 k8s/privileged-container',
  'bitnami/bitnami/redis/templates/replicas/application.yaml:458 k8s/privileged-container',
  'bitnami/bitnami/redis/templates/sentinel/statefulset.yaml:722 k8s/privileged-container',
  // blackbox-exporter: securityContext (container, _helpers.tpl:195) has runAsNonRoot, no escalation, drops ALL, but no
  // seccompProfile, and podSecurityContext is {}.
  'prometheus-community/charts/prometheus-blackbox-exporter/values.yaml:128 k8s/seccomp-profile-restricted',
  // node-exporter: containerSecurityContext only sets readOnlyRootFilesystem; the pod securityContext has runAsNonRoot.
  'prometheus-community/charts/prometheus-node-exporter/values.yaml:366 k8s/allow-privilege-escalation',
  'prometheus-community/charts/prometheus-node-exporter/values.yaml:366 k8s/capabilities-restricted',
  'prometheus-community/charts/prometheus-node-exporter/values.yaml:366 k8s/seccomp-profile-restricted',
  // Scalars. node-exporter daemonset.yaml:315 `hostNetwork: {{ .Values.hostNetwork }}` and :319 hostPID, both true in
  // values.yaml:382/390 (hostIPC:393 is false), no guard around them.
  'prometheus-community/charts/prometheus-node-exporter/values.yaml:382 k8s/host-namespaces',
  'prometheus-community/charts/prometheus-node-exporter/values.yaml:390 k8s/host-namespaces',
  // kube-state-metrics deployment.yaml:45 `automountServiceAccountToken: {{ .Values.automountServiceAccountToken }}`
  // in the pod spec, true at values.yaml:61 (the serviceaccount.yaml:4 use fills the ServiceAccount and is not judged).
  'prometheus-community/charts/kube-state-metrics/values.yaml:61 k8s/service-account-token-automount',
  // ingress-nginx: controller-deployment.yaml:219 (behind `eq .Values.controller.kind "Deployment"`, the default;
  // the DaemonSet's :213 is not rendered) renders serviceAccount.automountServiceAccountToken: true (values.yaml:1249);
  // the admission patch Jobs (job-createSecret.yaml:76, job-patchWebhook.yaml:78, rendered: admissionWebhooks.enabled
  // and patch.enabled are true, certManager.enabled false) render the one at values.yaml:887. defaultBackend (:1049)
  // is off by default.
  'ingress-nginx/charts/ingress-nginx/values.yaml:1249 k8s/service-account-token-automount',
  'ingress-nginx/charts/ingress-nginx/values.yaml:887 k8s/service-account-token-automount',
  // Named templates. ingress-nginx controller-deployment.yaml:95 `securityContext: {{ include
  // "ingress-nginx.controller.containerSecurityContext" . | nindent 12 }}`; the define (_helpers.tpl:44) renders
  // `toYaml .Values.controller.containerSecurityContext` when that is set, else (the default `{}`, values.yaml:172)
  // fields from controller.image: runAsNonRoot true (:37), allowPrivilegeEscalation `or` of two false values,
  // seccompProfile RuntimeDefault, capabilities drop ALL, and readOnlyRootFilesystem: false (values.yaml:47, line 66).
  'ingress-nginx/charts/ingress-nginx/values.yaml:47 k8s/writable-root-filesystem',
  // RBAC written literally in templates, judged when the default values render it. ingress-nginx: controller-role.yaml
  // (behind rbac.create: true) grants get/list/watch on secrets (line 25); clusterrole.yaml (rbac.create true,
  // rbac.scope false) list/watch on secrets (line 25); the admission patch Role (admissionWebhooks.enabled,
  // patch.enabled, patch.rbac.create true, certManager.enabled false) get on secrets (line 20). kube-state-metrics
  // role.yaml: rbac.create true and useClusterRole true, so the `else` branch's `kind: ClusterRole` renders, and
  // `has "secrets" $activeCollectors` cannot be read but the default collectors (values.yaml:453) list secrets (line 194).
  // Bitnami's Roles sit behind rbac.create: false and node-exporter's ClusterRole behind kubeRBACProxy.enabled: false.
  'ingress-nginx/charts/ingress-nginx/templates/controller-role.yaml:25 k8s/rbac-secrets-access',
  'ingress-nginx/charts/ingress-nginx/templates/clusterrole.yaml:25 k8s/rbac-secrets-access',
  'ingress-nginx/charts/ingress-nginx/templates/admission-webhooks/job-patch/role.yaml:20 k8s/rbac-secrets-access',
  'prometheus-community/charts/kube-state-metrics/templates/role.yaml:194 k8s/rbac-secrets-access',
  // Images without a digest (info, strict profile), on the values.yaml `digest:` (or `sha:`) key. Bitnami builds its
  // images with common.images.image (_images.tpl:12) from the map passed as "imageRoot": nginx's image (deployment.yaml
  // :107 via nginx.image) tag 1.29.1-debian-12-r0, digest "" (values.yaml:90); postgresql's image (primary
  // statefulset.yaml:190) 17.6.0-debian-12-r4, digest "" (:127); redis's image (master application.yaml:114) 8.2.1-
  // debian-12-r0, digest "" (:118). Their other images (metrics, volumePermissions, sysctl, sentinel, kubectl,
  // cloneStaticSiteFromGit, backup) sit behind `enabled: false` guards. kube-state-metrics' image (deployment.yaml:168)
  // has tag "" (v + appVersion) and sha "" (:8); blackbox-exporter's (its podSpec, included at deployment.yaml:38) and node-exporter's
  // (daemonset.yaml:100) tag "" and digest "" (:115, :12). ingress-nginx's controller and admission images have digests.
  'bitnami/bitnami/nginx/values.yaml:90 k8s/image-not-pinned',
  'bitnami/bitnami/postgresql/values.yaml:127 k8s/image-not-pinned',
  'bitnami/bitnami/redis/values.yaml:118 k8s/image-not-pinned',
  'prometheus-community/charts/kube-state-metrics/values.yaml:8 k8s/image-not-pinned',
  'prometheus-community/charts/prometheus-blackbox-exporter/values.yaml:115 k8s/image-not-pinned',
  'prometheus-community/charts/prometheus-node-exporter/values.yaml:12 k8s/image-not-pinned',
];

describe('Helm charts of the real corpus', () => {
  const files = filesUnder(HELM);

  it('reports no parse error on any file and exactly the hand-checked findings of the default values', () => {
    const analyzer = new Analyzer();
    const seen: string[] = [];
    let templates = 0;
    for (const file of files) {
      const rel = relative(HELM, file).replace(/\\/g, '/');
      if (rel.includes('/templates/')) templates++;
      for (const f of analyzeFile(analyzer, file)) {
        assert.ok(!f.ruleId.startsWith('kubeward/'), `${rel}: ${f.ruleId} ${f.message}`);
        seen.push(`${rel}:${f.range.start.line + 1} ${f.ruleId}`);
      }
    }
    assert.ok(templates >= 100, `only ${templates} template files found`);
    assert.deepEqual(seen.sort(), [...EXPECTED].sort());
  });

  it('every values.yaml fix keeps the file valid YAML and removes its finding', () => {
    const analyzer = new Analyzer();
    let fixes = 0;
    for (const file of files.filter((f) => /[\\/]values\.yaml$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      for (const f of analyzeFile(analyzer, file, text)) {
        for (const fix of f.fixes) {
          const fixed = applyEdits(text, fix.edits);
          assert.deepEqual(parseDocument(fixed).errors, [], `${file}: ${fix.title}`);
          const after = analyzeFile(analyzer, file, fixed);
          assert.ok(!after.some((g) => g.ruleId === f.ruleId && g.range.start.line === f.range.start.line), `${file}: ${f.ruleId} remains after "${fix.title}"`);
          fixes++;
        }
      }
    }
    assert.equal(fixes, 10);
  });

  it('the fixes write the hardened settings under the key the templates render', () => {
    const file = join(HELM, 'prometheus-community/charts/prometheus-node-exporter/values.yaml');
    const analyzer = new Analyzer();
    let text = readFileSync(file, 'utf8');
    for (let pass = 0; pass < 10; pass++) {
      const f = analyzeFile(analyzer, file, text).find((g) => g.fixes.length);
      if (!f) break;
      text = applyEdits(text, f.fixes[0].edits);
    }
    const values = parseDocument(text).toJS() as { containerSecurityContext: unknown; securityContext: unknown };
    assert.deepEqual(values.containerSecurityContext, {
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.deepEqual(values.securityContext, { fsGroup: 65534, runAsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 });
    // What no fix can settle: the image's digest (values.yaml:12) is only known to its registry.
    assert.deepEqual(analyzeFile(analyzer, file, text).map((f) => `${f.range.start.line + 1} ${f.ruleId}`), ['12 k8s/image-not-pinned']);
  });

  it('the example chart that `npm run demo` opens shows its finding on values.yaml, and the fix clears it', () => {
    const file = join(REPO_ROOT, 'examples/helm/web/values.yaml');
    const text = readFileSync(file, 'utf8');
    const found = analyzeFile(new Analyzer(), file, text);
    // securityContext (values.yaml:7) is rendered through the include at deployment.yaml:20 (define in _helpers.tpl:2)
    // and lacks allowPrivilegeEscalation: false; the rest of the restricted settings are there.
    // The image (tag "1.27", values.yaml:4) has no digest: an info finding without a fix.
    assert.deepEqual(found.map((f) => `${f.range.start.line + 1} ${f.ruleId}`), ['4 k8s/image-not-pinned', '7 k8s/allow-privilege-escalation']);
    const escalation = found[1];
    assert.deepEqual(escalation.related?.map((r) => `${relative(REPO_ROOT, r.path)}:${r.range.start.line + 1}`), [
      'examples/helm/web/templates/_helpers.tpl:3',
      'examples/helm/web/templates/deployment.yaml:20',
      'examples/helm/web/templates/_helpers.tpl:2',
    ]);
    assert.deepEqual(analyzeFile(new Analyzer(), file, applyEdits(text, escalation.fixes[0].edits)).map((f) => f.ruleId), ['k8s/image-not-pinned']);
  });
});
