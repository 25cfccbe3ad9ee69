import { deleteLines, deleteWord } from '../../server/src/engine/dockerfile/edits';
import { defineDockerfileInstructionRule } from '../../server/src/engine/rule';

const SSH = /^22(?:\/tcp)?$/i;

export default defineDockerfileInstructionRule({
  meta: {
    id: 'docker/no-ssh-port',
    title: 'SSH port exposed',
    severity: 'warning',
    category: 'exposure',
    docs: `\`EXPOSE 22\` announces an SSH server in the container. An SSH daemon is extra attack surface with its own
credentials to manage, and it bypasses the orchestrator's access control and audit (\`kubectl exec\`/\`docker exec\`
already give a shell to those allowed to have one).

**Fix:** remove the SSH server and \`EXPOSE 22\`; use \`kubectl exec\` or an ephemeral debug container.`,
    remediation: 'Remove the SSH server and the EXPOSE 22 instruction.',
    references: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container'],
    fixable: true,
    examples: {
      bad: 'FROM debian:12\nEXPOSE 22 8080\n',
      good: 'FROM debian:12\nEXPOSE 8080\n',
    },
  },
  keywords: ['EXPOSE'],
  checkInstruction(expose, view, ctx) {
    if (expose.onbuild) return;
    for (const port of expose.args) {
      if (!SSH.test(port.value)) continue;
      const edit = expose.args.length === 1 ? deleteLines(view.text, expose.span) : deleteWord(view.text, port);
      ctx.report({ at: port, message: 'Port 22 (SSH) is exposed: an SSH server in a container is avoidable attack surface.', fixes: [{ title: expose.args.length === 1 ? 'Remove EXPOSE 22' : 'Remove port 22 from EXPOSE', safe: true, edits: [edit] }] });
    }
  },
});
