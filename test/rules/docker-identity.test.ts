import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { at, underlined } from '../helpers/engine';
import { applyFixTitled, dockerFindings, dockerRule } from '../helpers/docker';

describe('docker/no-root-user', () => {
  it('reports USER root inherited last, and adds USER 10001 right before CMD', () => {
    const text = 'FROM alpine:3.22 AS build\nRUN make\nFROM build\nUSER root\nCMD ["app"]\n';
    const [f, ...rest] = dockerRule(text, 'docker/no-root-user');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.deepEqual(at(f), [3, 0, 3, 9]);
    assert.equal(underlined(text, f), 'USER root');
    const fixed = applyFixTitled(text, f, /USER 10001/);
    assert.equal(fixed, 'FROM alpine:3.22 AS build\nRUN make\nFROM build\nUSER root\nUSER 10001\nCMD ["app"]\n');
    assert.deepEqual(dockerRule(fixed, 'docker/no-root-user'), []);
  });

  it('reports a final stage without USER on its FROM line; the fix title says the image must allow the UID', () => {
    const text = 'FROM node:22\nWORKDIR /app\nCMD ["node", "server.js"]\n';
    const [f] = dockerRule(text, 'docker/no-root-user');
    assert.deepEqual(at(f), [0, 0, 0, 12]);
    const [fix] = f.fixes;
    assert.match(fix.title, /must let UID 10001/);
    assert.equal(fix.safe, false);
    assert.equal(applyFixTitled(text, f, /USER 10001/), 'FROM node:22\nWORKDIR /app\nUSER 10001\nCMD ["node", "server.js"]\n');
  });

  it('appends USER at the end when there is no CMD/ENTRYPOINT, adding the missing final line break', () => {
    const text = 'FROM debian:12\nRUN true';
    const [f] = dockerRule(text, 'docker/no-root-user');
    assert.equal(applyFixTitled(text, f, /USER 10001/), 'FROM debian:12\nRUN true\nUSER 10001\n');
  });

  it('offers no appended USER when the last instruction line ends in a continuation (it would join that RUN)', () => {
    // Docker skips comment and blank lines inside a continuation, so they do not end it; any line break counts.
    for (const text of ['FROM debian:12\nRUN true \\\n', 'FROM debian:12\nRUN true \\\n# note\n\n', 'FROM debian:12\r\nRUN true \\\r\n  # note\r\n', 'FROM debian:12\rRUN true \\\r']) {
      const [f] = dockerRule(text, 'docker/no-root-user');
      assert.deepEqual(f.fixes, [], JSON.stringify(text));
    }
    // A continuation earlier in the file, or an escaped character at the end of a comment, does not count.
    for (const text of ['FROM debian:12\nRUN a \\\n  b\n', 'FROM debian:12\nRUN true\n# ends with \\\n']) {
      const [f] = dockerRule(text, 'docker/no-root-user');
      assert.equal(f.fixes.length, 1, JSON.stringify(text));
    }
  });

  it('USER 0:0 counts as root; a non-root USER in a parent stage is inherited', () => {
    assert.equal(dockerRule('FROM debian:12\nUSER 0:0\n', 'docker/no-root-user').length, 1);
    assert.deepEqual(dockerRule('FROM alpine:3.22 AS base\nUSER 10001\nFROM base\nCMD ["x"]\n', 'docker/no-root-user'), []);
    // Only the final stage is judged: a root build stage is fine.
    assert.deepEqual(dockerRule('FROM golang:1.26 AS build\nRUN go build\nFROM alpine:3.22\nUSER app\n', 'docker/no-root-user'), []);
  });

  it('leaves distroless :nonroot and Windows images alone', () => {
    assert.deepEqual(dockerRule('FROM gcr.io/distroless/static:nonroot\nCOPY app /\n', 'docker/no-root-user'), []);
    assert.deepEqual(dockerFindings('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD cmd /c dir\n').filter((f) => f.ruleId === 'docker/no-root-user' || f.ruleId === 'docker/exec-form'), []);
  });
});

