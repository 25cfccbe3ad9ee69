import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isKustomizationFileName, parseKustomization } from '../engine/kustomize';
import type { Analyzer } from '../engine/analyze';
import type { EngineSettings, KustomizeInput } from '../engine/types';
import { committedGeneratorFiles, DEFAULT_KUSTOMIZE_OPTIONS, isKustomizePatchFile, KustomizeTrees, treeRootOf, unchangedSince, type KustomizeOptions } from '../node/kustomize';
import { isInside } from '../node/walk';
import type { ClientSettings } from '../protocol';

export function kustomizeOptionsOf(client: ClientSettings, trusted: boolean): KustomizeOptions {
  const path = client.kustomize?.kubectlPath;
  return {
    ...DEFAULT_KUSTOMIZE_OPTIONS,
    // A repository cannot make the editor run programs: builds wait for workspace trust.
    build: trusted && client.kustomize?.build !== false,
    kubectlPath: typeof path === 'string' && path.trim() ? path.trim() : DEFAULT_KUSTOMIZE_OPTIONS.kubectlPath,
  };
}

/**
 * Kustomize input for the language server. Never blocks: a tree whose build is not cached is judged as written (patches
 * only on the values they set; files unchanged since its last build as that build found them) while it builds in the
 * background; `onBuilt` then re-analyses its open files. A file
 * whose editor text differs from disk is judged as written too, since builds read what is saved.
 */
export class KustomizeLookup {
  private readonly trees: KustomizeTrees;
  private readonly pending = new Set<string>();
  onBuilt: (root: string) => void = () => {};

  constructor(analyzer: Analyzer) {
    this.trees = new KustomizeTrees(analyzer);
  }

  inputFor(path: string, text: string, settings: EngineSettings, client: ClientSettings, trusted: boolean, folders: string[]): KustomizeInput | undefined {
    const folder = folders.find((f) => isInside(f, path));
    const root = treeRootOf(path, folder);
    if (!root) return undefined;
    const options = kustomizeOptionsOf(client, trusted);
    const fallback = isKustomizePatchFile(path) ? { patch: true } : generatorInput(path, text);
    if (!options.build) return fallback;
    let saved: string | undefined;
    try {
      saved = readFileSync(path, 'utf8');
    } catch {
      return fallback;
    }
    const current = this.trees.current(root, settings, options);
    if (!current) {
      if (!this.pending.has(root)) {
        this.pending.add(root);
        void this.trees
          .analysis(root, settings, options)
          .then(
            () => this.onBuilt(root),
            () => undefined,
          )
          .finally(() => this.pending.delete(root));
      }
      // A save elsewhere in the tree started a rebuild: a file unchanged since the last build keeps its findings
      // meanwhile. Judged as written, a base would flash what its overlays' patches override.
      const last = this.trees.latest(root, settings, options);
      return last && saved === text && unchangedSince(last, path) ? (last.inputs.get(path) ?? fallback) : fallback;
    }
    if (saved !== text) return fallback;
    return current.inputs.get(path) ?? fallback;
  }
}

/** A kustomization judged as written still needs the secretGenerator sources it names (read from disk). */
function generatorInput(path: string, text: string): KustomizeInput | undefined {
  const model = isKustomizationFileName(path) ? parseKustomization(text) : undefined;
  const generatorFiles = model && committedGeneratorFiles(dirname(path), model);
  return generatorFiles ? { generatorFiles } : undefined;
}
