import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { describeVolume, isSet, volumesOf } from '../_lib/pss';

/** Volume sources the restricted level allows; a volume with no source at all is defaulted to emptyDir. */
const ALLOWED_SOURCES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);

export default defineK8sRule({
  meta: {
    id: 'k8s/restricted-volumes',
    title: 'Volume type not allowed at restricted level',
    severity: 'warning',
    category: 'cluster-config',
    pss: { level: 'restricted', check: 'restrictedVolumes' },
    docs: `The restricted level allows only volume types that cannot reach into the node or a storage backend on the pod's
own authority: \`configMap\`, \`csi\`, \`downwardAPI\`, \`emptyDir\`, \`ephemeral\`, \`image\`, \`persistentVolumeClaim\`,
\`projected\` and \`secret\`. Others (\`hostPath\`, \`nfs\`, \`iscsi\`, \`rbd\`, \`gitRepo\`, \`flexVolume\`…) mount node
paths or remote storage directly, with credentials or privileges the pod should not hold.

**Fix:** use a \`persistentVolumeClaim\` (an administrator defines the storage behind it), or one of the allowed types.`,
    remediation: 'Use a persistentVolumeClaim or another allowed volume type instead.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: app:1\n  volumes:\n    - name: shared\n      nfs:\n        server: nfs.local\n        path: /exports\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: app:1\n  volumes:\n    - name: shared\n      persistentVolumeClaim:\n        claimName: shared\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    volumesOf(pod).forEach((volume, i) => {
      for (const pair of volume.node.items) {
        const key = (pair.key as { value?: unknown } | null)?.value;
        if (typeof key !== 'string' || key === 'name' || ALLOWED_SOURCES.has(key) || !isSet(pair as never)) continue;
        ctx.report({ at: pair as never, message: `${describeVolume(volume, i)} uses the ${key} volume type, which the restricted level does not allow.` });
      }
    });
  },
});