describe('docker/no-sudo', () => {
  const text = 'FROM debian:12\nRUN sudo apt-get update\nUSER app\nRUN sudo make install\n';

  it('removes sudo when the step runs as root (safe fix)', () => {
    const [root, user] = dockerRule(text, 'docker/no-sudo');
    assert.deepEqual(at(root), [1, 4, 1, 8]);
    assert.equal(root.fixes[0].safe, true);
    assert.equal(applyFixTitled(text, root, /Remove sudo/), text.replace('RUN sudo apt-get update', 'RUN apt-get update'));
    assert.deepEqual(at(user), [3, 4, 3, 8]);
    assert.match(user.message, /become root/);
    assert.deepEqual(user.fixes, [], 'no fix when the user is not root: removing sudo would break the step');
  });
});

describe('docker/no-world-writable', () => {
  it('reports 777 and o+w but not the sticky 1777; COPY --chmod too', () => {
    const text = 'FROM debian:12\nRUN chmod 777 /data && chmod 1777 /tmp && chmod -R o+w /srv\nCOPY --chmod=777 a /b\n';
    const found = dockerRule(text, 'docker/no-world-writable');
    assert.deepEqual(found.map(at), [
      [1, 10, 1, 13],
      [1, 51, 1, 54],
      [2, 5, 2, 16],
    ]);
    assert.equal(applyFixTitled(text, found[0], /775/), text.replace('chmod 777', 'chmod 775'));
    assert.deepEqual(found[1].fixes, []);
    assert.equal(applyFixTitled(text, found[2], /775/), text.replace('--chmod=777', '--chmod=775'));
  });
});

describe('docker/no-insecure-run', () => {
  it('underlines the flag and the fix deletes it', () => {
    const text = 'FROM debian:12\nRUN --security=insecure --network=none make\n';
    const [f] = dockerRule(text, 'docker/no-insecure-run');
    assert.equal(f.severity, 'error');
    assert.deepEqual(at(f), [1, 4, 1, 23]);
    assert.equal(applyFixTitled(text, f, /Remove --security/), 'FROM debian:12\nRUN --network=none make\n');
  });
});

describe('docker/no-ssh-port', () => {
  it('deletes the EXPOSE line when 22 is alone, else only the port', () => {
    const text = 'FROM debian:12\nEXPOSE 22\nEXPOSE 80 22/tcp 443\n';
    const [alone, among] = dockerRule(text, 'docker/no-ssh-port');
    assert.deepEqual(at(alone), [1, 7, 1, 9]);
    assert.equal(applyFixTitled(text, alone, /Remove EXPOSE 22/), 'FROM debian:12\nEXPOSE 80 22/tcp 443\n');
    assert.deepEqual(at(among), [2, 10, 2, 16]);
    assert.equal(applyFixTitled(text, among, /Remove port 22/), 'FROM debian:12\nEXPOSE 22\nEXPOSE 80 443\n');
  });
});

describe('docker/no-secrets-in-arg-env', () => {
  it('judges names and literal key-shaped values, in every stage', () => {
    const text = [
      'FROM node:22 AS build',
      'ARG NPM_TOKEN',
      'ENV DB_PASSWORD_FILE=/run/secrets/db',
      'ENV AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP',
      'ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
      'FROM alpine:3.22',
      'ENV clientSecret=x',
      '',
    ].join('\n');
    const found = dockerRule(text, 'docker/no-secrets-in-arg-env');
    assert.deepEqual(found.map(at), [
      [1, 4, 1, 13],
      [3, 4, 3, 42],
      [6, 4, 6, 16],
    ]);
    assert.equal(found[0].severity, 'error');
    assert.match(found[0].message, /image history/);
    assert.match(found[1].message, /AWS access key/);
    assert.equal(underlined(text, found[2]), 'clientSecret');
  });
});
