import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { capabilityList, removeAddedCapabilityFix } from '../_lib/capabilities';
import { containerSites } from '../_lib/pss';

/** What container runtimes grant by default; baseline allows adding back only these (exact, case-sensitive names). */
const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

export default defineK8sRule({
  meta: {
    id: 'k8s/capabilities-baseline',
    title: 'Non-default capability added',
    severity: 'error',
    category: 'cluster-config',
    pss: { level: 'baseline', check: 'capabilities_baseline' },
    docs: `Linux capabilities split root's power into pieces; container runtimes grant a small default set. Adding others
(\`SYS_ADMIN\`, \`NET_ADMIN\`, \`SYS_PTRACE\`, \`SYS_MODULE\`…) hands the container powers that lead out of it: mounting
file systems, reconfiguring the node's network, tracing other processes, loading kernel modules. Pod Security baseline
allows adding only the runtime defaults. Names are matched exactly: \`CAP_SYS_ADMIN\` and \`chown\` are not allowed either.

**Fix:** remove the capability from \`capabilities.add\`; if the workload truly needs it, run it in a privileged namespace.`,
    remediation: 'Remove capabilities other than the runtime defaults from securityContext.capabilities.add.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: vpn\n      image: vpn:1\n      securityContext:\n        capabilities:\n          add: [NET_ADMIN]\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: vpn\n      image: vpn:1\n      securityContext:\n        capabilities:\n          add: [NET_BIND_SERVICE]\n',
      settings: { profile: 'pss-baseline' },
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    for (const site of containerSites(pod)) {
      const add = capabilityList(site, 'add');
      for (const { node, name } of add?.items ?? []) {
        if (typeof name === 'string' && DEFAULT_CAPABILITIES.has(name)) continue;
        ctx.report({
          at: site.viaAlias ?? node,
          message: `${site.label} adds capability ${String(name)}, which is not in the runtime's default set.`,
          fixes: removeAddedCapabilityFix(ctx, site, add!.seq, node, String(name)),
        });
      }
    }
  },
});
