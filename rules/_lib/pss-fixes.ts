import type { FixSpec, RuleContext } from '../../server/src/engine/rule';
import type { Desired } from '../../server/src/engine/yaml/edit';
import type { SecuritySite } from './pss';

// Quick fixes shared by the PSS rules. Each merges into what is there (format-preserving, via YamlEditor.ensure)
// and is offered only where the edit is unambiguous: never through a `securityContext: *alias` shared by others.

/** A fix that makes `site`'s securityContext contain `desired`; none when it would edit nothing. */
export function securityContextFix(ctx: RuleContext, site: SecuritySite, desired: { [key: string]: Desired }, title: string, safe: boolean): FixSpec[] {
  if (site.viaAlias) return [];
  const edits = ctx.edit.ensure(site.owner, { securityContext: desired });
  return edits.length ? [{ title, edits, safe }] : [];
}

export const DROP_ALL_TITLE = 'Drop ALL capabilities (a process that needs one, e.g. NET_BIND_SERVICE, must add it back)';
export const NO_ESCALATION_TITLE = 'Set allowPrivilegeEscalation: false (setuid binaries such as sudo stop gaining privileges)';
export const RUNTIME_DEFAULT_SECCOMP_TITLE = 'Set pod seccompProfile type RuntimeDefault (the runtime blocks rarely used syscalls)';
export const RUN_AS_NON_ROOT_TITLE = 'Set pod runAsNonRoot: true (an image that runs as root will fail to start)';
