import { defineFieldRule, inUserNamespace, policyMinor } from '../_lib/pss';

export default defineFieldRule(
  {
    id: 'k8s/run-as-user',
    title: 'Runs as user 0 (root)',
    severity: 'warning',
    category: 'cluster-config',
    pss: { level: 'restricted', check: 'runAsUser' },
    docs: `\`runAsUser: 0\` starts the container's process as root, whatever the image says. Root in a container is root to
the kernel: a container escape or a writable host path then acts as root on the node. The restricted level forbids
\`runAsUser: 0\` at the pod and the container level (from policy v1.23); from v1.35, pods with \`hostUsers: false\` are
exempt (their root is mapped to an unprivileged user on the node).

**Fix:** set a non-zero \`runAsUser\` (for example 10001) or leave it to the image's non-root USER.`,
    remediation: 'Set runAsUser to a non-zero UID.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 0\n  containers:\n    - name: web\n      image: web:1\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n  containers:\n    - name: web\n      image: web:1\n',
    },
  },
  (pod, ctx) =>
    policyMinor(ctx) >= 35 && inUserNamespace(pod)
      ? undefined
      : {
          path: ['runAsUser'],
          sites: 'pod-and-containers',
          allowed: (value) => value !== 0,
          message: (where) => `${where} sets runAsUser: 0 and runs as root.`,
        },
);
