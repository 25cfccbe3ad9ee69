import { isMap, type YAMLMap } from 'yaml';
import { mapAt, seqAt, stringOf } from '../yaml/nodes';
import type { ManifestObject } from './objects';

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';
export const CONTAINER_KINDS: readonly ContainerKind[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** A pod spec inside an object, with the path that leads to it (a pod template's spec for controllers). */
export interface PodSpecView {
  object: ManifestObject;
  spec: YAMLMap;
  /** Metadata of the pod (the template's metadata for controllers). */
  podMetadata?: YAMLMap;
  path: string[];
}

export interface ContainerView {
  pod: PodSpecView;
  kind: ContainerKind;
  index: number;
  name?: string;
  node: YAMLMap;
}

// Where each workload kind keeps its pod spec.
export const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export function isWorkloadKind(kind: string): boolean {
  return kind in POD_SPEC_PATHS;
}

export function podSpecOf(object: ManifestObject): PodSpecView | undefined {
  const path = POD_SPEC_PATHS[object.kind];
  if (!path) return undefined;
  const spec = mapAt(object.node, ...path);
  if (!spec) return undefined;
  const podMetadata = object.kind === 'Pod' ? mapAt(object.node, 'metadata') : mapAt(object.node, ...path.slice(0, -1), 'metadata');
  return { object, spec, podMetadata, path };
}

export function containersOf(pod: PodSpecView, kinds: readonly ContainerKind[] = CONTAINER_KINDS): ContainerView[] {
  const out: ContainerView[] = [];
  for (const kind of kinds) {
    seqAt(pod.spec, kind)?.items.forEach((node, index) => {
      if (isMap(node)) out.push({ pod, kind, index, name: stringOf(node, 'name'), node });
    });
  }
  return out;
}

/** "container \"web\"" / "initContainer \"setup\"" for messages. */
export function describeContainer(c: ContainerView): string {
  const noun = c.kind === 'containers' ? 'container' : c.kind.slice(0, -1);
  return c.name ? `${noun} "${c.name}"` : `${noun} #${c.index + 1}`;
}
