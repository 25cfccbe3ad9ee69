import { containersOf, describeContainer, podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { mapAt, pairOf } from '../../server/src/engine/yaml/nodes';
import { lookup } from '../_lib/lookup';

export default defineK8sRule({
  meta: {
    id: 'k8s/resource-limits-missing',
    title: 'Container without a memory limit',
    severity: 'warning',
    category: 'cluster-config',
    docs: `Without \`resources.limits.memory\`, one container can take all the memory of its node: a leak, a traffic spike or an
attacker's allocation loop makes the kernel kill other pods, including system daemons (a noisy-neighbour denial of
service). A namespace \`LimitRange\` can supply a default, but the manifest alone does not show it.

**Fix:** set a memory limit sized from observed usage, usually with an equal memory request:
\`\`\`yaml
resources:
  requests: {memory: 256Mi, cpu: 100m}
  limits: {memory: 256Mi}
\`\`\`
CPU limits are **not** required by default: they throttle bursts even on idle nodes, and many teams rely on CPU requests
alone. Set the rule option \`requireCpuLimit: true\` to also report a missing \`limits.cpu\`. Ephemeral debug containers cannot set resources and
are not reported.`,
    remediation: 'Set resources.limits.memory on every container (and limits.cpu when your policy requires it).',
    references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      resources:\n        requests: {memory: 128Mi}\n',
      good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      resources:\n        limits: {memory: 128Mi}\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    const wanted = ctx.settings.rules['k8s/resource-limits-missing']?.options?.requireCpuLimit === true ? ['memory', 'cpu'] : ['memory'];
    for (const container of containersOf(pod, ['containers', 'initContainers'])) {
      const missing = wanted.filter((r) => lookup(object.source.doc, container.node, 'resources', 'limits', r) == null);
      if (!missing.length) continue;
      const resources = pairOf(container.node, 'resources');
      const at = pairOf(mapAt(container.node, 'resources'), 'limits')?.key ?? resources?.key ?? pairOf(container.node, 'name')?.key ?? container.node;
      const what = missing.map((r) => (r === 'cpu' ? 'CPU' : r)).join(' and ');
      ctx.report({ at, message: `${describeContainer(container)} has no ${what} limit${missing.length > 1 ? 's' : ''}: it can use all of its node's ${what}.` });
    }
  },
});
