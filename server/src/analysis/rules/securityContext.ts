/**
 * Security contexts, as the API server checks them on create
 * (pkg/apis/core/validation/validation.go): the pod's securityContext
 * (validatePodSpecSecurityContext: user and group IDs, sysctls, fsGroup,
 * supplemental groups and SELinux change policies, seccomp, AppArmor and
 * Windows options), each container's (ValidateSecurityContext: IDs, procMount,
 * profiles, privilege escalation), `hostUsers: false` with host namespaces
 * (validateHostUsers), and the deprecated seccomp and AppArmor annotations
 * with their consistency with the fields (ValidatePodSpecificAnnotations,
 * validateSeccompAnnotationsAndFields, validateAppArmorAnnotationsAndFieldsMatchOnCreate).
 * What depends on `spec.os` is in os.ts.
 *
 * Feature gates decide per release what the API server keeps (dropDisabledFields,
 * pkg/api/pod/util.go): `hostUsers` and a container's `procMount` count from
 * 1.33, `supplementalGroupsPolicy` from 1.33 (the field exists from 1.31),
 * `seLinuxChangePolicy` from 1.33 (from 1.32), AppArmor fields from 1.30;
 * before, the rules warn that the API server drops the field.
 */
import type { ContainerModel, FieldNode, PodSpecModel } from '../model';
import { bool, child, entries, isSet, items, str } from '../model';
import { defineRule, type Report } from './rule';
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from './fieldErrors';
import { at, atLeast, changeValueFix, droppedByGate, goString, int, isMap, type Replacement } from './common';
import { byteLength, dns1123Subdomain, inclusiveRangeError, invalidRendered, localDescendingPath, paddedWithSpace, renderGoJSON } from './stringFormats';
import { VALUE_SETS, accepted, suggestion } from '../knowledge/values';
import { POD_GATES, gateOn } from '../knowledge/features';
import { CONTAINERS, snippet } from './examples';

const FILE = 'pkg/apis/core/validation/validation.go';
const UTIL = 'pkg/api/pod/util.go';
const MAX_ID = 2147483647; // validation.IsValidUserID / IsValidGroupID: math.MaxInt32
const ID_RANGE = inclusiveRangeError(0, MAX_ID);

/** A Pod whose one container (`web`) has this securityContext (indented for the container). */
const withSecurityContext = (sc: string): string => snippet(`${CONTAINERS}    securityContext:\n${sc}`);
/** A Pod with this pod-level securityContext (indented for the pod). */
const withPodSecurityContext = (sc: string): string => snippet(`  securityContext:\n${sc}${CONTAINERS}`);

/** The pod-level securityContext when it decodes to a struct. */
const podSecurityContext = (pod: PodSpecModel): FieldNode | undefined => {
  const sc = child(pod.field, 'securityContext');
  return isMap(sc) ? sc : undefined;
};
/** A container's securityContext when it decodes to a struct. */
const containerSecurityContext = (c: ContainerModel): FieldNode | undefined => {
  const sc = child(c.field, 'securityContext');
  return isMap(sc) ? sc : undefined;
};

/** A user or group ID out of IsValidUserID's / IsValidGroupID's range. */
function checkId(report: (r: Report<undefined>) => void, f: FieldNode | undefined): void {
  const v = int(f);
  if (v === undefined || !Number.isSafeInteger(v) || (v >= 0 && v <= MAX_ID)) return;
  report({ field: f!, on: 'value', ...invalid(f!.path, v, ID_RANGE) });
}

// ---- user and group IDs ----------------------------------------------------------

const runAsId = defineRule({
  id: 'pod/container-run-as-id',
  severity: 'error',
  title: 'Container runAsUser or runAsGroup out of range',
  description:
    '`securityContext.runAsUser` and `runAsGroup` are Linux user and group IDs from 0 to 2147483647. Use `runAsNonRoot: true` with a non-zero ID to keep the container off root.',
  upstream: `ValidateSecurityContext, ${FILE}`,
  rejects: true,
  example: { invalid: withSecurityContext('      runAsUser: -1\n'), valid: withSecurityContext('      runAsUser: 10001\n      runAsNonRoot: true\n') },
  scope: 'pod',
  check: (ctx) => {
    for (const c of ctx.pod.containers) {
      const sc = containerSecurityContext(c);
      for (const k of ['runAsUser', 'runAsGroup']) checkId(ctx.report, child(sc, k));
    }
  },
});

const podIds = defineRule({
  id: 'pod/security-context-id',
  severity: 'error',
  title: 'Pod runAsUser, runAsGroup, fsGroup or supplementalGroups out of range',
  description:
    "The pod's `securityContext.runAsUser`, `runAsGroup`, `fsGroup` and every `supplementalGroups` entry are Linux user and group IDs from 0 to 2147483647.",
  upstream: `validatePodSpecSecurityContext, ${FILE}`,
  rejects: true,
  example: { invalid: withPodSecurityContext('    fsGroup: -1\n'), valid: withPodSecurityContext('    fsGroup: 2000\n') },
  scope: 'pod',
  check: (ctx) => {
    const sc = podSecurityContext(ctx.pod);
    for (const k of ['fsGroup', 'runAsUser', 'runAsGroup']) checkId(ctx.report, child(sc, k));
    for (const g of items(child(sc, 'supplementalGroups'))) checkId(ctx.report, g);
  },
});

