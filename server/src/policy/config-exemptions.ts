// Config `ignore` entries (accepted findings in .kubeward.yaml) on the admission side. An entry narrowed only by
// namespace names becomes a namespace exclusion of its rules' policies; one not narrowed at all leaves its rules out.
// Admission sees no file paths, and matching kinds, names or containers is not translated: those entries are listed.
import { baseName } from '../engine/file-kind';
import { ignoresRule } from '../engine/suppress/config-ignores';
import type { ConfigIgnore } from '../engine/types';

export interface NamespaceExemption {
  namespace: string;
  /** The entry's reason and where it is written, for the policy's comment. */
  why: string;
}

export interface ConfigExemptions {
  /** Namespaces a rule's policy leaves alone. */
  namespaces(ruleId: string): NamespaceExemption[];
  /** The reason a rule is ignored everywhere, if an entry does that. */
  everywhere(ruleId: string): string | undefined;
  /** Entries with no admission counterpart, and why. */
  unmapped: { entry: string; why: string }[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const where = (i: ConfigIgnore) => `${baseName(i.source.path)}: ${i.reason}`;

function unmappedBecause(i: ConfigIgnore): string | undefined {
  if (i.paths) return 'narrowed by file paths, which admission does not see';
  if (i.containers) return 'narrowed to containers (a policy judges the whole object)';
  if (i.kinds || i.names) return 'narrowed by kind or name: not translated to admission yet';
  if (i.namespaces && !i.namespaces.every((n) => DNS_LABEL.test(n))) return 'namespace patterns with wildcards: not translated to admission yet';
  return undefined;
}

export function configExemptions(ignores: readonly ConfigIgnore[] = []): ConfigExemptions {
  const mapped = ignores.filter((i) => !unmappedBecause(i));
  return {
    namespaces: (ruleId) => mapped.filter((i) => i.namespaces && ignoresRule(i, ruleId)).flatMap((i) => i.namespaces!.map((namespace) => ({ namespace, why: where(i) }))),
    everywhere: (ruleId) => {
      const entry = mapped.find((i) => !i.namespaces && ignoresRule(i, ruleId));
      return entry && where(entry);
    },
    unmapped: ignores.flatMap((i) => {
      const why = unmappedBecause(i);
      return why ? [{ entry: `${where(i)} (rules ${i.rules.join(', ')})`, why }] : [];
    }),
  };
}
