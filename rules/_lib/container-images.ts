import { isScalar, type Node } from 'yaml';
import type { ManifestObject } from '../../server/src/engine/k8s/objects';
import { containersOf, podSpecOf, type ContainerView } from '../../server/src/engine/k8s/pod-spec';
import { pairOf } from '../../server/src/engine/yaml/nodes';
import { parseImageRef, type ImageRef } from './images';

export interface ContainerImage {
  container: ContainerView;
  /** The `image:` value node. */
  node: Node;
  image: string;
  ref: ImageRef;
}

/** Every container (all kinds) with a parseable, non-templated image reference. */
export function containerImagesOf(object: ManifestObject): ContainerImage[] {
  const pod = podSpecOf(object);
  if (!pod) return [];
  return containersOf(pod).flatMap((container) => {
    const node = pairOf(container.node, 'image')?.value;
    if (!isScalar(node) || typeof node.value !== 'string') return [];
    const ref = parseImageRef(node.value);
    return ref ? [{ container, node: node as Node, image: node.value, ref }] : [];
  });
}
