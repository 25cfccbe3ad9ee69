// The Dockerfile parsed chunk by chunk (a stage each, chunks of earlier texts re-used) must be exactly the one parse
// of the whole text: same instructions, ranges, arguments, stages, directives, and so the same findings. Checked on
// every real Dockerfile (as written and with CRLF line breaks) and after sequences of edits that move, merge, split
// and re-escape chunks. The chunked view's findings are checked with the instruction rules' reports kept from every
// file and edit before (as the language server does), the whole parse's with nothing kept.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ALL_RULES } from '../../rules';
import { checkDockerfile } from '../../server/src/engine/dockerfile/check';
import { ChunkCache, parseInChunks, parseWhole } from '../../server/src/engine/dockerfile/chunks';
import { InstructionReports } from '../../server/src/engine/dockerfile/instruction-reports';
import { parseDockerfile, StageReuse, type DockerfileView } from '../../server/src/engine/dockerfile/parse';
import { DEFAULT_SETTINGS } from '../../server/src/engine/types';
import { TODAY } from '../helpers/docker';
import { DOCKER_CORPUS, filesUnder } from '../helpers/paths';

/** Everything a rule can read from the view, as plain data. */
function snapshot(view: DockerfileView): unknown {
  return {
    escape: view.escape,
    directives: view.directives,
    globalArgs: view.globalArgs,
    instructions: view.instructions.map((i) => ({
      keyword: i.keyword,
      span: i.span,
      keywordSpan: i.keywordSpan,
      args: i.args,
      flags: i.flags,
      execForm: i.execForm,
      stage: i.stage?.index,
      onbuild: i.onbuild,
      properties: view.propertiesOf(i),
      commands: view.commandsOf(i),
    })),
    stages: view.stages.map((s) => ({ index: s.index, name: s.name, from: s.from.span, instructions: s.instructions.length, base: { ...s.base, stage: s.base.stage?.index } })),
    finalStage: view.finalStage?.index,
  };
}

type Findings = ReturnType<typeof checkDockerfile>;

function findings(text: string, view: DockerfileView, kept: InstructionReports | undefined): Findings {
  return checkDockerfile(text, ALL_RULES, { ...DEFAULT_SETTINGS, today: TODAY }, (rule) => rule.meta.severity, view, kept);
}

/** Reports of instruction rules kept across every test of this file: files and edits share instructions. */
const keptEverywhere = new InstructionReports();

/**
 * Asserts the chunked view (through `cache`, with the stages `reuse` keeps from the view before) equals the
 * whole-text parse, and its findings (with the reports `kept` holds) those of the whole parse with nothing kept;
 * returns the chunked view and its findings.
 */
function assertSameAsWhole(text: string, cache: ChunkCache, where: string, reuse?: StageReuse, kept = keptEverywhere): DockerfileView & { findings: Findings } {
  const chunked = parseDockerfile(text, (t) => parseInChunks(t, cache), reuse);
  const whole = parseDockerfile(text, parseWhole, undefined);
  assert.deepEqual(snapshot(chunked), snapshot(whole), `${where}: view`);
  const found = findings(text, chunked, kept);
  assert.deepEqual(found, findings(text, whole, undefined), `${where}: findings`);
  return Object.assign(chunked, { findings: found });
}

/** Line `n` (zero-based) of the text, with its offset. */
function lineAt(text: string, n: number): { start: number; end: number } {
  let start = 0;
  for (let i = 0; i < n; i++) start = text.indexOf('\n', start) + 1;
  const nl = text.indexOf('\n', start);
  const end = nl < 0 ? text.length : nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
  return { start, end };
}

/** Zero-based numbers of the lines starting with FROM. */
function fromLines(text: string): number[] {
  return text.split('\n').flatMap((l, i) => (/^\s*FROM\s/i.test(l) ? [i] : []));
}

type Edit = { label: string; apply: (text: string) => string };

const splice = (text: string, at: number, remove: number, insert: string) => text.slice(0, at) + insert + text.slice(at + remove);