// ---- seccomp and AppArmor profiles ----------------------------------------------

/** A profile struct (SeccompProfile, AppArmorProfile) as a BadValue from 1.34: JSON with Go field names. */
const profileValue = (p: FieldNode): Record<string, unknown> => ({
  Type: goString(child(p, 'type')) ?? '',
  LocalhostProfile: isSet(child(p, 'localhostProfile')) ? goString(child(p, 'localhostProfile')) : null,
});

/** ValidateAppArmorProfileField's TooLong: field.TooLongMaxLength up to 1.31, field.TooLong after. */
const appArmorTooLong = (path: string, version: string): FieldError => ({
  fieldPath: path,
  apiErrorType: 'TooLong',
  message: `${path}: Too long: ${atLeast(version, '1.32') ? 'may not be more than 4095 bytes' : 'may not be longer than 4095'}`,
});

/**
 * validateSeccompProfileField / ValidateAppArmorProfileField on one profile
 * (pod or container): the type, and the localhost profile the type needs or
 * forbids.
 */
function checkProfile(report: (r: Report<Replacement>) => void, p: FieldNode, key: 'seccompProfile' | 'appArmorProfile', version: string): void {
  const typeField = child(p, 'type');
  const type = goString(typeField);
  const local = child(p, 'localhostProfile');
  const localValue = goString(local);
  if (type === undefined || localValue === undefined) return; // wrong types: the API server stops at decoding
  const lpath = `${p.path}.localhostProfile`;
  const seccomp = key === 'seccompProfile';
  const types = accepted(seccomp ? VALUE_SETS.seccompProfileType : VALUE_SETS.appArmorProfileType, version);
  const badType = (): void => {
    if (type === '') report({ ...at(typeField, p), ...required(`${p.path}.type`, `type is required when ${key} is set`) });
    else report({ field: typeField!, on: 'value', ...notSupported(`${p.path}.type`, type, types), data: { replacement: suggestion(types, type) } });
  };
  if (seccomp) {
    if (!types.includes(type)) badType();
    if (type === 'Localhost') {
      if (!isSet(local)) report({ ...at(local, typeField ?? p), ...required(lpath, 'must be set when seccomp type is Localhost') });
      else for (const msg of localDescendingPath(localValue)) report({ field: local, on: 'value', ...invalid(lpath, localValue, msg) });
    } else if (isSet(local)) {
      report({ field: local, on: 'key', ...invalidRendered(lpath, renderGoJSON(profileValue(p)), 'can only be set when seccomp type is Localhost') });
    }
    return;
  }
  // AppArmor: a switch on the type; an empty or unknown type says nothing of the localhost profile.
  if (type === 'Localhost') {
    if (!isSet(local)) {
      report({ ...at(local, typeField ?? p), ...required(lpath, 'must be set when AppArmor type is Localhost') });
      return;
    }
    if (paddedWithSpace(localValue)) report({ field: local, on: 'value', ...invalid(lpath, localValue, 'must not be padded with whitespace') });
    else if (localValue === '') report({ field: local, on: 'value', ...required(lpath, 'must be set when AppArmor type is Localhost') });
    if (byteLength(localValue) > 4095) report({ field: local, on: 'value', ...appArmorTooLong(lpath, version) });
  } else if (type === 'RuntimeDefault' || type === 'Unconfined') {
    if (isSet(local)) report({ field: local, on: 'key', ...invalid(lpath, localValue, 'can only be set when AppArmor type is Localhost') });
  } else badType();
}

const PROFILES = ['seccompProfile', 'appArmorProfile'] as const;
/** AppArmor fields exist from 1.30. */
const profileKnown = (key: (typeof PROFILES)[number], version: string): boolean => key === 'seccompProfile' || atLeast(version, '1.30');

const securityProfile = defineRule<Replacement>({
  id: 'pod/container-security-profile',
  severity: 'error',
  title: 'Invalid seccompProfile or appArmorProfile of a container',
  description:
    "`seccompProfile` and `appArmorProfile` (1.30+) need a `type`: `RuntimeDefault`, `Unconfined` or `Localhost`. `localhostProfile` is required with `Localhost` and only allowed with it; a seccomp profile is a relative path below the kubelet's seccomp directory (no `..`), an AppArmor profile name has no surrounding whitespace and at most 4095 bytes.",
  upstream: `validateSeccompProfileField / ValidateAppArmorProfileField, ${FILE}`,
  rejects: true,
  example: {
    invalid: withSecurityContext('      seccompProfile:\n        type: Localhost\n'),
    valid: withSecurityContext('      seccompProfile:\n        type: Localhost\n        localhostProfile: profiles/audit.json\n'),
  },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    for (const c of ctx.pod.containers) {
      const sc = containerSecurityContext(c);
      for (const key of PROFILES) {
        const p = child(sc, key);
        if (isMap(p) && profileKnown(key, ctx.version)) checkProfile(ctx.report, p, key, ctx.version);
      }
    }
  },
});

