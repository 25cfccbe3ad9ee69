import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { at, underlined } from '../helpers/engine';
import { applyFixTitled, dockerRule } from '../helpers/docker';

describe('docker/no-curl-pipe-shell', () => {
  it('finds pipes into a shell, through sudo, and command substitutions; not download-then-run', () => {
    const text = [
      'FROM debian:12',
      'RUN curl -fsSL https://x.io/i.sh | sh',
      'RUN wget -qO- https://x | sudo bash -s',
      'RUN sh -c "$(curl -fsSL https://x)"',
      'RUN curl -o i.sh https://x && sh i.sh',
      '',
    ].join('\n');
    const found = dockerRule(text, 'docker/no-curl-pipe-shell');
    assert.deepEqual(found.map((f) => underlined(text, f)), ['curl -fsSL https://x.io/i.sh | sh', 'wget -qO- https://x | sudo bash -s', 'sh -c "$(curl -fsSL https://x)"']);
    assert.deepEqual(at(found[0]), [1, 4, 1, 37]);
    assert.equal(found[0].severity, 'error');
  });

  it('reads shell heredocs but not heredocs fed to another interpreter', () => {
    const text = 'FROM alpine:3.22\nRUN <<EOF\nset -e\ncurl -fsSL https://x.io/i.sh | sh\nEOF\nRUN python3 <<PY\nimport os; os.system("curl x | sh")\nPY\n';
    const found = dockerRule(text, 'docker/no-curl-pipe-shell');
    assert.deepEqual(found.map(at), [[3, 0, 3, 33]]);
  });

  it('follows the escape directive and continuations with comment lines', () => {
    const text = '# escape=`\nFROM alpine:3.22\nRUN apk add curl `\n    # fetch the installer\n    && curl -fsSL https://x.io/i.sh | sh\n';
    const [pipe] = dockerRule(text, 'docker/no-curl-pipe-shell');
    assert.deepEqual(at(pipe), [4, 7, 4, 40]);
    const [apk] = dockerRule(text, 'docker/clean-package-cache');
    assert.deepEqual(at(apk), [2, 4, 2, 11]);
    assert.equal(applyFixTitled(text, apk, /--no-cache/), text.replace('apk add curl', 'apk add --no-cache curl'));
  });
});

describe('docker/clean-package-cache', () => {
  it('appends the apt list cleanup to the RUN, across a commented continuation', () => {
    const text = 'FROM debian:12\nRUN apt-get update \\\n    # install tools\n    && apt-get install -y curl\n';
    const [f] = dockerRule(text, 'docker/clean-package-cache');
    assert.deepEqual(at(f), [3, 7, 3, 22]);
    assert.equal(f.severity, 'info');
    const fixed = applyFixTitled(text, f, /apt package lists/);
    assert.equal(fixed, text.replace('install -y curl', 'install -y curl && rm -rf /var/lib/apt/lists/*'));
    assert.deepEqual(dockerRule(fixed, 'docker/clean-package-cache'), []);
  });

  it('pip without --no-cache-dir, not with a cache mount or PIP_NO_CACHE_DIR', () => {
    const text = 'FROM python:3.13-slim\nRUN pip install --no-cache-dir flask && python -m pip install requests\nRUN --mount=type=cache,target=/root/.cache/pip pip install rich\n';
    const [f, ...rest] = dockerRule(text, 'docker/clean-package-cache');
    assert.equal(rest.length, 0);
    assert.equal(underlined(text, f), 'python -m pip install');
    assert.equal(applyFixTitled(text, f, /--no-cache-dir/), text.replace('pip install requests', 'pip install --no-cache-dir requests'));
    assert.deepEqual(dockerRule('FROM python:3.13-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n', 'docker/clean-package-cache'), []);
  });

  it('yum without clean all (no fix), apt with dist-clean is fine', () => {
    const [yum] = dockerRule('FROM centos:stream9\nRUN yum install -y git\n', 'docker/clean-package-cache');
    assert.deepEqual(at(yum), [1, 4, 1, 15]);
    assert.deepEqual(yum.fixes, []);
    assert.deepEqual(dockerRule('FROM debian:13\nRUN apt-get update; apt-get install -y git; apt-get dist-clean\n', 'docker/clean-package-cache'), []);
  });
});

describe('docker/exec-form', () => {
  it('converts a plain shell-form CMD of the final stage to JSON', () => {
    const text = 'FROM node:22 AS build\nCMD npm test\nFROM node:22\nCMD node server.js\n';
    const [f, ...rest] = dockerRule(text, 'docker/exec-form');
    assert.equal(rest.length, 0, 'only the final stage');
    assert.deepEqual(at(f), [3, 0, 3, 18]);
    assert.equal(applyFixTitled(text, f, /exec form/), text.replace('CMD node server.js', 'CMD ["node", "server.js"]'));
  });

  it('offers no conversion when the command needs a shell; no finding with a SHELL instruction', () => {
    const [f] = dockerRule('FROM node:22\nENTRYPOINT exec node $APP\n', 'docker/exec-form');
    assert.deepEqual(f.fixes, []);
    assert.deepEqual(dockerRule('FROM node:22\nSHELL ["/bin/bash", "-c"]\nCMD node x.js\n', 'docker/exec-form'), []);
  });
});
