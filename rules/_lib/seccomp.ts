/** seccompProfile types Pod Security accepts (baseline forbids the others; restricted requires one of these). */
export const VALID_SECCOMP_TYPES: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);

/** Values of the pre-v1.19 alpha annotations that baseline accepts. */
export function validSeccompAnnotation(value: unknown): boolean {
  return typeof value === 'string' && (value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/'));
}

export const POD_SECCOMP_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const CONTAINER_SECCOMP_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
