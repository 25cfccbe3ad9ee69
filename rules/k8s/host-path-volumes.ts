import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf, stringOf } from '../../server/src/engine/yaml/nodes';
import { describeVolume, isSet, volumesOf } from '../_lib/pss';

export default defineK8sRule({
  meta: {
    id: 'k8s/host-path-volumes',
    title: 'hostPath volume',
    severity: 'error',
    category: 'cluster-config',
    pss: { level: 'baseline', check: 'hostPathVolumes' },
    docs: `A \`hostPath\` volume mounts a directory of the node into the pod. Through it a container can read other pods'
data and credentials, the kubelet's files, or the container runtime socket, and often write to them: a common path from
one compromised pod to the whole node. Pod Security baseline forbids \`hostPath\` (at restricted, \`restricted-volumes\` does).

**Fix:** use \`emptyDir\` for scratch space, a \`persistentVolumeClaim\` for data, \`configMap\`/\`secret\`/\`projected\`
for configuration. Node agents that truly need the host belong in a separate, privileged namespace.`,
    remediation: 'Replace the hostPath volume with emptyDir, a persistentVolumeClaim, or a configMap/secret volume.',
    references: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: app:1\n  volumes:\n    - name: logs\n      hostPath:\n        path: /var/log\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: app:1\n  volumes:\n    - name: logs\n      emptyDir: {}\n',
      settings: { profile: 'pss-baseline' },
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    volumesOf(pod).forEach((volume, i) => {
      const hostPath = pairOf(volume.node, 'hostPath');
      if (!isSet(hostPath)) return;
      const path = stringOf(hostPath.value, 'path');
      ctx.report({ at: hostPath, message: `${describeVolume(volume, i)} mounts ${path ? `the node's ${path}` : 'a node directory'} (hostPath).` });
    });
  },
});
