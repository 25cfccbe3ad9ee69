import { defineFieldRule } from '../_lib/pss';

export default defineFieldRule(
  {
    id: 'k8s/windows-host-process',
    title: 'Windows HostProcess container',
    severity: 'error',
    category: 'cluster-config',
    pss: { level: 'baseline', check: 'windowsHostProcess' },
    docs: `A Windows HostProcess container runs directly on the Windows node, outside any container isolation, with the
node's network and file system: the Windows equivalent of a privileged container. Baseline forbids
\`windowsOptions.hostProcess: true\` at the pod and the container level.

**Fix:** remove \`hostProcess: true\`; run node agents that need it in a dedicated privileged namespace.`,
    remediation: 'Remove securityContext.windowsOptions.hostProcess or set it to false.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n  containers:\n    - name: agent\n      image: agent:1\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    windowsOptions:\n      runAsUserName: ContainerUser\n  containers:\n    - name: agent\n      image: agent:1\n',
    },
  },
  () => ({
    path: ['windowsOptions', 'hostProcess'],
    sites: 'pod-and-containers',
    allowed: (value) => value !== true,
    message: (where) => `${where} sets windowsOptions.hostProcess: true and runs directly on the Windows node.`,
  }),
);
