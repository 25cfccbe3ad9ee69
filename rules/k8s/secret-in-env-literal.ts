import { isMap, isScalar } from 'yaml';
import { containersOf, describeContainer, podSpecOf } from '../../server/src/engine/k8s/pod-spec';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf, seqAt } from '../../server/src/engine/yaml/nodes';
import { isNonSecretValue, isSensitiveName } from '../_lib/sensitive-names';

export default defineK8sRule({
  meta: {
    id: 'k8s/secret-in-env-literal',
    title: 'Credential written as a literal environment value',
    severity: 'error',
    category: 'cluster-config',
    docs: `An \`env\` entry named like a credential (\`DB_PASSWORD\`, \`API_TOKEN\`, \`AWS_SECRET_ACCESS_KEY\`, \`SIGNING_KEY\`…) with a
literal \`value\` puts the secret in the manifest: it lands in Git history, CI logs, \`kubectl get -o yaml\` output and the
\`last-applied-configuration\` annotation, readable by anyone who can read the workload (not only those who can read
Secrets).

Names that describe a secret rather than hold it (\`…_FILE\`, \`…_PATH\`, \`…_TTL\`) and values such as file paths or
\`$(VAR)\` references are not reported. The finding never repeats the value.

**Fix:** move the value into a Secret and reference it:
\`\`\`yaml
env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef: {name: db, key: password}
\`\`\`
Then rotate the credential: it has already been exposed.`,
    remediation: 'Move the value into a Secret, reference it with valueFrom.secretKeyRef, and rotate it.',
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables'],
    examples: {
      bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: shop/api:1.4\n      env:\n        - name: DB_PASSWORD\n          value: hunter2\n',
      good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: shop/api:1.4\n      env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n',
    },
  },
  check(object, ctx) {
    const pod = podSpecOf(object);
    if (!pod) return;
    for (const container of containersOf(pod)) {
      for (const entry of seqAt(container.node, 'env')?.items ?? []) {
        if (!isMap(entry)) continue;
        const name = pairOf(entry, 'name')?.value;
        const value = pairOf(entry, 'value')?.value;
        if (!isScalar(name) || typeof name.value !== 'string' || !isScalar(value) || typeof value.value !== 'string') continue;
        if (!isSensitiveName(name.value) || isNonSecretValue(value.value)) continue;
        ctx.report({ at: value, message: `${describeContainer(container)} sets ${name.value} to a literal value: the credential is stored in the manifest.` });
      }
    }
  },
});
