// The digest pin on a chart's values file: which images it offers, and that the edit it makes leaves a values file
// that parses and no longer has the finding. Registry lookups are covered by test/registry (the CLI pins a chart).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { Analyzer } from '../../server/src/engine/analyze';
import { readValueUses } from '../../server/src/engine/helm';
import { valuesImages } from '../../server/src/engine/helm/values-images';
import { helmChartInputFor, ValuesImageMemo, valuesImagesFor } from '../../server/src/node/helm-chart';
import { pinEdit, pinnedReference, pinTargets } from '../../server/src/registry/pin-targets';
import { findings } from '../helpers/engine';
import { REPO_ROOT } from '../helpers/paths';

const DIGEST = `sha256:${'c'.repeat(64)}`;
const CHART = join(REPO_ROOT, 'test/fixtures/helm-images/app');
const VALUES_FILE = join(CHART, 'values.yaml');

/** Pins every target of `text` to DIGEST, as `kubeward pin` applies the edits (offsets, last first). */
function pinAll(text: string, path: string, images = valuesImagesFor(path, text)): string {
  const edits = pinTargets(text, path, undefined, images).map((t) => pinEdit(t, DIGEST));
  return edits.sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), text);
}

describe('digest pin in a chart values file', () => {
  it('image maps: fills the empty digest; leaves alone a digest already set, an appVersion tag, a map with no place', () => {
    const text = readFileSync(VALUES_FILE, 'utf8');
    const targets = pinTargets(text, VALUES_FILE, undefined, valuesImagesFor(VALUES_FILE, text));
    // By hand from values.yaml: image (tag latest, digest ""), metrics.image (latest, digest "", behind a guard: the
    // pin does not care). Not: sidecar.image (empty tag → the chart's appVersion), pinned.image (has a digest),
    // bare.image (empty tag and no digest key: nowhere to write one).
    assert.deepEqual(targets.map((t) => [t.occurrence.text, t.occurrence.where, pinnedReference(t, DIGEST)]), [
      ['docker.io/acme/app:latest', 'values image', `docker.io/acme/app:latest@${DIGEST}`],
      ['acme/metrics:latest', 'values metrics.image', `acme/metrics:latest@${DIGEST}`],
    ]);
    const pinned = pinAll(text, VALUES_FILE);
    assert.equal(pinned, text.replace('  tag: latest\n  digest: ""', `  tag: latest\n  digest: ${DIGEST}`).replace('    tag: latest\n    digest: ""', `    tag: latest\n    digest: ${DIGEST}`));
    assert.deepEqual(parseDocument(pinned).errors, []);
    // The chart's findings on `image` (lines 6 and 7) are gone: a digest pins whatever the tag says. Left: sidecar's
    // (:13) and bare's (:23), as in test/helm/images.test.ts; metrics.image renders only when enabled.
    const lines = (values: string) => new Analyzer().analyze({ text: values, path: VALUES_FILE, inHelmChart: true, helmChart: helmChartInputFor(VALUES_FILE) }).findings.map((f) => [f.range.start.line + 1, f.ruleId]);
    assert.deepEqual(lines(text).slice(0, 2), [[6, 'k8s/image-mutable-tag'], [7, 'k8s/image-not-pinned']]);
    assert.deepEqual(lines(pinned), [[13, 'k8s/image-not-pinned'], [23, 'k8s/image-mutable-tag'], [23, 'k8s/image-not-pinned']]);
    assert.deepEqual(pinTargets(pinned, VALUES_FILE, undefined, valuesImagesFor(VALUES_FILE, pinned)), []);
  });

  it('the quick fix goes with the finding: its target spans the digest line the finding is on', () => {
    const text = readFileSync(VALUES_FILE, 'utf8');
    const [target] = pinTargets(text, VALUES_FILE, undefined, valuesImagesFor(VALUES_FILE, text));
    const digestLine = text.indexOf('digest: ""');
    assert.ok(target.occurrence.uses?.some((u) => u.start === digestLine && text.slice(u.start, u.end) === 'digest: ""'));
    assert.equal(text.slice(target.occurrence.start, target.occurrence.end), 'latest');
  });

  const template = (line: string) => [{ path: '/c/templates/deploy.yaml', text: `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n${line}\n` }];

  it('a map without a digest key gets the digest after its tag (a number tag is kept as written)', () => {
    const templates = template('          image: "{{ .Values.app.image.repository }}:{{ .Values.app.image.tag }}"');
    const uses = readValueUses(templates);
    const values = 'app:\n  image:\n    repository: ghcr.io/acme/app   # the app\n    tag: 1.10\n';
    const images = valuesImages(values, uses);
    assert.deepEqual(images.map((i) => i.text), ['ghcr.io/acme/app:1.10']);
    const pinned = pinAll(values, '/c/values.yaml', images);
    assert.equal(pinned, values.replace('tag: 1.10', `tag: 1.10@${DIGEST}`));
    // The judge counts a digest in the tag as pinned: the finding goes with the pin.
    const judged = (text: string) => findings(text, '/c/values.yaml', { helmChart: { templates, values: [] } }).map((f) => f.ruleId);
    assert.deepEqual(judged(values), ['k8s/image-not-pinned']);
    assert.deepEqual(judged(pinned), []);
    // Quoted tags keep their quotes; the digest goes inside them.
    assert.equal(pinAll(values.replace('1.10', '"1.10"'), '/c/values.yaml', valuesImages(values.replace('1.10', '"1.10"'), uses)), values.replace('tag: 1.10', `tag: "1.10@${DIGEST}"`));
  });

  it('a scalar image (image: {{ .Values.agent.image }}) is pinned like a manifest image, quotes kept', () => {
    const uses = readValueUses(template('          image: {{ .Values.agent.image | quote }}'));
    for (const [written, pinned] of [
      ['busybox:1.37', `busybox:1.37@${DIGEST}`],
      ["'busybox'", `'busybox:latest@${DIGEST}'`],
    ]) {
      const values = `agent:\n  image: ${written}\n`;
      assert.equal(pinAll(values, '/c/values.yaml', valuesImages(values, uses)), `agent:\n  image: ${pinned}\n`);
    }
    assert.deepEqual(valuesImages(`agent:\n  image: busybox@${DIGEST}\n`, uses).length, 1, 'offered to pinTargets, which skips pinned references');
    assert.deepEqual(pinTargets(`agent:\n  image: busybox@${DIGEST}\n`, '/c/values.yaml', undefined, valuesImages(`agent:\n  image: busybox@${DIGEST}\n`, uses)), []);
  });

  it('the language server remembers them per values text, and reads the templates again after two seconds', () => {
    const chart = join(mkdtempSync(join(tmpdir(), 'kubeward-values-pin-')), 'app');
    cpSync(CHART, chart, { recursive: true });
    const file = join(chart, 'values.yaml');
    const text = readFileSync(file, 'utf8');
    let now = 1000;
    const memo = new ValuesImageMemo(() => now);
    const first = memo.for(file, text);
    assert.deepEqual(first.map((i) => i.text), ['docker.io/acme/app:latest', 'acme/metrics:latest']);
    assert.equal(memo.for(file, text), first, 'same text: the same images, nothing read or parsed again');
    assert.deepEqual(memo.for(file, text.replace('acme/app', 'acme/api')).map((i) => i.text), ['docker.io/acme/api:latest', 'acme/metrics:latest']);
    // The deployment stops using the metrics image: seen once the templates are read again.
    const deployment = join(chart, 'templates/deployment.yaml');
    writeFileSync(deployment, readFileSync(deployment, 'utf8').replace(/ *\{\{- if \.Values\.metrics\.enabled \}\}[\s\S]*?\{\{- end \}\}\n/, ''));
    now += 1000;
    assert.equal(memo.for(file, text).length, 2);
    now += 1500;
    assert.deepEqual(memo.for(file, text).map((i) => i.text), ['docker.io/acme/app:latest']);
    rmSync(dirname(chart), { recursive: true, force: true });
  });

  it('offers nothing when a global registry decides where the image comes from, or the file does not parse', () => {
    const uses = readValueUses(template('          image: "{{ .Values.app.image.repository }}:{{ .Values.app.image.tag }}"'));
    assert.deepEqual(valuesImages('global:\n  imageRegistry: mirror.local\napp:\n  image:\n    repository: acme/app\n    tag: "1"\n', uses), []);
    assert.deepEqual(valuesImages('app:\n  image:\n    repository: [acme\n', uses), []);
    // No templates use the values (a plain YAML file): nothing.
    assert.deepEqual(valuesImagesFor(join(REPO_ROOT, 'test/fixtures/helm-images/app/Chart.yaml'), 'name: app\n'), []);
  });
});