/** Edits of the kinds a user makes, each placed relative to the text it is applied to. */
function editsFor(eol: string): Edit[] {
  const middleFrom = (text: string) => fromLines(text)[Math.floor(fromLines(text).length / 2)];
  const endOfLineBefore = (text: string) => lineAt(text, middleFrom(text) - 1).end;
  const typing: Edit[] = [...'abcde'].map((c, k) => ({
    label: `type "${c}" at the end of an instruction in the middle`,
    apply: (text) => {
      const lines = text.split('\n');
      const middle = Math.floor(lines.length / 2) + k;
      const n = lines.findIndex((l, i) => i >= middle && /^\s*(?:RUN|ENV|ARG|LABEL|COPY|WORKDIR)\s.*[^\\\s]\s*$/i.test(l));
      return n < 0 ? text : splice(text, lineAt(text, n).end, 0, c);
    },
  }));
  return [
    ...typing,
    { label: 'type into a FROM line', apply: (text) => splice(text, lineAt(text, middleFrom(text)).end, 0, 'x') },
    {
      label: 'delete a FROM line (its stage joins the one before)',
      apply: (text) => {
        const line = lineAt(text, middleFrom(text));
        return splice(text, line.start, line.end - line.start + eol.length, '');
      },
    },
    {
      label: 'insert a new stage',
      apply: (text) => splice(text, lineAt(text, middleFrom(text)).start, 0, `FROM alpine:3.20 AS inserted${eol}RUN apk add curl${eol}${eol}`),
    },
    { label: 'continue the line before a FROM onto it', apply: (text) => splice(text, endOfLineBefore(text), 0, ' \\') },
    { label: 'end that continuation', apply: (text) => text.replace(` \\${eol}FROM`, `${eol}FROM`) },
    {
      label: 'open a heredoc before a FROM',
      apply: (text) => splice(text, lineAt(text, middleFrom(text)).start, 0, `RUN <<EOT${eol}echo in heredoc${eol}`),
    },
    { label: 'close it', apply: (text) => text.replace(`echo in heredoc${eol}`, `echo in heredoc${eol}EOT${eol}`) },
    { label: 'add an escape directive at the top', apply: (text) => `# escape=\`${eol}${text}` },
    { label: 'change the escape directive back to \\', apply: (text) => text.replace('# escape=`', '# escape=\\') },
    { label: 'remove the escape directive', apply: (text) => text.slice(text.indexOf('\n') + 1) },
    { label: 'type in the first line', apply: (text) => `# a comment${eol}${text}` },
    { label: 'turn a line break into a lone CR (parsed whole)', apply: (text) => splice(text, lineAt(text, 3).end, eol.length, '\r') },
  ];
}

// Stages with everything that could tie one chunk to another: global ARGs used in FROM, stage references, ONBUILD,
// heredocs, comments and blank lines between stages, continuations, and a backtick escape.
const MULTI_STAGE = `# syntax=docker/dockerfile:1.7
# escape=\`
ARG BASE=golang:1.23
ARG TOKEN=ghp_${'a'.repeat(36)}

# the build stage
FROM --platform=$BUILDPLATFORM \${BASE} AS build
RUN go build \`
    -o /out/app ./cmd/app
COPY <<EOF /etc/app.conf
FROM inside a heredoc
EOF

FROM build AS test
ONBUILD RUN echo triggered
RUN <<-EOT
\tgo test ./...
\tEOT
# between stages

FROM alpine:latest
COPY --from=build /out/app /app
ENV API_KEY=hunter2
CMD /app
`;

