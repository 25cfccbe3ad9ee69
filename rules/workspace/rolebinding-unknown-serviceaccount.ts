import { defineWorkspaceRule } from '../../server/src/engine/workspace/rule';

const BINDINGS = new Set(['RoleBinding', 'ClusterRoleBinding']);

export default defineWorkspaceRule({
  meta: {
    id: 'workspace/rolebinding-unknown-serviceaccount',
    title: 'Binding to a ServiceAccount no manifest defines',
    severity: 'info',
    category: 'cluster-config',
    docs: `A RoleBinding or ClusterRoleBinding grants a role to a ServiceAccount that none of the audited manifests creates.
Either the account is made elsewhere (fine, but worth knowing), or the binding is left over: if someone later creates an
account with that name, it silently receives the role's permissions.
The \`default\` account and accounts in \`kube-*\` namespaces exist in every cluster and are not reported.`,
    remediation: 'Define the ServiceAccount next to the binding, or remove the subject if nothing uses it.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects'],
  },
  check(objects, report) {
    const defined = new Set<string>();
    const anyNamespace = new Set<string>();
    for (const o of objects) {
      if (o.kind !== 'ServiceAccount' || !o.name) continue;
      if (o.namespace) defined.add(`${o.namespace}/${o.name}`);
      else anyNamespace.add(o.name);
    }
    for (const binding of objects) {
      if (!BINDINGS.has(binding.kind)) continue;
      for (const subject of binding.subjects) {
        if (subject.kind !== 'ServiceAccount' || subject.name === 'default') continue;
        const ns = subject.namespace ?? binding.namespace;
        if (ns?.startsWith('kube-')) continue;
        if (anyNamespace.has(subject.name) || (ns !== undefined && defined.has(`${ns}/${subject.name}`))) continue;
        if (ns === undefined && [...defined].some((key) => key.endsWith(`/${subject.name}`))) continue;
        const where = ns ? `${ns}/${subject.name}` : subject.name;
        report({ path: binding.path, at: subject.at, message: `${binding.kind}${binding.name ? ` "${binding.name}"` : ''} binds ServiceAccount "${where}", which no audited manifest defines.` });
      }
    }
  },
});
