import { flagsHelp } from './flags';

export function helpText(): string {
  return `kubeward — security checks for Kubernetes manifests and Dockerfiles

Usage:
  kubeward audit [options] [PATH…]   analyse files and folders (default: .); "-" reads standard input
  kubeward pin [--registry-lookup] PATH…   pin images to digests in place (kubeward pin --help)
  kubeward export-policy --format vap|kyverno|gatekeeper -o DIR   admission policies (kubeward export-policy --help)
  kubeward --help

Options:
${flagsHelp()}

Folders are walked honouring .gitignore and skipping node_modules, .git and vendor trees.
Paths in reports are relative to the current directory. A progress line is shown on a terminal only.

Exit codes: 0 no findings at or above --fail-on; 1 there are some; 2 usage or configuration error.

Examples:
  kubeward audit k8s/
  kubeward audit --format sarif --output kubeward.sarif .
  kubeward audit --fail-on error deploy.yaml Dockerfile
  kubeward audit --baseline kubeward.sarif --format markdown --output new-issues.md
  kubeward audit --fix k8s/
  kubeward audit --profile pss-baseline --pss-version v1.29 k8s/
  helm template ./chart | kubeward audit -
  cat Dockerfile | kubeward audit --stdin-filename Dockerfile -
`;
}
