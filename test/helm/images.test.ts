import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/engine/analyze';
import type { Finding } from '../../server/src/engine/types';
import { helmChartInputFor } from '../../server/src/node/helm-chart';
import { underlined } from '../helpers/engine';
import { REPO_ROOT } from '../helpers/paths';

// A hand-written chart whose images are built by a library's named template, the Bitnami `common.images.image` shape:
// `image: {{ include "lib.images.image" (dict "imageRoot" .Values.X "global" .Values.global ["chart" .Chart]) }}`, the
// define reading .imageRoot.registry/.repository/.tag/.digest on separate lines (charts/lib/templates/_images.tpl).
const CHART = join(REPO_ROOT, 'test/fixtures/helm-images/app');
const VALUES_FILE = join(CHART, 'values.yaml');

function analyze(text: string, settings?: { profile: 'pss-restricted' }): Finding[] {
  return new Analyzer().analyze({ text, path: VALUES_FILE, inHelmChart: true, helmChart: helmChartInputFor(VALUES_FILE), settings }).findings;
}

describe('Helm images built by a named template from a values map', () => {
  const values = readFileSync(VALUES_FILE, 'utf8');

  it('judges each rendered image map on its tag and digest lines', () => {
    const found = analyze(values);
    // By hand, values.yaml lines: image (deployment.yaml:10 through app.image) has tag latest (:6) and digest "" (:7);
    // sidecar.image (:12, template app.sidecar.image passes "chart" .Chart) has an empty tag that falls back to the
    // appVersion, so only its digest "" (:13) counts; pinned.image has a digest: nothing; bare.image (:16, no "chart")
    // has tag "" (:23) and no digest key, so both findings sit on the tag; metrics.image is behind metrics.enabled: false.
    assert.deepEqual(found.map((f) => [f.range.start.line + 1, f.ruleId, underlined(values, f)]), [
      [6, 'k8s/image-mutable-tag', 'latest'],
      [7, 'k8s/image-not-pinned', 'digest: ""'],
      [13, 'k8s/image-not-pinned', 'digest: ""'],
      [23, 'k8s/image-mutable-tag', '""'],
      [23, 'k8s/image-not-pinned', '""'],
    ]);
    assert.equal(found[0].message, 'The default image image uses the tag "latest" (used at templates/_images.tpl:6 included at templates/deployment.yaml:10): it changes without a change to the chart.');
    assert.equal(found[2].message, 'The default image sidecar.image has no digest (used at templates/_images.tpl:6 included at templates/deployment.yaml:12): the tag (the chart\'s appVersion) can be moved to another image without a change to the chart.');
    assert.match(found[3].message, /^The default image bare\.image has no tag/);
  });

  it('the related information walks from the define line reading the tag out to the container', () => {
    const [mutable] = analyze(values);
    assert.deepEqual(mutable.related?.map((r) => [relative(CHART, r.path), r.range.start.line + 1, r.message]), [
      ['charts/lib/templates/_images.tpl', 6, 'image is rendered here as a container image'],
      ['templates/deployment.yaml', 10, 'the named template "app.image" is included here'],
      ['templates/_helpers.tpl', 1, '"app.image" is defined here'],
      ['templates/_helpers.tpl', 2, 'the named template "lib.images.image" is included here'],
      ['charts/lib/templates/_images.tpl', 2, '"lib.images.image" is defined here'],
    ]);
  });

  it('a digest silences both rules; a version tag leaves only the missing digest; a rendered metrics image counts', () => {
    const digest = 'sha256:' + 'b'.repeat(64);
    const pinned = values.replace(/digest: ""/g, `digest: ${digest}`).replace('  tag: latest\n', '  tag: "2.0"\n').replace('acme/bare\n    tag: ""\n', `acme/bare\n    tag: "1.1"\n    digest: ${digest}\n`);
    // Every image now has a digest: image, sidecar (:13), pinned, bare (the digest added under its tag); metrics is off.
    assert.deepEqual(analyze(pinned), []);
    const versioned = values.replace('  tag: latest\n', '  tag: "2.0"\n');
    assert.deepEqual(analyze(versioned).filter((f) => f.range.start.line === 5 || f.range.start.line === 6).map((f) => [f.range.start.line + 1, f.ruleId]), [[7, 'k8s/image-not-pinned']]);
    const metricsOn = values.replace('enabled: false', 'enabled: true');
    // metrics.image (tag latest :28, digest "" :29) renders through "chart" $.Chart: latest is still mutable.
    assert.deepEqual(analyze(metricsOn).filter((f) => f.range.start.line >= 26).map((f) => [f.range.start.line + 1, f.ruleId]), [
      [28, 'k8s/image-mutable-tag'],
      [29, 'k8s/image-not-pinned'],
    ]);
  });

  it('an include written inside quotes (`image: "{{ include … }}"`) is read the same way', () => {
    const input = helmChartInputFor(VALUES_FILE)!;
    const quote = (text: string, q: string) => text.replace(/image: (\{\{ (?:include|template) .*\}\})$/gm, `image: ${q}$1${q}`);
    const deployment = input.templates.find((t) => t.path.endsWith('deployment.yaml'))!;
    const expected = analyze(values).map((f) => [f.range.start.line, f.ruleId]);
    assert.equal(expected.length, 5);
    for (const q of ['"', "'"]) {
      const quoted = quote(deployment.text, q);
      assert.equal(quoted.split(`image: ${q}{{`).length - 1, 5, 'every image line is quoted');
      const templates = input.templates.map((t) => (t === deployment ? { ...t, text: quoted } : t));
      const found = new Analyzer().analyze({ text: values, path: VALUES_FILE, inHelmChart: true, helmChart: { ...input, templates } }).findings;
      assert.deepEqual(found.map((f) => [f.range.start.line, f.ruleId]), expected, `quoted with ${q}`);
    }
  });

  it('image rules are not Pod Security Standards checks: the pss profiles report none of them', () => {
    assert.deepEqual(analyze(values, { profile: 'pss-restricted' }), []);
  });
});
