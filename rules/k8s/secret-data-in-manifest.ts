import { isMap, isScalar } from 'yaml';
import { defineK8sRule } from '../../server/src/engine/rule';
import { pairOf } from '../../server/src/engine/yaml/nodes';

/** Number of entries with a non-empty value. */
function filledEntries(map: unknown): number {
  if (!isMap(map)) return 0;
  return map.items.filter((p) => !isScalar(p.value) || (p.value.value !== null && String(p.value.value) !== '')).length;
}

export default defineK8sRule({
  meta: {
    id: 'k8s/secret-data-in-manifest',
    title: 'Secret values committed in the manifest',
    severity: 'warning',
    category: 'cluster-config',
    docs: `A \`Secret\` with \`data\` or \`stringData\` in a file keeps the credential next to the code: base64 in \`data\` is an
encoding, not encryption, so everyone with access to the repository, its forks, CI logs and backups can read it, and it
stays in Git history after deletion.

**Fix:** keep the file without values and create the Secret at deploy time, or commit an encrypted form instead:
Sealed Secrets, SOPS, or an External Secrets Operator \`ExternalSecret\` pointing at a vault. Then rotate the values that
were committed. Entries with empty values (placeholders) are not counted.

A Kustomize \`secretGenerator\` commits values the same way: each \`literals:\` item with a value is reported on the
kustomization, and so is each \`envs:\`/\`files:\` entry whose file is in the repository (exists and is not
gitignored; SOPS-encrypted files excepted), with the number of values it holds. A \`# kubeward-ignore\` comment, or
\`kubeward.io/ignore.k8s.secret-data-in-manifest\` in the generator's \`options.annotations\` (or
\`generatorOptions\`), suppresses them. \`configMapGenerator\` is not judged.`,
    remediation: 'Remove the values from the file; use Sealed Secrets, SOPS or an ExternalSecret, and rotate the exposed credentials.',
    references: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
    examples: {
      bad: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n',
      good: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ""\n',
    },
  },
  check(object, ctx) {
    if (object.kind !== 'Secret' || object.apiVersion !== 'v1') return;
    const name = object.name ? `Secret "${object.name}"` : 'Secret';
    for (const field of ['data', 'stringData']) {
      const pair = pairOf(object.node, field);
      const count = filledEntries(pair?.value);
      if (!pair || !count) continue;
      ctx.report({ at: pair.key, message: `${name} commits ${count} value${count === 1 ? '' : 's'} in ${field}: anyone with the file can read ${count === 1 ? 'it' : 'them'}.` });
    }
  },
});
