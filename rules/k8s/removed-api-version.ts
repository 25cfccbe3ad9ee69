import { defineApiVersionRule } from '../_lib/api-versions';

export default defineApiVersionRule(
  {
    id: 'k8s/removed-api-version',
    title: 'apiVersion removed in the target Kubernetes version',
    severity: 'error',
    category: 'patching',
    docs: `The API server of the target release (the \`kubernetesVersion\` setting, default 1.33) no longer serves this
apiVersion for this kind: \`kubectl apply\` fails with "no matches for kind", and Helm or GitOps tools stop syncing. Teams
often hold clusters back on unpatched releases because of such manifests, which keeps known vulnerabilities open.

The message names the replacement and the release that removed the old version (from a table covering Kubernetes
1.16–1.33).

**Fix:** move to the replacement apiVersion. When the replacement accepts the same fields for the kind (for example
\`rbac.authorization.k8s.io/v1beta1\` → \`v1\`, \`batch/v1beta1\` CronJob → \`batch/v1\`), the quick fix rewrites the
apiVersion; otherwise the fields must be migrated by hand (\`kubectl convert\` helps).`,
    remediation: 'Change the apiVersion to the replacement named in the message, migrating fields where the schema changed.',
    references: ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/'],
    fixable: true,
    examples: {
      bad: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: report\n',
      good: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\n',
    },
  },
  'removed',
);
