// The Pod Security Standards checks as CEL, for any policy version (the differences between versions follow
// ../shared/research/pss-checks.md, as the rules do), for admission policies that enforce in the cluster what kubeward
// reports in the editor. Each expression is true when the pod is allowed. They read the
// variables defined in POD_VARIABLES, so one expression covers Pods and every workload's pod template.

import { CONTAINER_SECCOMP_ANNOTATION_PREFIX, POD_SECCOMP_ANNOTATION } from '../../../rules/_lib/seccomp';
import { safeSysctls } from '../../../rules/k8s/unsafe-sysctls';
import { PSS_LATEST_MINOR } from '../engine/pss';

export interface CelVariable {
  name: string;
  expression: string;
}

/** Pod spec, pod metadata and every container kind, wherever the object keeps them. */
export const POD_VARIABLES: readonly CelVariable[] = [
  {
    name: 'template',
    // An object without its template (a partial object, never a valid workload) yields {}, not an evaluation error.
    expression:
      "object.kind == 'Pod' ? object : object.kind == 'CronJob' ? (has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) && has(object.spec.jobTemplate.spec.template) ? object.spec.jobTemplate.spec.template : {}) : object.kind == 'PodTemplate' ? (has(object.template) ? object.template : {}) : has(object.spec) && has(object.spec.template) ? object.spec.template : {}",
  },
  { name: 'spec', expression: 'has(variables.template.spec) ? variables.template.spec : {}' },
  { name: 'annotations', expression: 'has(variables.template.metadata) && has(variables.template.metadata.annotations) ? variables.template.metadata.annotations : {}' },
  { name: 'psc', expression: 'has(variables.spec.securityContext) ? variables.spec.securityContext : {}' },
  {
    name: 'containers',
    expression:
      '(has(variables.spec.initContainers) ? variables.spec.initContainers : []) + (has(variables.spec.containers) ? variables.spec.containers : []) + (has(variables.spec.ephemeralContainers) ? variables.spec.ephemeralContainers : [])',
  },
  { name: 'hostUsersFalse', expression: 'has(variables.spec.hostUsers) && variables.spec.hostUsers == false' },
  { name: 'windows', expression: "has(variables.spec.os) && has(variables.spec.os.name) && variables.spec.os.name == 'windows'" },
];

export const list = (values: readonly string[]) => `[${values.map((v) => `'${v}'`).join(', ')}]`;
/** `has()` down a dotted path: `set('c', 'securityContext.privileged')`. */
export const set = (root: string, path: string) => {
  const parts = path.split('.');
  return parts.map((_, i) => `has(${[root, ...parts.slice(0, i + 1)].join('.')})`).join(' && ');
};
/** The field is unset, or its value satisfies `ok` (written with `$` for the value). */
export const unsetOr = (root: string, path: string, ok: string) => `!(${set(root, path)}) || ${ok.replace(/\$/g, `${root}.${path}`)}`;
export const allContainers = (body: string) => `variables.containers.all(c, ${body})`;

