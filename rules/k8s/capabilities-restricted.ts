import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { capabilityList, removeAddedCapabilityFix } from '../_lib/capabilities';
import { containerSites, isWindowsPod, missingFieldAnchor, pairAt, policyMinor } from '../_lib/pss';
import { DROP_ALL_TITLE, securityContextFix } from '../_lib/pss-fixes';

export default defineK8sRule({
  meta: {
    id: 'k8s/capabilities-restricted',
    title: 'Capabilities not dropped',
    severity: 'warning',
    category: 'cluster-config',
    pss: { level: 'restricted', check: 'capabilities_restricted' },
    docs: `Even the runtime's default capabilities (\`CHOWN\`, \`DAC_OVERRIDE\`, \`SETUID\`, \`NET_RAW\` on some runtimes…) are
more than most applications use, and each one is a tool for an attacker inside the container. The restricted level
requires every container to drop \`ALL\` capabilities (listing them one by one does not count) and to add back at most
\`NET_BIND_SERVICE\`. Windows pods (\`spec.os.name: windows\`) are exempt from v1.25.

**Fix:** \`securityContext.capabilities.drop: [ALL]\`, and \`add: [NET_BIND_SERVICE]\` only if the process binds a port below 1024.`,
    remediation: 'Set securityContext.capabilities.drop to [ALL] and add back nothing but NET_BIND_SERVICE.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        capabilities:\n          drop: [NET_RAW]\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        capabilities:\n          drop: [ALL]\n          add: [NET_BIND_SERVICE]\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod || (policyMinor(ctx) >= 25 && isWindowsPod(pod))) return;
    for (const site of containerSites(pod)) {
      const drop = capabilityList(site, 'drop');
      if (!drop?.items.some((i) => i.name === 'ALL')) {
        const dropPair = pairAt(site.context, ['capabilities', 'drop']);
        ctx.report({
          at: site.viaAlias ?? dropPair?.key ?? missingFieldAnchor(site, ['capabilities', 'drop']),
          message: `${site.label} must drop ALL capabilities (securityContext.capabilities.drop: [ALL]).`,
          fixes: securityContextFix(ctx, site, { capabilities: { drop: ['ALL'] } }, DROP_ALL_TITLE, true),
        });
      }
      const add = capabilityList(site, 'add');
      for (const { node, name } of add?.items ?? []) {
        if (name === 'NET_BIND_SERVICE') continue;
        ctx.report({
          at: site.viaAlias ?? node,
          message: `${site.label} adds capability ${String(name)}; the restricted level allows adding only NET_BIND_SERVICE.`,
          fixes: removeAddedCapabilityFix(ctx, site, add!.seq, node, String(name)),
        });
      }
    }
  },
});
