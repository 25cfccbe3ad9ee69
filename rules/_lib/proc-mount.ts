import type { FieldCheck } from './pss';

export const PROC_MOUNT_DOCS = `The container runtime masks and makes read-only parts of \`/proc\` (\`/proc/kcore\`, \`/proc/sys\`, \`/proc/sysrq-trigger\`…)
that expose or change the node's kernel. \`procMount: Unmasked\` removes that protection; only \`Default\` (or leaving
the field out) is allowed.

**Fix:** remove \`securityContext.procMount\` or set it to \`Default\`.`;

/** Containers' procMount must be unset or Default. */
export function procMountCheck(shown: (v: unknown) => string): FieldCheck {
  return {
    path: ['procMount'],
    sites: 'containers',
    allowed: (value) => value === 'Default',
    message: (where, value) => `${where} sets procMount ${shown(value)}; only Default is allowed.`,
  };
}