describe('Dockerfile chunks', () => {
  const files = filesUnder(DOCKER_CORPUS);

  it('every real Dockerfile, as written and with CRLF, parses to the same view and findings as a whole', () => {
    assert.ok(files.length > 900, `${files.length} files under ${DOCKER_CORPUS}`);
    const cache = new ChunkCache();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assertSameAsWhole(text, cache, file);
      assertSameAsWhole(text.replace(/\r?\n/g, '\r\n'), cache, `${file} (CRLF)`);
    }
  });

  const samples: [string, string][] = [
    ['buildkit/Dockerfile (49 stages, heredocs)', readFileSync(join(DOCKER_CORPUS, 'buildkit/Dockerfile'), 'utf8')],
    ['buildkit/Dockerfile with CRLF', readFileSync(join(DOCKER_CORPUS, 'buildkit/Dockerfile'), 'utf8').replace(/\n/g, '\r\n')],
    ['ONBUILD edge cases', readFileSync(join(DOCKER_CORPUS, 'buildkit/frontend/dockerfile/parser/testfiles/lk4d4-the-edge-case-generator/Dockerfile'), 'utf8') + '\nFROM scratch\nONBUILD COPY . /\n'],
    ['escape directive, stage references, ONBUILD, heredocs', MULTI_STAGE],
    ['escape directive, with CRLF', MULTI_STAGE.replace(/\n/g, '\r\n')],
  ];
  for (const [name, original] of samples) {
    it(`after each edit of a sequence, the re-used chunks give the whole parse: ${name}`, () => {
      const eol = original.includes('\r\n') ? '\r\n' : '\n';
      const cache = new ChunkCache();
      // The language server's way: each view keeps the stages of the one before that the edit left in place.
      const reuse = new StageReuse();
      let text = original;
      assertSameAsWhole(text, cache, 'as opened', reuse);
      for (const edit of editsFor(eol)) {
        const next = edit.apply(text);
        assert.notEqual(next, text, `${edit.label}: the edit changes the text`);
        text = next;
        assertSameAsWhole(text, cache, `after "${edit.label}"`, reuse);
      }
    });
  }

  it('typing in one stage re-parses that stage only, also when it adds a line; a new escape directive re-parses every chunk', () => {
    const text = readFileSync(join(DOCKER_CORPUS, 'buildkit/Dockerfile'), 'utf8');
    const stages = fromLines(text).length;
    const cache = new ChunkCache();
    parseInChunks(text, cache);
    // One chunk per stage plus the lines before the first FROM: no cut had to be given up.
    assert.equal(cache.parses, stages + 1);
    const line = lineAt(text, 300);
    parseInChunks(splice(text, line.end, 0, 'x'), cache);
    assert.equal(cache.parses, stages + 2);
    // A new line moves every later stage down: their chunks are the same texts, re-used where they now are.
    const moved = splice(text, line.end, 0, '\n');
    parseInChunks(moved, cache);
    assert.equal(cache.parses, stages + 3);
    assertSameAsWhole(moved, cache, 'after a new line');
    parseInChunks(`# escape=\`\n${text}`, cache);
    assert.equal(cache.parses, 2 * stages + 4);
  });

  it('an edit keeps the views of the stages above it, and only those; the kept ones give the whole parse', () => {
    const text = readFileSync(join(DOCKER_CORPUS, 'buildkit/Dockerfile'), 'utf8');
    const cache = new ChunkCache();
    const reuse = new StageReuse();
    const before = assertSameAsWhole(text, cache, 'as opened', reuse);
    const line = lineAt(text, 300);
    const edited = assertSameAsWhole(splice(text, line.end, 0, 'x'), cache, 'after typing on line 300', reuse);
    // Stage k starts on a FROM line; the stage holding line 300 is the last one starting at or before it.
    const editedStage = fromLines(text).filter((n) => n <= 300).length - 1;
    assert.ok(editedStage > 10 && editedStage < before.stages.length - 10, `line 300 is in stage ${editedStage} of ${before.stages.length}`);
    for (let k = 0; k < before.stages.length; k++) {
      assert.equal(edited.stages[k] === before.stages[k], k < editedStage, `stage ${k} is ${k < editedStage ? '' : 'not '}kept`);
    }
    assert.ok(edited.instructions.filter((i) => before.instructions.includes(i)).length > 100, 'instructions of kept stages are kept');
    // A new escape directive changes every stage: nothing is kept.
    const escaped = assertSameAsWhole(`# escape=\`\n${text}`, cache, 'after an escape directive', reuse);
    assert.ok(escaped.stages.every((s) => !edited.stages.includes(s)));
    // Without a StageReuse nothing is kept either.
    const again = parseDockerfile(text, (t) => parseInChunks(t, cache), undefined);
    assert.ok(again.stages.every((s) => !before.stages.includes(s)));
  });

  it('typing in an instruction re-checks that instruction only, with the rules for its keyword', () => {
    const text = readFileSync(join(DOCKER_CORPUS, 'buildkit/Dockerfile'), 'utf8');
    const kept = new InstructionReports();
    const cache = new ChunkCache();
    const reuse = new StageReuse();
    assertSameAsWhole(text, cache, 'as opened', reuse, kept);
    const opened = kept.checks;
    // buildkit's Dockerfile has RUN, COPY, ARG, ENV lines (and more): each checked once per rule for its keyword.
    assert.ok(opened > 300, `${opened} checks on opening`);
    const lines = text.split('\n');
    const n = lines.findIndex((l, i) => i > 250 && /^RUN [^\\]*$/.test(l));
    const line = lineAt(text, n);
    assertSameAsWhole(splice(text, line.end, 0, ' x'), cache, `after typing on RUN line ${n}`, reuse, kept);
    // no-world-writable, no-curl-pipe-shell, no-insecure-run, clean-package-cache and no-sudo look at RUN.
    assert.equal(kept.checks - opened, 5);
    // A new line above moves every instruction below it: their reports are moved, not checked again.
    assertSameAsWhole(splice(text, line.end, 0, ' x\n'), cache, `after a new line on line ${n}`, reuse, kept);
    assert.equal(kept.checks - opened, 5);
  });

  it('reports kept for an instruction follow what they depend on outside it: the user a RUN runs as, a pip ENV of its stage', () => {
    const kept = new InstructionReports();
    const cache = new ChunkCache();
    const reuse = new StageReuse();
    const messages = (text: string, where: string) => assertSameAsWhole(text, cache, where, reuse, kept).findings.filter((f) => f.ruleId !== 'docker/pin-image-digest').map((f) => `${f.ruleId}: ${f.message}`);
    const run = 'RUN sudo pip install flask\n';
    assert.deepEqual(messages(`FROM python:3.13\n${run}`, 'as root'), [
      'docker/clean-package-cache: `pip install` without `--no-cache-dir` keeps downloaded packages in the image.',
      'docker/no-root-user: The final stage sets no USER, so the container runs as root (UID 0).',
      'docker/no-sudo: `sudo` is not needed: this step already runs as root.',
    ]);
    assert.deepEqual(messages(`FROM python:3.13\nUSER app\nENV PIP_NO_CACHE_DIR=1\n${run}`, 'as app, pip cache off'), [
      'docker/no-sudo: `sudo` in the image lets its user become root.',
    ]);
    // The user comes from the stage built on: the RUN's own stage has no USER.
    assert.deepEqual(messages(`FROM python:3.13 AS base\nUSER app\nFROM base\n${run}`, 'as app, from the parent stage'), [
      'docker/clean-package-cache: `pip install` without `--no-cache-dir` keeps downloaded packages in the image.',
      'docker/no-sudo: `sudo` in the image lets its user become root.',
    ]);
  });

  // What a user types, anywhere: letters, line breaks, continuations, heredocs, and, half of the time, a line that
  // changes what kept reports depend on outside their instruction (the USER in effect, a pip ENV of the stage, a stage
  // to build on) or that they are about.
  const TYPED = fc.oneof(
    fc.constantFrom('USER app\n', 'USER root\n', 'ENV PIP_NO_CACHE_DIR=1\n', 'RUN sudo pip install flask\n', 'FROM base AS x\n'),
    fc.constantFrom('a', ' ', '"', '\\', '\n', '\r\n', '#', '$', '`', '<<EOF\n', 'EOF\n', 'FROM ', '# escape=`\n', 'ONBUILD '),
  );
  // Mostly near the edit before, as typing is: a line typed, then one above it.
  const editArb = fc.record({
    jump: fc.boolean(),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    near: fc.integer({ min: -120, max: 60 }),
    insert: TYPED,
    remove: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 40 })),
  });

  it('random typing in multi-stage Dockerfiles: after every keystroke, the same view and findings as a fresh whole parse', () => {
    const multiStage = files.map((f) => readFileSync(f, 'utf8')).filter((t) => fromLines(t).length >= 3);
    assert.ok(multiStage.length > 20, `${multiStage.length} multi-stage Dockerfiles`);
    const texts = [...multiStage, MULTI_STAGE];
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 10 }), (i, edits) => {
        const cache = new ChunkCache();
        const reuse = new StageReuse();
        const kept = new InstructionReports();
        let text = texts[i];
        assertSameAsWhole(text, cache, 'as opened', reuse, kept);
        let at = Math.floor(edits[0].at * text.length);
        for (const [k, e] of edits.entries()) {
          at = e.jump ? Math.floor(e.at * text.length) : Math.max(0, Math.min(text.length, at + e.near));
          // A new instruction is typed at the start of a line.
          if (/^[A-Z#]/.test(e.insert)) at = text.lastIndexOf('\n', at - 1) + 1;
          text = splice(text, at, e.remove, e.insert);
          assertSameAsWhole(text, cache, `edit ${k + 1} (${JSON.stringify(e.insert)} at ${at}, ${e.remove} removed)`, reuse, kept);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });

  it('keeps the chunks of the last two texts only: what earlier keystrokes left goes', () => {
    const cache = new ChunkCache();
    const text = readFileSync(join(DOCKER_CORPUS, 'buildkit/Dockerfile'), 'utf8');
    const stages = fromLines(text).length;
    parseInChunks(text, cache);
    assert.equal(cache.size, stages + 1);
    const line = lineAt(text, 300);
    // Each keystroke changes the chunk of line 300: the version two keystrokes back is dropped.
    for (const typed of ['a', 'ab', 'abc']) parseInChunks(splice(text, line.end, 0, typed), cache);
    assert.equal(cache.size, stages + 2);
    // Typing on, then back to the text as opened: its chunk of line 300 was dropped and is parsed again.
    const parses = cache.parses;
    parseInChunks(text, cache);
    assert.equal(cache.parses, parses + 1);
    // Another file parsed in between takes the place of the text before: the next keystroke parses every chunk again.
    const other = 'FROM alpine:3.22\nRUN apk add --no-cache curl\n';
    parseInChunks(other, cache);
    const before = cache.parses;
    parseInChunks(splice(text, line.end, 0, 'z'), cache);
    assert.equal(cache.parses, before + stages + 1);
  });
});