const podSecurityProfile = defineRule<Replacement>({
  id: 'pod/security-profile',
  severity: 'error',
  title: "Invalid seccompProfile or appArmorProfile of the pod's securityContext",
  description:
    "The pod-level `securityContext.seccompProfile` and `appArmorProfile` (1.30+) apply to every container that does not set its own, and follow the same rules: a `type` of `RuntimeDefault`, `Unconfined` or `Localhost`, and `localhostProfile` with `Localhost` only.",
  upstream: `validatePodSpecSecurityContext (validateSeccompProfileField, ValidateAppArmorProfileField), ${FILE}`,
  rejects: true,
  example: {
    invalid: withPodSecurityContext('    seccompProfile:\n      type: RuntimeDefault\n      localhostProfile: audit.json\n'),
    valid: withPodSecurityContext('    seccompProfile:\n      type: RuntimeDefault\n'),
  },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    const sc = podSecurityContext(ctx.pod);
    for (const key of PROFILES) {
      const p = child(sc, key);
      if (isMap(p) && profileKnown(key, ctx.version)) checkProfile(ctx.report, p, key, ctx.version);
    }
  },
});

// ---- sysctls ------------------------------------------------------------------

const SYSCTL_SEGMENT = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_FMT = `^(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}$`;
// The same pattern without the escape the message prints (`\.` in a class is a plain dot).
const SYSCTL_RE = new RegExp(`^(${SYSCTL_SEGMENT}[./])*${SYSCTL_SEGMENT}$`);

/** IsValidSysctlName. */
const validSysctlName = (name: string): boolean => byteLength(name) <= 253 && SYSCTL_RE.test(name);

/** The namespace of a sysctl (utilsysctl.GetNamespace, k8s.io/component-helpers): Net, IPC, or none of the two the API server checks. */
function sysctlNamespace(name: string): 'Net' | 'IPC' | undefined {
  let n = name;
  // NormalizeName: a name whose first separator is '/' uses '/' and '.' the other way round.
  const first = n.search(/[./]/);
  if (first >= 0 && n[first] === '/') n = n.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'));
  const star = n.indexOf('*');
  if (star >= 0) n = n.slice(0, star);
  const ipc = ['kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced', 'kernel.shm', 'kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.msg'];
  if (ipc.includes(n)) return 'IPC';
  if (n.startsWith('net.')) return 'Net';
  if (n.startsWith('fs.mqueue.')) return 'IPC';
  return undefined;
}

