// Small hand-written manifests shared by the audit tests.

export const DIGEST = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';

export const HARDENING = `        allowPrivilegeEscalation: false
        runAsNonRoot: true
        capabilities:
          drop: [ALL]
        seccompProfile:
          type: RuntimeDefault
        readOnlyRootFilesystem: true
`;

/** A hardened pod in namespace `ns`, pinned by digest, optionally privileged (line 18 then holds `privileged: true`); the
 * lines after it meet the hygiene rules (memory limit, own service account, no token automount). */
export function pod(name: string, ns: string, opts: { privileged?: boolean; image?: string } = {}): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  containers:
    - name: ${name}-c
      image: ${opts.image ?? `busybox:1.36@${DIGEST}`}
      securityContext:
${HARDENING}${opts.privileged ? '        privileged: true\n' : ''}      resources:
        limits:
          memory: 64Mi
  serviceAccountName: app
  automountServiceAccountToken: false
`;
}

export function networkPolicy(ns: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
}

/** The lines of Deployment `web` down to its pod spec's `spec:`, which the next two complete. */
const WEB_DEPLOYMENT_TO_POD_SPEC = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
`;

/**
 * Deployment `web` with one container `web` whose image is pinned by digest (line 10), and `containerLines` (indented
 * for the container's keys, ten spaces) after it: the base of the small Kustomize trees of the tests.
 */
export function webDeployment(containerLines = ''): string {
  return `${WEB_DEPLOYMENT_TO_POD_SPEC}      containers:
        - name: web
          image: registry.example.com/web:1.0@sha256:${'a'.repeat(64)}
${containerLines}`;
}

/** A strategic-merge patch of Deployment `web` that sets the pod's runAsNonRoot: true. */
export const WEB_NON_ROOT_PATCH = `${WEB_DEPLOYMENT_TO_POD_SPEC}      securityContext:
        runAsNonRoot: true
`;
