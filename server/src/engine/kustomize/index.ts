// Kustomize trees. Without a build, a kustomization's patches are judged only on what they write (patch.ts) and its
// `images:` entries as written (kustomization-file.ts). With `kubectl kustomize` (run by server/src/node/kustomize.ts),
// the built objects are judged and each finding is placed back where its value is written (map.ts).
export { secretGeneratorFindings, secretGeneratorSources, SECRET_RULE } from './generators';
export { imageOverrideFindings, remoteFindings, BUILD_RULE, REMOTE_RULE, type KustomizationFinding } from './kustomization-file';
export { isKustomizationFileName, isRemoteRef, parseKustomization, KUSTOMIZATION_FILE_NAMES, type Kustomization, type PatchRef, type ResourceRef } from './model';
export { completedPatch, judgePatchDocument } from './patch';