const sysctls = defineRule({
  id: 'pod/sysctls',
  severity: 'error',
  title: 'sysctls need a valid, unique name, and no network or IPC sysctl with hostNetwork or hostIPC',
  description:
    "Each `securityContext.sysctls` entry names a kernel parameter (`net.core.somaxconn`, at most 253 characters, dots or slashes between lower case segments), once. From 1.29 the API server refuses a network sysctl (`net.*`) in a pod with `hostNetwork: true` and an IPC sysctl (`kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`) with `hostIPC: true`: they would change the node's own settings.",
  upstream: `validateSysctls / ValidateHostSysctl, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  hostNetwork: true\n  securityContext:\n    sysctls:\n    - name: net.core.somaxconn\n      value: "1024"\n${CONTAINERS}`),
    valid: snippet(`  securityContext:\n    sysctls:\n    - name: net.core.somaxconn\n      value: "1024"\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const list = items(child(podSecurityContext(ctx.pod), 'sysctls'));
    const hostNetwork = bool(child(ctx.pod.field, 'hostNetwork')) === true;
    const hostIPC = bool(child(ctx.pod.field, 'hostIPC')) === true;
    const hostChecks = atLeast(ctx.version, '1.29');
    const seen = new Set<string>();
    for (const s of list) {
      if (s.kind !== 'map' && s.kind !== 'null') continue;
      const nf = child(s, 'name');
      const name = goString(nf);
      if (name === undefined) continue;
      const path = `${s.path}.name`;
      if (name === '') ctx.report({ ...at(nf, s), ...required(path) });
      else if (!validSysctlName(name)) ctx.report({ field: nf!, on: 'value', ...invalid(path, name, `must have at most 253 characters and match regex ${SYSCTL_FMT}`) });
      else if (seen.has(name)) ctx.report({ field: nf!, on: 'value', ...duplicate(path, name) });
      if (hostChecks) {
        const ns = sysctlNamespace(name);
        if (hostNetwork && ns === 'Net') ctx.report({ ...at(nf, s), ...invalid(path, name, "may not be specified when 'hostNetwork' is true") });
        else if (hostIPC && ns === 'IPC') ctx.report({ ...at(nf, s), ...invalid(path, name, "may not be specified when 'hostIPC' is true") });
      }
      seen.add(name);
    }
  },
});

// ---- policies with a list of values ------------------------------------------------

/** A pod securityContext field checked against a value set (no default: `""` is unsupported like any other value). */
function checkPolicy(ctx: { version: string; pod: PodSpecModel; report(r: Report<Replacement>): void }, key: string, values: string[]): void {
  const f = child(podSecurityContext(ctx.pod), key);
  if (!isSet(f)) return;
  const v = str(f);
  if (v === undefined || values.includes(v)) return;
  ctx.report({ field: f, on: 'value', ...notSupported(f.path, v, values), data: { replacement: suggestion(values, v) } });
}

/** The warning for a pod securityContext field that the API server drops in this release (its gate is off). */
function warnDropped(ctx: { version: string; pod: PodSpecModel; report(r: Report<Replacement>): void }, key: string, gate: keyof typeof POD_GATES): boolean {
  const f = child(podSecurityContext(ctx.pod), key);
  if (!isSet(f) || gateOn(gate, ctx.version)) return false;
  if (atLeast(ctx.version, POD_GATES[gate].field)) ctx.report({ field: f, on: 'key', severity: 'warning', message: droppedByGate(f.path, gate, ctx.version, POD_GATES[gate].on) });
  return true;
}

const fsGroupChangePolicy = defineRule<Replacement>({
  id: 'pod/fs-group-change-policy',
  severity: 'error',
  title: 'fsGroupChangePolicy must be Always or OnRootMismatch',
  description:
    '`securityContext.fsGroupChangePolicy` says when the kubelet changes the ownership of a volume to the `fsGroup`: `Always` (on every mount, the default) or `OnRootMismatch` (only when the root directory does not match already, much faster for large volumes). Case matters; an empty string is refused.',
  upstream: `validateFSGroupChangePolicy, ${FILE}`,
  rejects: true,
  example: { invalid: withPodSecurityContext('    fsGroup: 2000\n    fsGroupChangePolicy: onRootMismatch\n'), valid: withPodSecurityContext('    fsGroup: 2000\n    fsGroupChangePolicy: OnRootMismatch\n') },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => checkPolicy(ctx, 'fsGroupChangePolicy', accepted(VALUE_SETS.fsGroupChangePolicy, ctx.version)),
});

const supplementalGroupsPolicy = defineRule<Replacement>({
  id: 'pod/supplemental-groups-policy',
  severity: 'error',
  title: 'supplementalGroupsPolicy must be Merge or Strict',
  description:
    "`securityContext.supplementalGroupsPolicy` (1.31+) decides whether the groups of the container image's `/etc/group` are added to the process (`Merge`, the default) or only `fsGroup`, `supplementalGroups` and the primary group (`Strict`). It is validated from 1.33; in 1.31 and 1.32 the SupplementalGroupsPolicy feature gate is off by default and the API server drops the field silently.",
  upstream: `validateSupplementalGroupsPolicy, ${FILE}; dropDisabledFields, ${UTIL}`,
  rejects: true,
  applies: { since: '1.31' },
  example: { invalid: withPodSecurityContext('    supplementalGroupsPolicy: strict\n'), valid: withPodSecurityContext('    supplementalGroupsPolicy: Strict\n') },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    if (warnDropped(ctx, 'supplementalGroupsPolicy', 'SupplementalGroupsPolicy')) return;
    checkPolicy(ctx, 'supplementalGroupsPolicy', accepted(VALUE_SETS.supplementalGroupsPolicy, ctx.version));
  },
});

const seLinuxChangePolicy = defineRule<Replacement>({
  id: 'pod/selinux-change-policy',
  severity: 'error',
  title: 'seLinuxChangePolicy must be Recursive (or MountOption where SELinuxMount is on)',
  description:
    "`securityContext.seLinuxChangePolicy` (1.32+) says how the SELinux label of volumes is applied: `Recursive` (relabel every file) or `MountOption` (a mount option, much faster). Up to 1.36 the SELinuxMount feature gate is off by default and the API server accepts only `Recursive`; from 1.37 both. In 1.32 the SELinuxChangePolicy gate is off by default and the API server drops the field silently.",
  upstream: `validateSELinuxChangePolicy, ${FILE}; dropSELinuxChangePolicy, ${UTIL}`,
  rejects: true,
  applies: { since: '1.32' },
  example: { invalid: withPodSecurityContext('    seLinuxChangePolicy: recursive\n'), valid: withPodSecurityContext('    seLinuxChangePolicy: Recursive\n') },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    if (warnDropped(ctx, 'seLinuxChangePolicy', 'SELinuxChangePolicy')) return;
    checkPolicy(ctx, 'seLinuxChangePolicy', accepted(VALUE_SETS.seLinuxChangePolicy, ctx.version).sort());
  },
});

// ---- Windows options ----------------------------------------------------------------

const MAX_GMSA_SPEC = 64 * 1024;
const NETBIOS_RE = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u;
const DNS_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const WINDOWS_DOMAIN_DNS_RE = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const USER_BAD_CHARS_RE = /["/\\:;|=,+*?<>@[\]]/;
const USER_DOTS_SPACES_RE = /^[. ]+$/;
// eslint-disable-next-line no-control-regex
const CTRL_RE = /[\x00-\x1f\x7f]/;

/** validateWindowsSecurityContextOptions: the messages for a runAsUserName. */
function runAsUserNameErrors(name: string): string[] {
  if (name === '') return ['runAsUserName cannot be an empty string'];
  if (CTRL_RE.test(name)) return ['runAsUserName cannot contain control characters'];
  const parts = name.split('\\');
  if (parts.length > 2) return ['runAsUserName cannot contain more than one backslash'];
  const hasDomain = parts.length === 2;
  const domain = hasDomain ? parts[0] : '';
  const user = hasDomain ? parts[1] : parts[0];
  const errs: string[] = [];
  if (byteLength(domain) >= 256) errs.push("runAsUserName's Domain length must be under 256 characters");
  if (hasDomain && !(NETBIOS_RE.test(domain) || WINDOWS_DOMAIN_DNS_RE.test(domain))) errs.push("runAsUserName's Domain doesn't match the NetBios nor the DNS format");
  const userLength = byteLength(user);
  if (userLength === 0) errs.push("runAsUserName's User cannot be empty");
  else if (userLength > 104) errs.push("runAsUserName's User length must not be longer than 104 characters");
  if (USER_DOTS_SPACES_RE.test(user)) errs.push("runAsUserName's User cannot contain only periods or spaces");
  if (USER_BAD_CHARS_RE.test(user)) errs.push('runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]');
  return errs;
}

function checkWindowsOptions(report: (r: Report<undefined>) => void, w: FieldNode): void {
  const name = child(w, 'gmsaCredentialSpecName');
  const nameValue = goString(name);
  if (isSet(name) && nameValue !== undefined) for (const m of dns1123Subdomain(nameValue)) report({ field: name, on: 'value', ...invalid(name.path, nameValue, m) });
  const spec = child(w, 'gmsaCredentialSpec');
  const specValue = goString(spec);
  if (isSet(spec) && specValue !== undefined) {
    if (specValue === '') report({ field: spec, on: 'value', ...invalid(spec.path, specValue, 'gmsaCredentialSpec cannot be an empty string') });
    else if (byteLength(specValue) > MAX_GMSA_SPEC) report({ field: spec, on: 'value', ...invalid(spec.path, specValue, 'gmsaCredentialSpec size must be under 64 KiB') });
  }
  const user = child(w, 'runAsUserName');
  const userValue = goString(user);
  if (isSet(user) && userValue !== undefined) for (const m of runAsUserNameErrors(userValue)) report({ field: user, on: 'value', ...invalid(user.path, userValue, m) });
}

const windowsOptions = defineRule({
  id: 'pod/windows-options',
  severity: 'error',
  title: 'Invalid windowsOptions: GMSA credential spec name or contents, runAsUserName',
  description:
    '`securityContext.windowsOptions` (pod or container): `gmsaCredentialSpecName` names a GMSACredentialSpec resource (a lowercase DNS subdomain); `gmsaCredentialSpec` is its JSON contents, not empty and under 64 KiB; `runAsUserName` is `USER` or `DOMAIN\\USER` (one backslash, a NetBIOS or DNS domain under 256 characters, a user of at most 104 characters without `"/\\:;|=,+*?<>@[]`, not only dots or spaces, no control characters).',
  upstream: `validateWindowsSecurityContextOptions, ${FILE}`,
  rejects: true,
  example: {
    invalid: withSecurityContext('      windowsOptions:\n        runAsUserName: "NT AUTHORITY/SYSTEM"\n'),
    valid: withSecurityContext('      windowsOptions:\n        runAsUserName: "NT AUTHORITY\\\\SYSTEM"\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    const pw = child(podSecurityContext(ctx.pod), 'windowsOptions');
    if (isMap(pw)) checkWindowsOptions(ctx.report, pw);
    for (const c of ctx.pod.containers) {
      const w = child(containerSecurityContext(c), 'windowsOptions');
      if (isMap(w)) checkWindowsOptions(ctx.report, w);
    }
  },
});

// ---- hostUsers and procMount --------------------------------------------------------

/** `hostUsers: false` as the API server keeps it (dropped while UserNamespacesSupport is off). */
const userNamespace = (pod: PodSpecModel, version: string): boolean => gateOn('UserNamespacesSupport', version) && bool(child(pod.field, 'hostUsers')) === false;

const hostUsers = defineRule({
  id: 'pod/host-users',
  severity: 'error',
  title: 'hostUsers: false excludes hostNetwork, hostPID, hostIPC and volumeDevices',
  description:
    "`hostUsers: false` runs the pod in a user namespace of its own. The API server refuses it together with the node's namespaces (`hostNetwork`, `hostPID`, `hostIPC`) and, from 1.34, with raw block devices (`volumeDevices`), which cannot be ID-mapped. It counts from 1.33; before, the UserNamespacesSupport feature gate is off by default and the API server drops `hostUsers` silently.",
  upstream: `validateHostUsers, ${FILE}; dropDisabledFields, ${UTIL}`,
  rejects: true,
  example: { invalid: snippet(`  hostUsers: false\n  hostNetwork: true\n${CONTAINERS}`), valid: snippet(`  hostUsers: false\n${CONTAINERS}`) },
  scope: 'pod',
  check: (ctx) => {
    const spec = ctx.pod.field;
    const hu = child(spec, 'hostUsers');
    if (!isSet(hu) || bool(hu) === undefined) return;
    if (!gateOn('UserNamespacesSupport', ctx.version)) {
      if (bool(hu) === false) ctx.report({ field: hu, on: 'key', severity: 'warning', message: droppedByGate(hu.path, 'UserNamespacesSupport', ctx.version, POD_GATES.UserNamespacesSupport.on) });
      return;
    }
    if (bool(hu) !== false) return;
    const why = atLeast(ctx.version, '1.34') ? 'when `hostUsers` is false' : 'when `pod.Spec.HostUsers` is false';
    // The internal API names two of the paths with capitals (fldPath.Child("HostPID")).
    for (const [key, pathKey] of [['hostNetwork', 'hostNetwork'], ['hostPID', 'HostPID'], ['hostIPC', 'HostIPC']]) {
      const f = child(spec, key);
      if (bool(f) === true) ctx.report({ field: f!, on: 'key', ...forbidden(`${ctx.pod.path}.${pathKey}`, why) });
    }
    if (!atLeast(ctx.version, '1.34')) return;
    for (const c of ctx.pod.containers) {
      const vd = child(c.field, 'volumeDevices');
      if (items(vd).length > 0) ctx.report({ field: vd!, on: 'key', ...forbidden(vd!.path, why) });
    }
  },
});

const procMount = defineRule<Replacement>({
  id: 'pod/container-proc-mount',
  severity: 'error',
  title: 'procMount must be Default or Unmasked, and Unmasked needs hostUsers: false',
  description:
    "A container's `securityContext.procMount` is `Default` (the runtime masks parts of `/proc`) or `Unmasked`, which only a pod in its own user namespace (`hostUsers: false`) may use. It counts from 1.33; before, the ProcMountType feature gate is off by default and the API server turns any value into `Default`.",
  upstream: `ValidateSecurityContext (ValidateProcMountType), ${FILE}; dropDisabledProcMountField, ${UTIL}`,
  rejects: true,
  example: {
    invalid: withSecurityContext('      procMount: Unmasked\n'),
    valid: snippet(`  hostUsers: false\n${CONTAINERS}    securityContext:\n      procMount: Unmasked\n`),
  },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    const values = accepted(VALUE_SETS.procMount, ctx.version);
    const ownUserNamespace = userNamespace(ctx.pod, ctx.version);
    for (const c of ctx.pod.containers) {
      const f = child(containerSecurityContext(c), 'procMount');
      const v = str(f);
      if (!isSet(f) || v === undefined) continue;
      if (!gateOn('ProcMountType', ctx.version)) {
        if (v !== 'Default') ctx.report({ field: f, on: 'value', severity: 'warning', message: `${f.path}: replaced by "Default" by the API server: the ProcMountType feature gate is off by default in Kubernetes ${ctx.version} (on from ${POD_GATES.ProcMountType.on})` });
        continue;
      }
      if (!values.includes(v)) ctx.report({ field: f, on: 'value', ...notSupported(f.path, v, values), data: { replacement: suggestion(values, v) } });
      if (v === 'Unmasked' && !ownUserNamespace) ctx.report({ field: f, on: 'value', ...invalid(f.path, v, '`hostUsers` must be false to use `Unmasked`') });
    }
  },
});

