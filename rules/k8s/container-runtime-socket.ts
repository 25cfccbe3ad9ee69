import { isMap, isScalar } from 'yaml';
import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { mapAt, pairOf, seqAt, stringOf } from '../../server/src/engine/yaml/nodes';
import sockets from '../_data/runtime-sockets.json';

const SOCKET_NAMES = new Set(sockets.socketFileNames);
const SOCKET_DIRS = new Set(sockets.directories);

/** `//var/run/` → `/var/run`; `/` stays `/`. */
function normalizePath(path: string): string {
  const collapsed = path.trim().replace(/\/+/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

/** Why a host path exposes a runtime socket, or undefined. */
function exposure(path: string): string | undefined {
  const p = normalizePath(path);
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (SOCKET_NAMES.has(base)) return `the container runtime socket ${base}`;
  if (SOCKET_DIRS.has(p)) return 'a host directory that contains the container runtime socket';
  return undefined;
}

export default defineK8sRule({
  meta: {
    id: 'k8s/container-runtime-socket',
    title: 'Container runtime socket mounted from the host',
    severity: 'error',
    category: 'cluster-config',
    docs: `Mounting \`docker.sock\`, \`containerd.sock\` or \`crio.sock\` (or a directory that contains one, such as \`/var/run\` or
\`/\`) gives the pod the node's container runtime API. Through it a process can start a privileged container with the host
filesystem mounted, which is root on the node, bypassing Pod Security Admission and every admission policy. A read-only
mount does not help: connecting to a socket is not a write to the filesystem.

**Fix:** remove the hostPath volume. Build images with a daemonless builder (BuildKit rootless, kaniko, buildah); read
container metadata through the Kubernetes API or the kubelet's metrics endpoints instead of the runtime.`,
    remediation: 'Remove the hostPath volume that exposes the container runtime socket.',
    references: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  containers:\n    - name: build\n      image: docker:27\n  volumes:\n    - name: docker\n      hostPath:\n        path: /var/run/docker.sock\n',
      good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  containers:\n    - name: build\n      image: docker:27\n  volumes:\n    - name: cache\n      emptyDir: {}\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    for (const volume of seqAt(pod.spec, 'volumes')?.items ?? []) {
      const path = pairOf(mapAt(volume, 'hostPath'), 'path')?.value;
      if (!isMap(volume) || !isScalar(path) || typeof path.value !== 'string') continue;
      const why = exposure(path.value);
      if (!why) continue;
      const name = stringOf(volume, 'name');
      ctx.report({ at: path, message: `Volume${name ? ` "${name}"` : ''} mounts ${why} (${path.value}): the pod can start privileged containers on the node.` });
    }
  },
});
