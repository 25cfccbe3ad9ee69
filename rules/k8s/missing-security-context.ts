import { isMap } from 'yaml';
import { defineK8sRule } from '../../server/src/engine/rule';
import { containersOf, describeContainer, podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { pairOf, valueOf } from '../../server/src/engine/yaml/nodes';
import { HARDENED_CONTAINER_SECURITY_CONTEXT } from '../_lib/hardening';

/** Nothing set: the key is absent, null, or an empty map. (An alias counts as set: it names a shared context.) */
function hasNoSecurityContext(owner: unknown): boolean {
  const pair = pairOf(owner, 'securityContext');
  if (!pair || pair.value === null) return true;
  const value = valueOf(owner, 'securityContext');
  if (value === undefined) return false;
  return isMap(value) ? value.items.length === 0 : (value as { value?: unknown }).value === null;
}

// The individual settings are the Pod Security rules' business (k8s/allow-privilege-escalation,
// k8s/capabilities-restricted, k8s/run-as-non-root, k8s/seccomp-profile-restricted…). This rule covers the case
// none of them can fix in one go: a container with no securityContext at all, and offers the whole hardened block.
export default defineK8sRule({
  meta: {
    id: 'k8s/missing-security-context',
    title: 'Container without any securityContext',
    severity: 'warning',
    category: 'cluster-config',
    docs: `Neither this container nor its pod sets a \`securityContext\`, so the container gets the runtime's defaults: it
may run as root, gain privileges through setuid binaries, keep the default Linux capabilities, run without a seccomp
filter and write to its root filesystem. Each of these widens what an attacker can do after exploiting the application.

**Fix:** set, at the container level:
\`\`\`yaml
securityContext:
  allowPrivilegeEscalation: false
  runAsNonRoot: true
  capabilities:
    drop: [ALL]
  seccompProfile:
    type: RuntimeDefault
  readOnlyRootFilesystem: true
\`\`\`
The image must then run as a non-root user and write only to mounted volumes.`,
    remediation: 'Add a securityContext that drops all capabilities, forbids privilege escalation and root, and sets a seccomp profile.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
    fixable: true,
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod || !hasNoSecurityContext(pod.spec)) return;
    for (const container of containersOf(pod)) {
      if (!hasNoSecurityContext(container.node)) continue;
      const securityContext = pairOf(container.node, 'securityContext');
      const name = pairOf(container.node, 'name');
      ctx.report({
        at: securityContext?.key ?? name?.key ?? container.node,
        message: `${describeContainer(container)} has no securityContext, and neither has its pod.`,
        fixes: [
          {
            // The title warns: a root-only image will stop starting, and writes to / will fail.
            title: 'Add hardened securityContext (image must run as non-root with a read-only root filesystem)',
            edits: ctx.edit.ensure(container.node, { securityContext: HARDENED_CONTAINER_SECURITY_CONTEXT }),
            safe: false,
          },
        ],
      });
    }
  },
});
