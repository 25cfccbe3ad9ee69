import type { Node, Pair } from 'yaml';
import type { PodSpecView } from '../../server/src/engine/k8s/pod-spec';
import { mapAt, pairOf } from '../../server/src/engine/yaml/nodes';

/** The `spec:` pair that holds a pod spec (the template's for controllers): where pod-level findings point. */
export function podSpecPair(pod: PodSpecView): Pair<Node, Node | null> | undefined {
  const parentPath = pod.path.slice(0, -1);
  const parent = parentPath.length ? mapAt(pod.object.node, ...parentPath) : pod.object.node;
  return pairOf(parent, pod.path[pod.path.length - 1]);
}
