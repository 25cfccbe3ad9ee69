import { defineApiVersionRule } from '../_lib/api-versions';

export default defineApiVersionRule(
  {
    id: 'k8s/deprecated-api-version',
    title: 'apiVersion deprecated in the target Kubernetes version',
    severity: 'warning',
    category: 'patching',
    docs: `The target release (the \`kubernetesVersion\` setting, default 1.33) still serves this apiVersion for this kind but
marks it deprecated: the API server answers with a warning, and a later release removes it (the message says which, when
it is scheduled). Migrating before the upgrade keeps cluster patching from being blocked by manifests.

**Fix:** move to the replacement apiVersion. The quick fix rewrites the apiVersion when the replacement is a pure rename
for the kind; otherwise migrate the fields by hand.`,
    remediation: 'Change the apiVersion to the replacement named in the message before upgrading.',
    references: ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/'],
    fixable: true,
    examples: {
      bad: 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: legacy\n',
      good: 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: legacy\naddressType: IPv4\nendpoints: []\n',
    },
  },
  'deprecated',
);
