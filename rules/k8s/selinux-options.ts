import { defineFieldRule, policyMinor, shown } from '../_lib/pss';

const BASE_TYPES = ['container_t', 'container_init_t', 'container_kvm_t'];

export default defineFieldRule(
  {
    id: 'k8s/selinux-options',
    title: 'Custom SELinux user, role or type',
    severity: 'error',
    category: 'cluster-config',
    pss: { level: 'baseline', check: 'seLinuxOptions' },
    docs: `On SELinux nodes, containers run with the \`container_t\` type, which confines what they may touch on the node.
Setting another \`seLinuxOptions.type\` (such as \`spc_t\`, "super privileged container") or any custom \`user\` or
\`role\` can lift that confinement. Baseline allows only the container types (\`container_t\`, \`container_init_t\`,
\`container_kvm_t\`, and \`container_engine_t\` from policy v1.31) and no user or role. \`level\` (MCS categories) is free.

**Fix:** remove \`type\`, \`user\` and \`role\` from \`seLinuxOptions\`, keeping \`level\` if you set categories.`,
    remediation: 'Remove seLinuxOptions.user and .role, and use a container_* type or none.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seLinuxOptions:\n      type: spc_t\n  containers:\n    - name: web\n      image: web:1\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seLinuxOptions:\n      level: "s0:c123,c456"\n  containers:\n    - name: web\n      image: web:1\n',
    },
  },
  (_pod, ctx) => {
    const types = new Set(['', ...BASE_TYPES, ...(policyMinor(ctx) >= 31 ? ['container_engine_t'] : [])]);
    return [
      {
        path: ['seLinuxOptions', 'type'],
        sites: 'pod-and-containers',
        allowed: (value) => value === undefined || types.has(value as string),
        message: (where, value) => `${where} sets seLinuxOptions type ${shown(value)}; only ${[...types].filter(Boolean).join(', ')} are allowed.`,
      },
      ...(['user', 'role'] as const).map((field) => ({
        path: ['seLinuxOptions', field],
        sites: 'pod-and-containers' as const,
        allowed: (value: unknown) => value === undefined || value === '',
        message: (where: string, value: unknown) => `${where} sets seLinuxOptions ${field} ${shown(value)}; a custom SELinux ${field} is not allowed.`,
      })),
    ];
  },
);
