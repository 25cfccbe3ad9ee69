import { defineRbacGrantRule } from '../_lib/rbac';

const example = (verbs: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [${verbs}]\n`;

export default defineRbacGrantRule({
  id: 'k8s/rbac-secrets-access',
  title: 'Role can read Secrets',
  severity: 'warning',
  category: 'cluster-config',
  docs: `Reading Secrets (\`get\`, \`list\`, \`watch\`) hands over every credential in their scope: service account tokens,
database passwords, TLS keys. \`list\` and \`watch\` return the secret *values*, not just names, so a role that "only lists"
secrets can read all of them. A ClusterRole bound cluster-wide reaches the tokens of highly privileged controllers.

**Fix:** grant access only to the secrets the workload needs, by name (\`resourceNames: [my-secret]\`, which only works
with \`get\`), or mount the secret into the pod instead of reading it through the API. Rules limited by \`resourceNames\`
are not reported; a \`*\` resource is reported by \`k8s/rbac-wildcard\`.`,
  remediation: 'Limit the rule to named secrets with resourceNames and get, or mount the secret instead.',
  references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets'],
  examples: { bad: example('get, list, watch'), good: example('get').replace('verbs:', 'resourceNames: [reader-token]\n    verbs:') },
  grant: {
    verbs: ['get', 'list', 'watch'],
    resources: ['secrets'],
    apiGroups: [''],
    exceptNamedResources: true,
    risk: 'it reads every secret value in its scope',
  },
});
