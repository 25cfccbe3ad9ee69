import { shortName, type ImageRef } from '../../server/src/engine/dockerfile/image-ref';
import { defineDockerfileRule } from '../../server/src/engine/rule';
import { EOL_PRODUCTS, type EolCycle, type EolProduct } from '../_lib/eol-data';

export interface EolVerdict {
  product: string;
  cycle: string;
  eol: string;
  instead?: string;
}

// Verdicts by date, image and tag: the language server asks again for every FROM line on every keystroke, and a
// Dockerfile's base images are few. Cleared when full.
const verdicts = new Map<string, EolVerdict | undefined>();

/** The end-of-life verdict for an image reference on `today`, from the image's version or a distro in its tag. */
export function eolOf(ref: ImageRef, today: string): EolVerdict | undefined {
  const tag = ref.tag?.value;
  const name = ref.registry && ref.registry.value !== 'docker.io' ? `${ref.registry.value}/${ref.repository.value}` : shortName(ref);
  const key = `${today} ${name}:${tag ?? ''}`;
  if (verdicts.has(key)) return verdicts.get(key);
  if (verdicts.size >= 1000) verdicts.clear();
  const verdict = verdictOf(name, tag, today);
  verdicts.set(key, verdict);
  return verdict;
}

function verdictOf(name: string, tag: string | undefined, today: string): EolVerdict | undefined {
  const own = EOL_PRODUCTS.find((p) => p.images.includes(name));
  if (own?.allTags && own.allTags.eol <= today) return { product: own.product, cycle: tag ?? 'latest', eol: own.allTags.eol, instead: own.allTags.instead };
  if (!tag) return undefined;
  const parts = tag.toLowerCase().split('-');
  const version = /^v?(\d+(?:\.\d+)*)$/.exec(parts[0])?.[1];
  const candidates: [EolProduct, string][] = [];
  if (own) candidates.push([own, version ?? parts[0]]);
  // `python:3.11-bullseye`, `node:20-alpine3.18`, `golang:1.22-buster`: the distro under the language has its own end.
  for (const part of own?.distro ? [] : parts.slice(1)) {
    for (const distro of EOL_PRODUCTS.filter((p) => p.distro)) {
      const alpine = /^alpine(\d+\.\d+)$/.exec(part);
      if (alpine && distro.images.includes('alpine')) candidates.push([distro, alpine[1]]);
      else if (distro.cycles.some((c) => c.aliases?.includes(part))) candidates.push([distro, part]);
    }
  }
  for (const [product, v] of candidates) {
    const cycle = product.cycles.find((c) => matches(c, v));
    if (cycle && cycle.eol <= today) return { product: product.product, cycle: cycle.cycle, eol: cycle.eol };
  }
  return undefined;
}

function matches(c: EolCycle, v: string): boolean {
  return v === c.cycle || v.startsWith(c.cycle + '.') || (c.aliases?.includes(v) ?? false);
}

export default defineDockerfileRule({
  meta: {
    id: 'docker/eol-base-image',
    title: 'Base image is end-of-life',
    severity: 'warning',
    category: 'patching',
    docs: `The base image's release (operating system or language runtime) has passed its end of life: newly found
vulnerabilities in it are no longer fixed, so every rebuild ships the same holes. Also reported when the tag names an
end-of-life distribution under a supported runtime (\`python:3.12-buster\`).

The dates come from kubeward's table (Debian, Ubuntu, Alpine, Node.js, Python, Go, OpenJDK, Eclipse Temurin, nginx,
CentOS) and are compared with today's date.

**Fix:** move to a supported release of the same image, e.g. \`python:3.12-slim-bookworm\`.`,
    remediation: 'Upgrade the base image to a release that still receives security fixes.',
    references: ['https://endoflife.date/'],
    examples: {
      bad: 'FROM python:3.7-slim\n',
      good: 'FROM python:3.13-slim-bookworm\n',
    },
  },
  check(view, ctx) {
    for (const stage of view.stages) {
      const { ref, writtenSpan } = stage.base;
      if (!ref || stage.base.stage) continue;
      const verdict = eolOf(ref, ctx.today);
      if (!verdict) continue;
      const instead = verdict.instead ? ` Use ${verdict.instead}.` : '';
      ctx.report({
        at: writtenSpan,
        message: `Base image \`${ref.text}\`: ${verdict.product} ${verdict.cycle} reached end of life on ${verdict.eol} and gets no security fixes.${instead}`,
      });
    }
  },
});