// ---- privilege escalation -----------------------------------------------------------

/**
 * The container's internal core.SecurityContext as errors.go renders a struct
 * BadValue from 1.34 on (JSON with Go field names). Up to 1.33 Go printed it
 * with %#v, pointer addresses included: no text can match that; the JSON
 * form is shown for every release.
 */
function securityContextValue(sc: FieldNode, version: string): Record<string, unknown> {
  const val = (f: FieldNode | undefined): unknown => (isSet(f) ? (f.kind === 'seq' ? items(f).map((i) => i.value) : f.value) : null);
  const b = (k: string): unknown => val(child(sc, k));
  const caps = child(sc, 'capabilities');
  const se = child(sc, 'seLinuxOptions');
  const win = child(sc, 'windowsOptions');
  const s = (f: FieldNode | undefined, k: string): unknown => val(child(f, k)) ?? '';
  const profile = (k: string): unknown => (isMap(child(sc, k)) ? profileValue(child(sc, k)!) : null);
  // Up to 1.32 the API server forces a procMount that is set to Default (ProcMountType off).
  const pm = child(sc, 'procMount');
  return {
    Capabilities: isMap(caps) ? { Add: val(child(caps, 'add')), Drop: val(child(caps, 'drop')) } : null,
    Privileged: b('privileged'),
    SELinuxOptions: isMap(se) ? { User: s(se, 'user'), Role: s(se, 'role'), Type: s(se, 'type'), Level: s(se, 'level') } : null,
    WindowsOptions: isMap(win)
      ? {
          GMSACredentialSpecName: val(child(win, 'gmsaCredentialSpecName')),
          GMSACredentialSpec: val(child(win, 'gmsaCredentialSpec')),
          RunAsUserName: val(child(win, 'runAsUserName')),
          HostProcess: val(child(win, 'hostProcess')),
        }
      : null,
    RunAsUser: b('runAsUser'),
    RunAsGroup: b('runAsGroup'),
    RunAsNonRoot: b('runAsNonRoot'),
    ReadOnlyRootFilesystem: b('readOnlyRootFilesystem'),
    AllowPrivilegeEscalation: b('allowPrivilegeEscalation'),
    ProcMount: isSet(pm) ? (gateOn('ProcMountType', version) ? pm.value : 'Default') : null,
    SeccompProfile: profile('seccompProfile'),
    AppArmorProfile: atLeast(version, '1.30') ? profile('appArmorProfile') : undefined,
  };
}

