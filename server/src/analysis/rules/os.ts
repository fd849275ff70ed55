/**
 * What `spec.os` decides, as ValidatePodSpec checks it
 * (pkg/apis/core/validation/validation.go): the name (validateOS), the Linux
 * and Windows fields each OS refuses (validateLinux, validateWindows, and the
 * pod-level `resources` of validatePodResources), and Windows HostProcess
 * containers (validateWindowsHostProcessPod, which runs whatever `os` says).
 */
import type { FieldNode, PodSpecModel } from '../model';
import { bool, child, isSet, items } from '../model';
import { defineRule } from './rule';
import { forbidden, invalid, notSupported, required } from './fieldErrors';
import { at, atLeast, changeValueFix, goString, isMap, type Replacement } from './common';
import { VALUE_SETS, accepted, suggestion } from '../knowledge/values';
import { gateOn } from '../knowledge/features';
import { CONTAINERS, snippet } from './examples';

const FILE = 'pkg/apis/core/validation/validation.go';

/** The OS the pod declares when validateOS accepts it (validateLinux and validateWindows run only then). */
export function declaredOS(pod: PodSpecModel, version: string): 'linux' | 'windows' | undefined {
  const os = child(pod.field, 'os');
  if (!isMap(os)) return undefined;
  const name = goString(child(os, 'name'));
  return name === 'linux' || name === 'windows' ? (accepted(VALUE_SETS.podOS, version).includes(name) ? name : undefined) : undefined;
}

const podOS = defineRule<Replacement>({
  id: 'pod/os',
  severity: 'error',
  title: 'os.name must be linux or windows, and a linux pod has no Windows options',
  description:
    '`spec.os.name` declares the operating system the pod needs: `linux` or `windows` (lower case). With `linux`, Windows security options are refused (for Windows, see pod/windows-pod-field).',
  upstream: `validateOS, validateLinux, ${FILE}`,
  rejects: true,
  example: { invalid: snippet(`  os:\n    name: Linux\n${CONTAINERS}`), valid: snippet(`  os:\n    name: linux\n${CONTAINERS}`) },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    const os = child(ctx.pod.field, 'os');
    if (!isMap(os)) return;
    const nf = child(os, 'name');
    const name = goString(nf);
    if (name === undefined) return;
    if (name === '') {
      // Up to 1.33 the message adds "cannot be empty".
      ctx.report({ ...at(nf, os), ...required(`${os.path}.name`, atLeast(ctx.version, '1.34') ? undefined : 'cannot be empty') });
      return;
    }
    const values = accepted(VALUE_SETS.podOS, ctx.version);
    if (!values.includes(name)) {
      // Upstream reports it at the path of `os`, not of `os.name`.
      ctx.report({ field: nf!, on: 'value', ...notSupported(os.path, name, values), data: { replacement: suggestion(values, name) } });
      return;
    }
    if (name !== 'linux') return;
    const windowsOptions = (sc: FieldNode | undefined): FieldNode | undefined => {
      const w = child(isMap(sc) ? sc : undefined, 'windowsOptions');
      return isSet(w) ? w : undefined;
    };
    const podLevel = windowsOptions(child(ctx.pod.field, 'securityContext'));
    if (podLevel) ctx.report({ field: podLevel, on: 'key', ...forbidden(podLevel.path, 'windows options cannot be set for a linux pod') });
    for (const c of ctx.pod.containers) {
      const w = windowsOptions(child(c.field, 'securityContext'));
      if (w) ctx.report({ field: w, on: 'key', ...forbidden(w.path, 'windows options cannot be set for a linux pod') });
    }
  },
});

const WINDOWS = 'cannot be set for a windows pod';

/** Pod securityContext fields a Windows pod may not set, and the first release whose API has each. */
const POD_SC_FIELDS: readonly [string, string?][] = [
  ['appArmorProfile', '1.30'],
  ['seLinuxOptions'],
  ['seccompProfile'],
  ['fsGroup'],
  ['fsGroupChangePolicy'],
  ['sysctls'],
  ['runAsUser'],
  ['runAsGroup'],
  ['supplementalGroups'],
  ['supplementalGroupsPolicy', '1.31'],
  ['seLinuxChangePolicy', '1.32'],
];
/** Container securityContext fields a Windows pod may not set. */
const CONTAINER_SC_FIELDS: readonly [string, string?][] = [
  ['appArmorProfile', '1.30'],
  ['seLinuxOptions'],
  ['seccompProfile'],
  ['capabilities'],
  ['readOnlyRootFilesystem'],
  ['privileged'],
  ['allowPrivilegeEscalation'],
  ['procMount'],
  ['runAsUser'],
  ['runAsGroup'],
];

/** Fields the API server drops in this release before it validates (their gate is off by default). */
function dropped(key: string, version: string): boolean {
  if (key === 'supplementalGroupsPolicy') return !gateOn('SupplementalGroupsPolicy', version);
  if (key === 'seLinuxChangePolicy') return !gateOn('SELinuxChangePolicy', version);
  return false;
}

