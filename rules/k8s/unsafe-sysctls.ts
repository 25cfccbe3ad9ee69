import { isScalar } from 'yaml';
import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf, seqAt } from '../../server/src/engine/yaml/nodes';
import { policyMinor } from '../_lib/pss';

/** Namespaced sysctls baseline allows, by the policy version that added them. */
const SAFE_SYSCTLS: readonly [number, readonly string[]][] = [
  [0, ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

export function safeSysctls(minor: number): Set<string> {
  return new Set(SAFE_SYSCTLS.filter(([since]) => minor >= since).flatMap(([, names]) => names));
}

export default defineK8sRule({
  meta: {
    id: 'k8s/unsafe-sysctls',
    title: 'Sysctl outside the safe set',
    severity: 'error',
    category: 'cluster-config',
    pss: { level: 'baseline', check: 'sysctls' },
    docs: `Pod \`securityContext.sysctls\` change kernel parameters. Only a small set is namespaced per pod and safe to
set; others affect the whole node or other pods, or weaken its defences. Baseline allows only the safe set, which grows
with the policy version (v1.27: \`net.ipv4.ip_local_reserved_ports\`; v1.29: the TCP keepalive and \`tcp_fin_timeout\`
settings; v1.32: \`tcp_rmem\`/\`tcp_wmem\`; v1.37: \`tcp_slow_start_after_idle\`, \`tcp_notsent_lowat\`).

**Fix:** remove the sysctl, or have a node administrator set it on dedicated nodes.`,
    remediation: 'Remove sysctls outside the safe set from the pod securityContext.',
    references: ['https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    sysctls:\n      - name: kernel.msgmax\n        value: "65536"\n  containers:\n    - name: web\n      image: web:1\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.tcp_syncookies\n        value: "1"\n  containers:\n    - name: web\n      image: web:1\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    const safe = safeSysctls(policyMinor(ctx));
    for (const item of seqAt(pod.spec, 'securityContext', 'sysctls')?.items ?? []) {
      const name = pairOf(item, 'name');
      const value = name && isScalar(name.value) ? name.value.value : undefined;
      if (typeof value === 'string' && safe.has(value)) continue;
      ctx.report({ at: name ?? (item as never), message: `Sysctl ${JSON.stringify(value ?? '')} is not in the safe set for this policy version.` });
    }
  },
});
