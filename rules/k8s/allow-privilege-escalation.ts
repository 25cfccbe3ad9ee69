import { podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { containerSites, isWindowsPod, missingFieldAnchor, pairAt, policyMinor } from '../_lib/pss';
import { NO_ESCALATION_TITLE, securityContextFix } from '../_lib/pss-fixes';

export default defineK8sRule({
  meta: {
    id: 'k8s/allow-privilege-escalation',
    title: 'Privilege escalation not disabled',
    severity: 'warning',
    category: 'cluster-config',
    pss: { level: 'restricted', check: 'allowPrivilegeEscalation' },
    docs: `Unless \`allowPrivilegeEscalation\` is \`false\`, a process in the container can gain more privileges than its
parent, through setuid/setgid binaries or file capabilities: a non-root process can become root inside the container.
Kubernetes leaves it allowed by default, so the restricted level requires every container to set it to \`false\`
explicitly (from policy v1.8; Windows pods are exempt from v1.25).

**Fix:** \`securityContext.allowPrivilegeEscalation: false\` on every container, init and ephemeral containers included.`,
    remediation: 'Set securityContext.allowPrivilegeEscalation to false on every container.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        allowPrivilegeEscalation: false\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod || (policyMinor(ctx) >= 25 && isWindowsPod(pod))) return;
    for (const site of containerSites(pod)) {
      const pair = pairAt(site.context, ['allowPrivilegeEscalation']);
      const value = (pair?.value as { value?: unknown } | null | undefined)?.value;
      if (value === false) continue;
      const set = pair && value !== null && value !== undefined;
      ctx.report({
        at: site.viaAlias ?? (set ? pair : missingFieldAnchor(site, ['allowPrivilegeEscalation'])),
        message: set
          ? `${site.label} sets allowPrivilegeEscalation: ${String(value)}; it must be false.`
          : `${site.label} must set securityContext.allowPrivilegeEscalation: false (it is allowed by default).`,
        fixes: securityContextFix(ctx, site, { allowPrivilegeEscalation: false }, NO_ESCALATION_TITLE, true),
      });
    }
  },
});