const windowsPodField = defineRule({
  id: 'pod/windows-pod-field',
  severity: 'error',
  title: 'A Windows pod (os.name: windows) cannot set Linux-only fields',
  description:
    "With `os.name: windows` the API server refuses what only Linux knows: in the pod's `securityContext` `seLinuxOptions`, `seccompProfile`, `appArmorProfile`, `fsGroup`, `fsGroupChangePolicy`, `sysctls`, `runAsUser`, `runAsGroup`, `supplementalGroups` (even empty), `supplementalGroupsPolicy` and `seLinuxChangePolicy`; `hostUsers`, `hostPID`, `hostIPC` and `shareProcessNamespace`; the pod-level `resources` (1.34+); and in each container's `securityContext` everything but `runAsNonRoot` and `windowsOptions`. Windows options go under `windowsOptions` (`runAsUserName`).",
  upstream: `validateWindows, validatePodResources, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  os:\n    name: windows\n${CONTAINERS}    securityContext:\n      runAsUser: 1000\n`),
    valid: snippet(`  os:\n    name: windows\n${CONTAINERS}    securityContext:\n      windowsOptions:\n        runAsUserName: ContainerUser\n`),
  },
  scope: 'pod',
  check: (ctx) => {
    const spec = ctx.pod.field;
    const isWindows = goString(child(child(spec, 'os'), 'name')) === 'windows';
    if (!isWindows) return;
    // validatePodResources: a Windows pod's pod-level resources are refused before anything else is checked there.
    const res = child(spec, 'resources');
    if (atLeast(ctx.version, '1.34') && isMap(res)) ctx.report({ field: res, on: 'key', ...forbidden(res.path, 'may not be set for a windows pod') });
    if (declaredOS(ctx.pod, ctx.version) !== 'windows') return;
    const knownIn = (since: string | undefined): boolean => !since || atLeast(ctx.version, since);
    const sc = child(spec, 'securityContext');
    if (isMap(sc)) {
      for (const [key, since] of POD_SC_FIELDS) {
        const f = child(sc, key);
        if (!isSet(f) || !knownIn(since) || dropped(key, ctx.version)) continue;
        // len(sysctls) > 0; supplementalGroups: any non-nil list, even empty.
        if (key === 'sysctls' && items(f).length === 0) continue;
        ctx.report({ field: f, on: 'key', ...forbidden(`${sc.path}.${key}`, WINDOWS) });
      }
    }
    const hu = child(spec, 'hostUsers');
    if (isSet(hu) && gateOn('UserNamespacesSupport', ctx.version)) ctx.report({ field: hu, on: 'key', ...forbidden(hu.path, WINDOWS) });
    for (const key of ['hostPID', 'hostIPC']) {
      const f = child(spec, key);
      if (bool(f) === true) ctx.report({ field: f!, on: 'key', ...forbidden(f!.path, WINDOWS) });
    }
    const spn = child(spec, 'shareProcessNamespace');
    if (isSet(spn)) ctx.report({ field: spn, on: 'key', ...forbidden(spn.path, WINDOWS) });
    for (const c of ctx.pod.containers) {
      const csc = child(c.field, 'securityContext');
      if (!isMap(csc)) continue;
      for (const [key, since] of CONTAINER_SC_FIELDS) {
        const f = child(csc, key);
        if (isSet(f) && knownIn(since)) ctx.report({ field: f, on: 'key', ...forbidden(f.path, WINDOWS) });
      }
    }
  },
});

const hostProcess = defineRule({
  id: 'pod/host-process',
  severity: 'error',
  title: 'Windows HostProcess containers: all or none, with hostNetwork, and the same value on pod and container',
  description:
    "A Windows HostProcess container (`securityContext.windowsOptions.hostProcess: true`, set on the container or inherited from the pod) runs directly on the node. If one container of the pod is a HostProcess container, every container (init and ephemeral ones included) must be, and the pod must set `hostNetwork: true`. A container may not set `hostProcess` to the opposite of the pod's value.",
  upstream: `validateWindowsHostProcessPod, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  securityContext:\n    windowsOptions:\n      hostProcess: true\n${CONTAINERS}`),
    valid: snippet(`  hostNetwork: true\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const spec = ctx.pod.field;
    const hp = (sc: FieldNode | undefined): FieldNode | undefined => {
      const w = child(isMap(sc) ? sc : undefined, 'windowsOptions');
      const f = child(isMap(w) ? w : undefined, 'hostProcess');
      return bool(f) === undefined ? undefined : f;
    };
    const podField = hp(child(spec, 'securityContext'));
    const podValue = bool(podField);
    let count = 0;
    let hostProcessCount = 0;
    for (const c of ctx.pod.containers) {
      count++;
      const f = hp(child(c.field, 'securityContext'));
      const v = bool(f);
      if (podValue !== undefined && v !== undefined && podValue !== v) {
        ctx.report({ field: f!, on: 'value', ...invalid(f!.path, v, `pod hostProcess value must be identical if both are specified, was ${podValue}`) });
      }
      if (v === true || (v === undefined && podValue === true)) hostProcessCount++;
    }
    if (hostProcessCount === 0) return;
    const anchor = podField ?? ctx.pod.containers.map((c) => hp(child(c.field, 'securityContext'))).find((f) => bool(f) === true)!;
    if (hostProcessCount !== count) {
      ctx.report({ field: anchor, on: 'key', ...invalid(ctx.pod.path, '', 'If pod contains any hostProcess containers then all containers must be HostProcess containers') });
    }
    const hn = child(spec, 'hostNetwork');
    if (bool(hn) !== true) ctx.report({ field: hn ?? anchor, on: 'key', ...invalid(`${ctx.pod.path}.hostNetwork`, false, 'hostNetwork must be true if pod contains any hostProcess containers') });
  },
});

export const osRules = [podOS, windowsPodField, hostProcess];
