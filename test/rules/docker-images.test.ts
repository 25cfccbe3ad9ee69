import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { at, underlined } from '../helpers/engine';
import { applyFixTitled, dockerRule } from '../helpers/docker';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('docker/no-latest-tag and docker/pin-image-digest', () => {
  const text = 'FROM ubuntu AS one\nFROM nginx:latest\nFROM nginx:1.27@' + DIGEST + '\nFROM scratch\nFROM one\nFROM python:3.13-slim\n';

  it('reports untagged and :latest images, never digests, scratch or stage aliases', () => {
    const latest = dockerRule(text, 'docker/no-latest-tag');
    assert.deepEqual(latest.map(at), [
      [0, 5, 0, 11],
      [1, 5, 1, 17],
    ]);
    assert.match(latest[0].message, /no tag/);
    assert.match(latest[1].message, /latest/);
    const pin = dockerRule(text, 'docker/pin-image-digest');
    assert.deepEqual(pin.map((f) => underlined(text, f)), ['python:3.13-slim']);
    assert.equal(pin[0].severity, 'info');
  });

  it('leaves the pin edit to the registry code action: the rules offer no fix of their own (one action per image)', () => {
    assert.deepEqual(dockerRule(text, 'docker/pin-image-digest')[0].fixes, []);
    assert.deepEqual(dockerRule(text, 'docker/no-latest-tag').map((f) => f.fixes), [[], []]);
  });

  it('resolves ARG defaults in FROM, and pins `FROM $IMAGE` by editing the ARG default', () => {
    const args = 'ARG IMAGE=python:3.12-slim\nFROM $IMAGE\n';
    const [f] = dockerRule(args, 'docker/pin-image-digest');
    assert.deepEqual(at(f), [1, 5, 1, 11]);
    assert.match(f.message, /python:3\.12-slim/);
    assert.deepEqual(dockerRule('FROM $TARGETIMAGE\n', 'docker/no-latest-tag'), [], 'an ARG without default is not judged');
    assert.deepEqual(dockerRule('ARG REG=localhost:5000\nFROM ${REG}/app\n', 'docker/no-latest-tag').map((x) => x.message), ['Base image `${REG}/app` (= `localhost:5000/app`) has no tag, so it means `latest`.']);
  });
});

describe('docker/eol-base-image', () => {
  it('judges the ARG-resolved image and underlines the FROM image text', () => {
    const text = 'ARG BASE=python\nARG TAG=3.9-slim\nFROM ${BASE}:${TAG}\n';
    const [f] = dockerRule(text, 'docker/eol-base-image');
    assert.deepEqual(at(f), [2, 5, 2, 19]);
    assert.equal(f.message, 'Base image `python:3.9-slim`: Python 3.9 reached end of life on 2025-10-31 and gets no security fixes.');
  });

  it('compares with the injected date', () => {
    const text = 'FROM alpine:3.21.3\n';
    assert.deepEqual(dockerRule(text, 'docker/eol-base-image', { today: '2026-10-31' }), []);
    assert.equal(dockerRule(text, 'docker/eol-base-image', { today: '2026-11-01' }).length, 1);
  });

  it('sees the distribution under a runtime, deprecated images, and --platform FROMs', () => {
    assert.match(dockerRule('FROM python:3.12-bullseye\n', 'docker/eol-base-image')[0].message, /Debian 11 reached end of life on 2026-08-31/);
    assert.match(dockerRule('FROM openjdk:17-jdk-slim\n', 'docker/eol-base-image')[0].message, /eclipse-temurin/);
    const platform = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS builder\n';
    const [go] = dockerRule(platform, 'docker/eol-base-image');
    assert.deepEqual(at(go), [0, 31, 0, 42]);
    assert.deepEqual(dockerRule('FROM python:3.13-slim-bookworm\nFROM ubuntu:24.04\nFROM node:22-alpine3.22\n', 'docker/eol-base-image'), []);
  });
});

describe('docker/no-add-url and docker/prefer-copy', () => {
  const text = [
    'FROM debian:12',
    'ADD https://example.com/app.tar.gz /opt/',
    'ADD --checksum=sha256:abc https://e.com/x /x',
    'ADD app.tar.gz /opt/',
    'add src/ /app/',
    'ADD ["a b.txt", "/dst/"]',
    '',
  ].join('\n');

  it('reports URLs without --checksum on the URL', () => {
    const [f, ...rest] = dockerRule(text, 'docker/no-add-url');
    assert.equal(rest.length, 0);
    assert.deepEqual(at(f), [1, 4, 1, 34]);
  });

  it('replaces ADD by COPY (keeping its case) only for local, non-archive sources', () => {
    const found = dockerRule(text, 'docker/prefer-copy');
    assert.deepEqual(found.map(at), [
      [4, 0, 4, 3],
      [5, 0, 5, 3],
    ]);
    assert.equal(applyFixTitled(text, found[0], /COPY/), text.replace('add src/', 'copy src/'));
    assert.equal(applyFixTitled(text, found[1], /COPY/), text.replace('ADD ["a b', 'COPY ["a b'));
    assert.equal(found[0].fixes[0].safe, true);
  });
});
