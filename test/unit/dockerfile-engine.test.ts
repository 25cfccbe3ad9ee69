import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseImageRef, normalizedReference } from '../../server/src/engine/dockerfile/image-ref';
import { parseDockerfile } from '../../server/src/engine/dockerfile/parse';
import { pinTargetOf } from '../../server/src/engine/dockerfile/pin';
import { fileKindOf } from '../../server/src/engine/file-kind';
import { Analyzer } from '../../server/src/engine/analyze';
import { suppressActions } from '../../server/src/engine/suppress/insert';
import type { OffsetEdit } from '../../server/src/engine/types';
import { dockerFindings, TODAY } from '../helpers/docker';

function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

describe('image references', () => {
  it('keeps the tag of host:port/img:tag@digest (which dockerfile-ast loses)', () => {
    const ref = parseImageRef('registry.example.com:443/org/img:1.2@sha256:abc')!;
    assert.equal(ref.registry?.value, 'registry.example.com:443');
    assert.equal(ref.repository.value, 'org/img');
    assert.deepEqual(ref.tag, { value: '1.2', start: 33, end: 36 });
    assert.equal(ref.digest?.value, 'sha256:abc');
  });

  it('normalises like Docker: library/, default registry, latest, ports without tags', () => {
    assert.equal(normalizedReference(parseImageRef('python')!), 'docker.io/library/python:latest');
    assert.equal(normalizedReference(parseImageRef('bitnami/redis:7')!), 'docker.io/bitnami/redis:7');
    const local = parseImageRef('localhost:5000/app')!;
    assert.equal(local.tag, undefined);
    assert.equal(normalizedReference(local), 'localhost:5000/app:latest');
  });
});

describe('Dockerfile view', () => {
  it('stages, names, platform, directives, aliases and ARG substitution', () => {
    const view = parseDockerfile('# syntax=docker/dockerfile:1.7\nARG GO=1.26\nFROM --platform=$BUILDPLATFORM golang:${GO:-1.25}-alpine AS Build\nFROM build\n');
    assert.deepEqual(view.directives, [{ name: 'syntax', value: 'docker/dockerfile:1.7' }]);
    assert.equal(view.stages.length, 2);
    const [build, final] = view.stages;
    assert.equal(build.name, 'build');
    assert.equal(build.base.platform?.value, '$BUILDPLATFORM');
    assert.equal(build.base.ref?.text, 'golang:1.26-alpine');
    assert.equal(final.base.stage, build, 'FROM build names the stage, case-insensitively');
    assert.equal(final.base.ref, undefined);
    assert.equal(view.finalStage, final);
  });

  it('ONBUILD RUN triggers are RUN instructions for the rules', () => {
    const found = dockerFindings('FROM debian:12\nUSER 10001\nONBUILD RUN curl https://x | bash\n');
    assert.deepEqual(found.filter((f) => f.ruleId === 'docker/no-curl-pipe-shell').map((f) => f.range.start), [{ line: 2, character: 12 }]);
  });

  it('pin targets skip aliases, scratch and digests', () => {
    const view = parseDockerfile('FROM node:22 AS a\nFROM a\nFROM scratch\nFROM nginx@sha256:' + 'b'.repeat(64) + '\n');
    const targets = view.stages.map((s) => pinTargetOf(view, s)).filter((t) => t !== undefined);
    assert.deepEqual(targets.map((t) => [t.reference, t.insertAt]), [['docker.io/library/node:22', 12]]);
  });
});

describe('Dockerfile analysis robustness', () => {
  it('empty, garbage and huge inputs never throw', () => {
    assert.deepEqual(dockerFindings(''), []);
    const garbage = 'FROM\nRUN ["unterminated\nFROM :tag\nFROM @\nRUN <<\nADD\nUSER\nEXPOSE\nENV =\nARG\n\\\n```\u00ff\u00fe' + '\\'.repeat(50);
    assert.doesNotThrow(() => dockerFindings(garbage));
    assert.ok(dockerFindings(garbage).every((f) => f.ruleId !== 'kubeward/internal-error'));
    const huge = 'FROM alpine:3.22\n' + 'RUN echo hello world && true\n'.repeat(190_000);
    assert.ok(huge.length > 5_000_000);
    const result = new Analyzer().analyze({ text: huge, path: 'Dockerfile', settings: { today: TODAY } });
    assert.equal(result.skipped?.reason, 'too-large');
    const manyStages = '# c\nFROM a\n'.repeat(1500);
    assert.match(new Analyzer().analyze({ text: manyStages, path: 'Dockerfile' }).skipped?.message ?? '', /more than 1000 FROM lines/);
  });

  it('a rule override turns a Dockerfile rule off or changes its severity, in any profile', () => {
    const text = 'FROM node:22\nCMD ["node"]\n';
    const ids = (settings: object) => dockerFindings(text, settings).map((f) => `${f.ruleId}:${f.severity}`);
    assert.ok(ids({ profile: 'pss-baseline' }).includes('docker/no-root-user:error'));
    assert.ok(!ids({ rules: { 'docker/no-root-user': { severity: 'off' } } }).some((x) => x.startsWith('docker/no-root-user')));
    assert.ok(ids({ rules: { 'docker/no-root-user': { severity: 'hint' } } }).includes('docker/no-root-user:hint'));
  });

  it('the suppression comment offered for a finding inside a continuation suppresses exactly that finding', () => {
    const text = 'FROM node:22\nUSER 10001\nRUN echo hi \\\n  && sudo true\n';
    const sudo = dockerFindings(text).find((f) => f.ruleId === 'docker/no-sudo')!;
    const [comment] = suppressActions(text, 'dockerfile', sudo);
    assert.deepEqual(comment.edits, [{ start: 38, end: 38, newText: '  # kubeward-ignore docker/no-sudo -- <reason>\n' }]);
    const suppressed = applyOffsetEdits(text, comment.edits);
    assert.deepEqual(dockerFindings(suppressed).filter((f) => f.ruleId === 'docker/no-sudo'), []);
    assert.equal(parseDockerfile(suppressed).instructions.length, 3, 'the comment line does not break the RUN');
  });
});

describe('file kinds', () => {
  it('recognises Dockerfile names', () => {
    for (const name of ['Dockerfile', 'Containerfile', 'api.Dockerfile', 'Dockerfile.prod', 'Dockerfile-alpine.template', 'Dockerfile2.withfrom', 'dockerfile', 'x/y/Containerfile.dev']) {
      assert.equal(fileKindOf(name), 'dockerfile', name);
    }
    for (const name of ['Dockerfile.dockerignore', 'Dockerfile.md', 'Dockerfiles', 'docker-compose.yml']) {
      assert.notEqual(fileKindOf(name), 'dockerfile', name);
    }
  });
});
