import { isScalar } from 'yaml';
import { defineK8sRule } from '../../server/src/engine/rule';
import { containersOf, describeContainer, podSpecOf, type ContainerView } from '../../server/src/engine/k8s/pod-spec';
import { mapAt, pairOf, scalarOf, seqAt } from '../../server/src/engine/yaml/nodes';
import { HARDENED_CONTAINER_SECURITY_CONTEXT } from '../_lib/hardening';

/** Settings the container lacks (taking the pod-level securityContext into account where Kubernetes inherits it). */
function missingHardening(container: ContainerView): string[] {
  const own = mapAt(container.node, 'securityContext');
  const pod = mapAt(container.pod.spec, 'securityContext');
  const missing: string[] = [];
  if (scalarOf(own, 'allowPrivilegeEscalation') !== false) missing.push('allowPrivilegeEscalation: false');
  if ((scalarOf(own, 'runAsNonRoot') ?? scalarOf(pod, 'runAsNonRoot')) !== true) missing.push('runAsNonRoot: true');
  const drop = seqAt(own, 'capabilities', 'drop')?.items.map((n) => (isScalar(n) ? n.value : undefined)) ?? [];
  if (!drop.includes('ALL')) missing.push('capabilities.drop: [ALL]');
  const seccomp = mapAt(own, 'seccompProfile') ?? mapAt(pod, 'seccompProfile');
  if (!['RuntimeDefault', 'Localhost'].includes(String(scalarOf(seccomp, 'type')))) missing.push('seccompProfile.type: RuntimeDefault');
  if (scalarOf(own, 'readOnlyRootFilesystem') !== true) missing.push('readOnlyRootFilesystem: true');
  return missing;
}

export default defineK8sRule({
  meta: {
    id: 'k8s/missing-security-context',
    title: 'Container without a hardened securityContext',
    severity: 'warning',
    category: 'cluster-config',
    docs: `Without an explicit \`securityContext\`, a container gets the runtime's defaults: it may run as root, gain privileges
through setuid binaries, keep the default Linux capabilities, run without a seccomp filter and write to its root filesystem.
Each of these widens what an attacker can do after exploiting the application.

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
    if (!pod) return;
    for (const container of containersOf(pod)) {
      const missing = missingHardening(container);
      if (!missing.length) continue;
      const securityContext = pairOf(container.node, 'securityContext');
      const name = pairOf(container.node, 'name');
      ctx.report({
        at: securityContext?.key ?? name?.key ?? container.node,
        message: `${describeContainer(container)} is not hardened: missing ${missing.join(', ')}.`,
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
