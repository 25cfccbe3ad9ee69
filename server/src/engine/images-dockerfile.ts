// Base images of a Dockerfile's stages, for the digest-pin fix and image hovers, read from the Dockerfile engine's
// view. Stage aliases (`FROM build`) and `scratch` are not images; `FROM ${BASE}` is pinned in the ARG's default
// value, where the reference is written.
import { pinTargetOf } from './dockerfile/pin';
import { parseDockerfile } from './dockerfile/parse';
import type { ImageOccurrence } from './images';

export function dockerfileImages(text: string): ImageOccurrence[] {
  const view = parseDockerfile(text);
  const byStart = new Map<number, ImageOccurrence>();
  for (const stage of view.stages) {
    const { base } = stage;
    if (!base.ref || base.stage || base.scratch) continue;
    const where = `FROM of stage ${stage.name ? `"${stage.name}"` : stage.index + 1}`;
    if (!base.usesVariables) {
      byStart.set(base.writtenSpan.start, { text: base.written, start: base.writtenSpan.start, end: base.writtenSpan.end, where });
      continue;
    }
    const target = pinTargetOf(view, stage);
    const written = base.ref.text;
    const start = target ? target.insertAt - written.length : -1;
    if (!target || text.slice(start, target.insertAt) !== written) continue;
    // Several stages may build on one ARG: one occurrence (one edit), used on each FROM line.
    const known = byStart.get(start);
    if (known) known.uses = [...(known.uses ?? []), base.writtenSpan];
    else byStart.set(start, { text: written, start, end: target.insertAt, where: `${where} (ARG default)`, uses: [base.writtenSpan] });
  }
  return [...byStart.values()];
}