const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
/** SELinux types allowed at a version: v1.31 adds container_engine_t. */
const seLinuxTypes = (minor: number) => ['', 'container_t', 'container_init_t', 'container_kvm_t', ...(minor >= 31 ? ['container_engine_t'] : [])];
const VOLUME_SOURCES = ['name', 'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const SECCOMP_OK = list(['RuntimeDefault', 'Localhost']);

const seLinuxOk = (root: string, minor: number) =>
  `(${unsetOr(root, 'seLinuxOptions.type', `$ in ${list(seLinuxTypes(minor))}`)}) && (${unsetOr(root, 'seLinuxOptions.user', "$ == ''")}) && (${unsetOr(root, 'seLinuxOptions.role', "$ == ''")})`;
const noHost = (root: string) => ['httpGet', 'tcpSocket'].map((h) => `(${unsetOr(root, `${h}.host`, "$ == ''")})`).join(' && ');
const procMountDefault = allContainers(unsetOr('c', 'securityContext.procMount', "$ == 'Default'"));
/** Before v1.19 the baseline seccomp check reads the alpha annotations (pod, and each named container's). */
const seccompAnnotationOk = (value: string) => `(${value} == 'runtime/default' || ${value} == 'docker/default' || ${value}.startsWith('localhost/'))`;
const seccompAnnotationsOk = [
  `(!('${POD_SECCOMP_ANNOTATION}' in variables.annotations) || ${seccompAnnotationOk(`variables.annotations['${POD_SECCOMP_ANNOTATION}']`)})`,
  allContainers(`!has(c.name) || !(('${CONTAINER_SECCOMP_ANNOTATION_PREFIX}' + c.name) in variables.annotations) || ${seccompAnnotationOk(`variables.annotations['${CONTAINER_SECCOMP_ANNOTATION_PREFIX}' + c.name]`)}`),
].join(' && ');

export interface PssCel {
  check: string;
  /** What the admission message says when the expression is false. */
  message: string;
  expression: string;
}

/** The checks at policy version v1.`minor` (every check; which ones a level evaluates is pssCheckActive's business). */
export function pssCel(minor: number = PSS_LATEST_MINOR): PssCel[] {
  /** From v1.35 some restricted checks allow anything in a user namespace (`hostUsers: false`); from v1.25 some exempt Windows pods. */
  const userNs = (expr: string) => (minor >= 35 ? `variables.hostUsersFalse || ${expr}` : expr);
  const windowsExempt = (expr: string) => (minor >= 25 ? `variables.windows || ${expr}` : expr);
  return [
    { check: 'privileged', message: 'privileged containers are not allowed', expression: allContainers(unsetOr('c', 'securityContext.privileged', '$ == false')) },
    {
      check: 'capabilities_baseline',
      message: 'non-default capabilities are not allowed',
      expression: allContainers(unsetOr('c', 'securityContext.capabilities.add', `$.all(a, a in ${list(BASELINE_CAPABILITIES)})`)),
    },
    {
      check: 'hostNamespaces',
      message: 'host namespaces (hostNetwork, hostPID, hostIPC) are not allowed',
      expression: ['hostNetwork', 'hostPID', 'hostIPC'].map((f) => `(${unsetOr('variables.spec', f, '$ == false')})`).join(' && '),
    },
    { check: 'hostPathVolumes', message: 'hostPath volumes are not allowed', expression: unsetOr('variables.spec', 'volumes', '$.all(v, !has(v.hostPath))') },
    { check: 'hostPorts', message: 'hostPort is not allowed', expression: allContainers(unsetOr('c', 'ports', '$.all(p, !has(p.hostPort) || p.hostPort == 0)')) },
    {
      check: 'hostProbesAndHostLifecycle',
      message: 'probe or lifecycle host is not allowed',
      expression: allContainers(
        [...['livenessProbe', 'readinessProbe', 'startupProbe'].map((p) => `(!has(c.${p}) || (${noHost(`c.${p}`)}))`), ...['postStart', 'preStop'].map((h) => `(!(${set('c', `lifecycle.${h}`)}) || (${noHost(`c.lifecycle.${h}`)}))`)].join(' && '),
      ),
    },
    { check: 'procMount', message: 'procMount must be Default', expression: userNs(procMountDefault) },
    { check: 'procMount_restricted', message: 'procMount must be Default', expression: procMountDefault },
    {
      check: 'appArmorProfile',
      message: 'forbidden AppArmor profile',
      expression: [
        `(${unsetOr('variables.psc', 'appArmorProfile.type', `$ in ${SECCOMP_OK}`)})`,
        allContainers(unsetOr('c', 'securityContext.appArmorProfile.type', `$ in ${SECCOMP_OK}`)),
        "variables.annotations.all(k, !k.startsWith('container.apparmor.security.beta.kubernetes.io/') || variables.annotations[k] == '' || variables.annotations[k] == 'runtime/default' || variables.annotations[k].startsWith('localhost/'))",
      ].join(' && '),
    },
    { check: 'seLinuxOptions', message: 'forbidden seLinuxOptions', expression: `(${seLinuxOk('variables.psc', minor)}) && ${allContainers(`!has(c.securityContext) || (${seLinuxOk('c.securityContext', minor)})`)}` },
    {
      check: 'seccompProfile_baseline',
      message: 'seccompProfile must be RuntimeDefault or Localhost',
      expression:
        minor >= 19
          ? `(${unsetOr('variables.psc', 'seccompProfile.type', `$ in ${SECCOMP_OK}`)}) && ${allContainers(unsetOr('c', 'securityContext.seccompProfile.type', `$ in ${SECCOMP_OK}`))}`
          : seccompAnnotationsOk,
    },
    { check: 'sysctls', message: 'forbidden sysctls', expression: unsetOr('variables.psc', 'sysctls', `$.all(s, s.name in ${list([...safeSysctls(minor)])})`) },
    {
      check: 'windowsHostProcess',
      message: 'Windows hostProcess is not allowed',
      expression: `(${unsetOr('variables.psc', 'windowsOptions.hostProcess', '$ == false')}) && ${allContainers(unsetOr('c', 'securityContext.windowsOptions.hostProcess', '$ == false'))}`,
    },
    {
      check: 'allowPrivilegeEscalation',
      message: 'containers must set securityContext.allowPrivilegeEscalation=false',
      expression: windowsExempt(allContainers(`${set('c', 'securityContext.allowPrivilegeEscalation')} && c.securityContext.allowPrivilegeEscalation == false`)),
    },
    {
      check: 'capabilities_restricted',
      message: 'containers must drop ALL capabilities and add only NET_BIND_SERVICE',
      expression: windowsExempt(
        allContainers(`${set('c', 'securityContext.capabilities.drop')} && 'ALL' in c.securityContext.capabilities.drop && (${unsetOr('c', 'securityContext.capabilities.add', "$.all(a, a == 'NET_BIND_SERVICE')")})`),
      ),
    },
    { check: 'restrictedVolumes', message: 'restricted volume types only', expression: unsetOr('variables.spec', 'volumes', `$.all(v, v.all(k, k in ${list(VOLUME_SOURCES)}))`) },
    {
      check: 'runAsNonRoot',
      message: 'pod or containers must set runAsNonRoot=true',
      expression: userNs(
        `(!(${set('variables.psc', 'runAsNonRoot')} && variables.psc.runAsNonRoot == false) && ${allContainers(
          `${set('c', 'securityContext.runAsNonRoot')} ? c.securityContext.runAsNonRoot == true : (${set('variables.psc', 'runAsNonRoot')} && variables.psc.runAsNonRoot == true)`,
        )})`,
      ),
    },
    {
      check: 'runAsUser',
      message: 'runAsUser=0 is not allowed',
      expression: userNs(`((${unsetOr('variables.psc', 'runAsUser', '$ != 0')}) && ${allContainers(unsetOr('c', 'securityContext.runAsUser', '$ != 0'))})`),
    },
    {
      check: 'seccompProfile_restricted',
      message: 'seccompProfile must be RuntimeDefault or Localhost, on the pod or every container',
      expression: windowsExempt(
        `((${unsetOr('variables.psc', 'seccompProfile.type', `$ in ${SECCOMP_OK}`)}) && ${allContainers(
          `${set('c', 'securityContext.seccompProfile.type')} ? c.securityContext.seccompProfile.type in ${SECCOMP_OK} : (${set('variables.psc', 'seccompProfile.type')} && variables.psc.seccompProfile.type in ${SECCOMP_OK})`,
        )})`,
      ),
    },
  ];
}

/** The checks at the newest policy version. */
export const PSS_CEL: readonly PssCel[] = pssCel();
