import { defineFieldRule, inUserNamespace, policyMinor, shown } from '../_lib/pss';
import { PROC_MOUNT_DOCS, procMountCheck } from '../_lib/proc-mount';

export default defineFieldRule(
  {
    id: 'k8s/proc-mount',
    title: 'Unmasked /proc',
    severity: 'error',
    category: 'cluster-config',
    pss: { level: 'baseline', check: 'procMount' },
    docs: `${PROC_MOUNT_DOCS}

At the baseline level, from policy v1.35 a pod with \`hostUsers: false\` may use any \`procMount\`: in a user namespace
the unmasked paths do not reach the node. (The restricted level keeps forbidding it: \`k8s/proc-mount-restricted\`.)`,
    remediation: 'Remove securityContext.procMount or set it to Default.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        procMount: Unmasked\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  hostUsers: false\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        procMount: Unmasked\n',
      settings: { profile: 'pss-baseline' },
    },
  },
  (pod, ctx) => (policyMinor(ctx) >= 35 && inUserNamespace(pod) ? undefined : procMountCheck(shown)),
);
