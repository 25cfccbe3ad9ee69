import { defineDockerfileInstructionRule } from '../../server/src/engine/rule';

/** Name parts that say "secret" (split on `_`, `-` and case changes). */
const SECRET_WORDS = /^(?:password|passwd|pwd|secret|token|apikey|credential|credentials|privatekey|accesskey|secretkey|authkey|clientsecret)$/;
const SECRET_PAIRS = /(?:^|_)(?:api|private|access|secret|auth|client|signing|encryption)_key(?:_|$)/;
/** Name parts that say "this is about a secret, not the secret": a file path, a length, a public key… */
const NOT_A_SECRET = /(?:^|_)(?:file|path|dir|url|uri|endpoint|version|public|length|len|name|id|type|enabled|required|header|policy|env|mode|hash_algorithm)(?:_|$)/;
/** Literal values with the shape of a real credential. */
const KEY_LIKE: [RegExp, string][] = [
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'a GitLab token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bsk_live_[A-Za-z0-9]{16,}|\brk_live_[A-Za-z0-9]{16,}/, 'a Stripe key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'an npm token'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'a JSON Web Token'],
];

export function secretName(name: string): boolean {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/-/g, '_');
  if (NOT_A_SECRET.test(snake)) return false;
  return snake.split('_').some((part) => SECRET_WORDS.test(part)) || SECRET_PAIRS.test(snake);
}

export function keyLike(value: string): string | undefined {
  return KEY_LIKE.find(([re]) => re.test(value))?.[1];
}

export default defineDockerfileInstructionRule({
  meta: {
    id: 'docker/no-secrets-in-arg-env',
    title: 'Secret in ARG or ENV',
    severity: 'error',
    category: 'images',
    docs: `\`ENV\` values are stored in the image configuration, readable by anyone who can pull the image
(\`docker inspect\`). \`ARG\` values passed with \`--build-arg\` are recorded in the image history and the build cache.
Neither is a place for passwords, tokens or keys — in any stage, since build stages are cached and shared too.

Reported when the name says secret (\`PASSWORD\`, \`TOKEN\`, \`SECRET\`, \`API_KEY\`, … but not \`*_FILE\`, \`*_PATH\`,
\`PUBLIC_*\`) or when the value looks like a real credential (AWS, GitHub, GitLab, Slack, Stripe, Google, npm keys,
private keys, JWTs). An \`ENV\` with an empty value is not reported.

**Fix:** use a build secret: \`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\` with
\`docker build --secret id=npm_token,env=NPM_TOKEN\`; give run-time secrets through the orchestrator (Kubernetes
Secrets), not the image. A leaked literal value must be rotated.`,
    remediation: 'Pass secrets with RUN --mount=type=secret at build time and as orchestrator secrets at run time.',
    references: ['https://docs.docker.com/build/building/secrets/'],
    examples: {
      bad: 'FROM node:22-slim\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci\n',
      good: 'FROM node:22-slim\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n',
    },
  },
  keywords: ['ARG', 'ENV'],
  checkInstruction(instruction, view, ctx) {
    for (const p of view.propertiesOf(instruction)) {
      const value = p.value ?? '';
      const looksLike = keyLike(value);
      if (looksLike) {
        ctx.report({ at: p.span, message: `${instruction.keyword} ${p.name} holds what looks like ${looksLike}: it is stored in the image.` });
      } else if (secretName(p.name) && !(instruction.keyword === 'ENV' && value === '')) {
        const where = instruction.keyword === 'ENV' ? 'the image configuration' : 'the image history and build cache';
        ctx.report({ at: p.nameSpan, message: `${instruction.keyword} ${p.name} looks like a secret: its value ends up in ${where}.` });
      }
    }
  },
});
