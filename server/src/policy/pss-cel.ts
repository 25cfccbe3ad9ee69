// The Pod Security Standards checks (newest policy version) as CEL, for admission policies that enforce in the
// cluster what kubeward reports in the editor. Each expression is true when the pod is allowed. They read the
// variables defined in POD_VARIABLES, so one expression covers Pods and every workload's pod template.

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
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem', 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat',
];
const VOLUME_SOURCES = ['name', 'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const SECCOMP_OK = list(['RuntimeDefault', 'Localhost']);

const seLinuxOk = (root: string) =>
  `(${unsetOr(root, 'seLinuxOptions.type', `$ in ${list(SELINUX_TYPES)}`)}) && (${unsetOr(root, 'seLinuxOptions.user', "$ == ''")}) && (${unsetOr(root, 'seLinuxOptions.role', "$ == ''")})`;
const noHost = (root: string) => ['httpGet', 'tcpSocket'].map((h) => `(${unsetOr(root, `${h}.host`, "$ == ''")})`).join(' && ');
const procMountDefault = allContainers(unsetOr('c', 'securityContext.procMount', "$ == 'Default'"));

export interface PssCel {
  check: string;
  /** What the admission message says when the expression is false. */
  message: string;
  expression: string;
}

export const PSS_CEL: readonly PssCel[] = [
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
  { check: 'procMount', message: 'procMount must be Default', expression: `variables.hostUsersFalse || ${procMountDefault}` },
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
  { check: 'seLinuxOptions', message: 'forbidden seLinuxOptions', expression: `(${seLinuxOk('variables.psc')}) && ${allContainers(`!has(c.securityContext) || (${seLinuxOk('c.securityContext')})`)}` },
  {
    check: 'seccompProfile_baseline',
    message: 'seccompProfile must be RuntimeDefault or Localhost',
    expression: `(${unsetOr('variables.psc', 'seccompProfile.type', `$ in ${SECCOMP_OK}`)}) && ${allContainers(unsetOr('c', 'securityContext.seccompProfile.type', `$ in ${SECCOMP_OK}`))}`,
  },
  { check: 'sysctls', message: 'forbidden sysctls', expression: unsetOr('variables.psc', 'sysctls', `$.all(s, s.name in ${list(SYSCTLS)})`) },
  {
    check: 'windowsHostProcess',
    message: 'Windows hostProcess is not allowed',
    expression: `(${unsetOr('variables.psc', 'windowsOptions.hostProcess', '$ == false')}) && ${allContainers(unsetOr('c', 'securityContext.windowsOptions.hostProcess', '$ == false'))}`,
  },
  {
    check: 'allowPrivilegeEscalation',
    message: 'containers must set securityContext.allowPrivilegeEscalation=false',
    expression: `variables.windows || ${allContainers(`${set('c', 'securityContext.allowPrivilegeEscalation')} && c.securityContext.allowPrivilegeEscalation == false`)}`,
  },
  {
    check: 'capabilities_restricted',
    message: 'containers must drop ALL capabilities and add only NET_BIND_SERVICE',
    expression: `variables.windows || ${allContainers(`${set('c', 'securityContext.capabilities.drop')} && 'ALL' in c.securityContext.capabilities.drop && (${unsetOr('c', 'securityContext.capabilities.add', "$.all(a, a == 'NET_BIND_SERVICE')")})`)}`,
  },
  { check: 'restrictedVolumes', message: 'restricted volume types only', expression: unsetOr('variables.spec', 'volumes', `$.all(v, v.all(k, k in ${list(VOLUME_SOURCES)}))`) },
  {
    check: 'runAsNonRoot',
    message: 'pod or containers must set runAsNonRoot=true',
    expression: `variables.hostUsersFalse || (!(${set('variables.psc', 'runAsNonRoot')} && variables.psc.runAsNonRoot == false) && ${allContainers(
      `${set('c', 'securityContext.runAsNonRoot')} ? c.securityContext.runAsNonRoot == true : (${set('variables.psc', 'runAsNonRoot')} && variables.psc.runAsNonRoot == true)`,
    )})`,
  },
  {
    check: 'runAsUser',
    message: 'runAsUser=0 is not allowed',
    expression: `variables.hostUsersFalse || ((${unsetOr('variables.psc', 'runAsUser', '$ != 0')}) && ${allContainers(unsetOr('c', 'securityContext.runAsUser', '$ != 0'))})`,
  },
  {
    check: 'seccompProfile_restricted',
    message: 'seccompProfile must be RuntimeDefault or Localhost, on the pod or every container',
    expression: `variables.windows || ((${unsetOr('variables.psc', 'seccompProfile.type', `$ in ${SECCOMP_OK}`)}) && ${allContainers(
      `${set('c', 'securityContext.seccompProfile.type')} ? c.securityContext.seccompProfile.type in ${SECCOMP_OK} : (${set('variables.psc', 'seccompProfile.type')} && variables.psc.seccompProfile.type in ${SECCOMP_OK})`,
    )})`,
  },
];

/** Baseline checks that a restricted check replaces at the newest policy version. */
export const OVERRIDDEN_IN_RESTRICTED: Readonly<Record<string, string>> = {
  capabilities_baseline: 'capabilities_restricted',
  hostPathVolumes: 'restrictedVolumes',
  procMount: 'procMount_restricted',
  seccompProfile_baseline: 'seccompProfile_restricted',
};
