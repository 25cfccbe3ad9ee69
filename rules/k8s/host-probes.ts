import { containersOf, describeContainer, podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { scalarOf } from '../../server/src/engine/yaml/nodes';
import { pairAt } from '../_lib/pss';

/** Where a container names a host to probe or call: probes and lifecycle handlers, each by HTTP or TCP. */
const HANDLERS = [['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop']];
const ACTIONS = ['httpGet', 'tcpSocket'];

export default defineK8sRule({
  meta: {
    id: 'k8s/host-probes',
    title: 'Probe or lifecycle hook targets another host',
    severity: 'error',
    category: 'exposure',
    pss: { level: 'baseline', check: 'hostProbesAndHostLifecycle' },
    docs: `Probes and lifecycle hooks are run by the kubelet, from the node. A \`host\` in their \`httpGet\` or \`tcpSocket\`
makes the kubelet connect wherever the manifest says, including node-local services on 127.0.0.1 or internal
addresses the pod itself could not reach: a server-side request forgery by the kubelet. Baseline (from policy v1.34)
allows only an empty or absent \`host\`, which means the pod's own IP.

**Fix:** remove \`host\`; to probe through a name, use an \`httpHeaders\` Host header instead.`,
    remediation: 'Remove host from the probe or lifecycle handler so it targets the pod itself.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n      livenessProbe:\n        httpGet:\n          host: 169.254.169.254\n          port: 80\n',
      good: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      image: web:1\n      livenessProbe:\n        httpGet:\n          port: 8080\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    for (const container of containersOf(pod)) {
      for (const handler of HANDLERS) {
        for (const action of ACTIONS) {
          const pair = pairAt(container.node, [...handler, action, 'host']);
          const host = scalarOf(pairAt(container.node, [...handler, action])?.value, 'host');
          if (!pair || host === '' || host === null || host === undefined) continue;
          ctx.report({ at: pair, message: `${describeContainer(container)} ${handler.join('.')} ${action} targets host ${JSON.stringify(host)}; probes and hooks may only target the pod.` });
        }
      }
    }
  },
});
