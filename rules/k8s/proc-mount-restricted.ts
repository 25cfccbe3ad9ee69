import { defineFieldRule, shown } from '../_lib/pss';
import { PROC_MOUNT_DOCS, procMountCheck } from '../_lib/proc-mount';

export default defineFieldRule(
  {
    id: 'k8s/proc-mount-restricted',
    title: 'Unmasked /proc (restricted)',
    severity: 'warning',
    category: 'cluster-config',
    pss: { level: 'restricted', check: 'procMount_restricted' },
    docs: `${PROC_MOUNT_DOCS}

From policy v1.35 the restricted level forbids it even for pods with \`hostUsers: false\`, which baseline then allows.`,
    remediation: 'Remove securityContext.procMount or set it to Default.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  hostUsers: false\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        procMount: Unmasked\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  hostUsers: false\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        procMount: Default\n',
    },
  },
  () => procMountCheck(shown),
);
