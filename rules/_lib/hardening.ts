import type { Desired } from '../../server/src/engine/yaml/edit';

/** The container securityContext kubeward's hardening fix writes (Pod Security Standards "restricted"). */
export const HARDENED_CONTAINER_SECURITY_CONTEXT: { [key: string]: Desired } = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
  readOnlyRootFilesystem: true,
};
