// Base images of a Dockerfile's FROM lines, for the digest-pin fix and image hovers. Stage aliases (`FROM build`),
// `scratch` and references built from ARGs are left out: there is no literal tag to pin on the FROM line.
import { DockerfileParser } from 'dockerfile-ast';
import type { ImageOccurrence } from './images';
import { LineIndex } from './text';

export function dockerfileImages(text: string): ImageOccurrence[] {
  const lines = new LineIndex(text);
  const stages = new Set<string>();
  const out: ImageOccurrence[] = [];
  DockerfileParser.parse(text)
    .getFROMs()
    .forEach((from, index) => {
      const range = from.getImageRange();
      // dockerfile-ast's getImage() drops the tag of `host:port/img:tag@sha256:…`: read the text itself.
      const start = range ? lines.offsetAt(range.start) : -1;
      const end = range ? lines.offsetAt(range.end) : -1;
      const written = start >= 0 ? text.slice(start, end) : '';
      const stage = from.getBuildStage()?.toLowerCase();
      if (written && !written.includes('$') && written.toLowerCase() !== 'scratch' && !stages.has(written.toLowerCase())) {
        out.push({ text: written, start, end, where: `FROM of stage ${stage ? `"${stage}"` : index + 1}` });
      }
      if (stage) stages.add(stage);
    });
  return out;
}