const privilegeEscalation = defineRule({
  id: 'pod/privilege-escalation-conflict',
  severity: 'error',
  title: 'allowPrivilegeEscalation: false with privileged or CAP_SYS_ADMIN',
  description:
    'A privileged container, or one that adds `CAP_SYS_ADMIN`, always can escalate privileges: `allowPrivilegeEscalation: false` contradicts it and the API server rejects the container. Drop `privileged` (add only the capabilities you need), or drop `allowPrivilegeEscalation: false`. The error shows the whole securityContext as its value (from 1.34 as JSON; earlier releases print Go syntax with pointer addresses).',
  upstream: `ValidateSecurityContext, ${FILE}`,
  rejects: true,
  example: {
    invalid: withSecurityContext('      privileged: true\n      allowPrivilegeEscalation: false\n'),
    valid: withSecurityContext('      allowPrivilegeEscalation: false\n      capabilities:\n        add: [NET_ADMIN]\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const c of ctx.pod.containers) {
      const sc = containerSecurityContext(c);
      const ape = child(sc, 'allowPrivilegeEscalation');
      if (!sc || bool(ape) !== false) continue;
      const path = sc.path;
      const rendered = (): string => renderGoJSON(securityContextValue(sc, ctx.version));
      if (bool(child(sc, 'privileged')) === true) {
        ctx.report({ field: ape!, on: 'key', ...invalidRendered(path, rendered(), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true') });
      }
      for (const i of items(child(child(sc, 'capabilities'), 'add'))) {
        if (i.value !== 'CAP_SYS_ADMIN') continue;
        ctx.report({ field: ape!, on: 'key', ...invalidRendered(path, rendered(), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN') });
      }
    }
  },
});

// ---- the deprecated annotations ---------------------------------------------------

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';

/** The annotations of the pod or template, and the path upstream gives them (`metadata.annotations`, `spec.template.annotations`). */
function podAnnotations(pod: PodSpecModel): { node: FieldNode; path: string; map: Map<string, FieldNode> } | undefined {
  const meta = pod.template ? child(pod.template, 'metadata') : child(pod.object, 'metadata');
  const node = child(meta, 'annotations');
  if (!isMap(node)) return undefined;
  const path = pod.template ? `${pod.template.path}.annotations` : 'metadata.annotations';
  const map = new Map<string, FieldNode>();
  for (const e of entries(node)) if (e.key !== undefined) map.set(e.key, e);
  return { node, path, map };
}

/** ValidateSeccompProfile: the messages for an annotation's profile. */
function seccompAnnotationErrors(p: string): { value: string; msg: string }[] {
  if (p === 'runtime/default' || p === 'docker/default' || p === 'unconfined') return [];
  if (p.startsWith('localhost/')) {
    const rest = p.slice('localhost/'.length);
    return localDescendingPath(rest).map((msg) => ({ value: rest, msg }));
  }
  return [{ value: p, msg: 'must be a valid seccomp profile' }];
}

/** validateSeccompAnnotationsAndFieldsMatch: the error of a field that an annotation contradicts. */
function seccompMismatch(annotation: string, p: FieldNode): FieldError | undefined {
  const type = goString(child(p, 'type'));
  const local = child(p, 'localhostProfile');
  switch (type) {
    case 'Unconfined':
      return annotation !== 'unconfined' ? forbidden(`${p.path}.type`, 'seccomp type in annotation and field must match') : undefined;
    case 'RuntimeDefault':
      return annotation !== 'runtime/default' && annotation !== 'docker/default' ? forbidden(`${p.path}.type`, 'seccomp type in annotation and field must match') : undefined;
    case 'Localhost':
      if (!annotation.startsWith('localhost/')) return forbidden(`${p.path}.type`, 'seccomp type in annotation and field must match');
      if (!isSet(local) || annotation.slice('localhost/'.length) !== goString(local)) return forbidden(`${p.path}.localhostProfile`, 'seccomp profile in annotation and field must match');
  }
  return undefined;
}

const seccompAnnotation = defineRule({
  id: 'pod/seccomp-annotation',
  severity: 'error',
  title: 'Invalid seccomp annotation, or one that contradicts the seccompProfile field',
  description:
    'The deprecated `seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/<container>` annotations take `runtime/default`, `docker/default`, `unconfined` or `localhost/<relative path>`. Where an annotation and the `seccompProfile` field of the same pod or container are both set, they must say the same. Use the field alone.',
  upstream: `ValidateSeccompPodAnnotations / validateSeccompAnnotationsAndFields, ${FILE}`,
  rejects: true,
  // ValidatePodSpecificAnnotations also checks a StatefulSet template's annotations before 1.34 (its spec only from 1.34).
  applies: { podSpec: 'any' },
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime-default\nspec:\n' + CONTAINERS,
    valid: snippet(`  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const ann = podAnnotations(ctx.pod);
    if (!ann) return;
    for (const [key, node] of ann.map) {
      if (key !== SECCOMP_POD && !key.startsWith(SECCOMP_CONTAINER)) continue;
      const v = goString(node);
      if (v === undefined) continue;
      // fldPath.Child(key): the key joins the path with a dot, not in brackets.
      for (const e of seccompAnnotationErrors(v)) ctx.report({ field: node, on: 'value', ...invalid(`${ann.path}.${key}`, e.value, e.msg) });
    }
    if (ctx.pod.kind === 'StatefulSet' && !atLeast(ctx.version, '1.34')) return; // the spec is not validated
    const podProfile = child(podSecurityContext(ctx.pod), 'seccompProfile');
    const podAnnotation = goString(ann.map.get(SECCOMP_POD));
    if (isMap(podProfile) && ann.map.has(SECCOMP_POD) && podAnnotation !== undefined) {
      const err = seccompMismatch(podAnnotation, podProfile);
      if (err) ctx.report({ field: podProfile, on: 'key', ...err });
    }
    for (const c of ctx.pod.containers) {
      const p = child(containerSecurityContext(c), 'seccompProfile');
      const a = c.name !== undefined ? ann.map.get(SECCOMP_CONTAINER + c.name) : undefined;
      const v = goString(a);
      if (!isMap(p) || !a || v === undefined) continue;
      const err = seccompMismatch(v, p);
      if (err) ctx.report({ field: p, on: 'key', ...err });
    }
  },
});

/** ApparmorFieldForAnnotation, kept only when ValidateAppArmorProfileField accepts it. */
function appArmorFieldOf(annotation: string): { type: string; local?: string } | undefined {
  if (annotation === 'unconfined') return { type: 'Unconfined' };
  if (annotation === 'runtime/default') return { type: 'RuntimeDefault' };
  if (annotation.startsWith('localhost/')) {
    const local = annotation.slice('localhost/'.length);
    if (local !== '' && !paddedWithSpace(local) && byteLength(local) <= 4095) return { type: 'Localhost', local };
  }
  return undefined;
}

const appArmorAnnotation = defineRule({
  id: 'pod/apparmor-annotation',
  severity: 'error',
  title: 'Invalid AppArmor annotation, or one that contradicts the appArmorProfile field',
  description:
    "The deprecated `container.apparmor.security.beta.kubernetes.io/<container>` annotation must name a container of the pod and take `runtime/default`, `unconfined` or `localhost/<profile>`. From 1.30, where the container's `appArmorProfile` (its own, else the pod's) is set too, both must say the same (on a Pod, a container without its own field takes the annotation's profile first). Use the field alone.",
  upstream: `ValidateAppArmorPodAnnotations / validateAppArmorAnnotationsAndFieldsMatchOnCreate, ${FILE}; applyAppArmorVersionSkew, pkg/registry/core/pod/strategy.go`,
  rejects: true,
  // ValidatePodSpecificAnnotations also checks a StatefulSet template's annotations before 1.34 (its spec only from 1.34).
  applies: { podSpec: 'any' },
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: runtime/default\nspec:\n' + CONTAINERS,
    valid: snippet(`  securityContext:\n    appArmorProfile:\n      type: RuntimeDefault\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const ann = podAnnotations(ctx.pod);
    if (!ann) return;
    const names = new Set(ctx.pod.containers.map((c) => c.name));
    for (const [key, node] of ann.map) {
      if (!key.startsWith(APPARMOR_CONTAINER)) continue;
      const v = goString(node);
      if (v === undefined) continue;
      const container = key.slice(APPARMOR_CONTAINER.length);
      const path = `${ann.path}[${key}]`;
      if (!names.has(container)) ctx.report({ field: node, on: 'key', ...invalid(path, container, 'container not found') });
      if (v !== '' && v !== 'runtime/default' && v !== 'unconfined' && !v.startsWith('localhost/')) {
        ctx.report({ field: node, on: 'value', ...invalid(path, v, `invalid AppArmor profile name: ${JSON.stringify(v)}`) });
      }
    }
    if (!atLeast(ctx.version, '1.30') || (ctx.pod.kind === 'StatefulSet' && !atLeast(ctx.version, '1.34'))) return;
    if (str(child(child(ctx.pod.field, 'os'), 'name')) === 'windows') return;
    const podProfile = child(podSecurityContext(ctx.pod), 'appArmorProfile');
    for (const c of ctx.pod.containers) {
      if (c.name === undefined) continue;
      const a = ann.map.get(APPARMOR_CONTAINER + c.name);
      const annotation = goString(a);
      if (!a || annotation === undefined) continue;
      const own = child(containerSecurityContext(c), 'appArmorProfile');
      // A Pod's container without its own field takes the annotation's (applyAppArmorVersionSkew): no mismatch then.
      if (!isMap(own) && ctx.pod.kind === 'Pod' && appArmorFieldOf(annotation)) continue;
      const p = isMap(own) ? own : isMap(podProfile) ? podProfile : undefined;
      if (!p) continue;
      const type = goString(child(p, 'type'));
      const where = isMap(own) ? `${own.path}` : `${c.field.path}.securityContext.appArmorProfile`;
      let err: FieldError | undefined;
      if (type === 'Unconfined' && annotation !== 'unconfined') err = forbidden(`${where}.type`, 'apparmor type in annotation and field must match');
      else if (type === 'RuntimeDefault' && annotation !== 'runtime/default') err = forbidden(`${where}.type`, 'apparmor type in annotation and field must match');
      else if (type === 'Localhost') {
        if (!annotation.startsWith('localhost/')) err = forbidden(`${where}.type`, 'apparmor type in annotation and field must match');
        else if (!isSet(child(p, 'localhostProfile')) || annotation.slice('localhost/'.length) !== goString(child(p, 'localhostProfile'))) {
          err = forbidden(`${where}.localhostProfile`, 'apparmor profile in annotation and field must match');
        }
      }
      if (err) ctx.report({ field: isMap(own) ? own : a, on: 'key', ...err });
    }
  },
});

export const securityContextRules = [
  runAsId,
  podIds,
  securityProfile,
  podSecurityProfile,
  privilegeEscalation,
  procMount,
  sysctls,
  fsGroupChangePolicy,
  supplementalGroupsPolicy,
  seLinuxChangePolicy,
  windowsOptions,
  hostUsers,
  seccompAnnotation,
  appArmorAnnotation,
];
