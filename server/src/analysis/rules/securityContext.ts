/**
 * A container's securityContext, as ValidateSecurityContext,
 * validateSeccompProfileField / validateSeccompProfileType and
 * ValidateAppArmorProfileField (pkg/apis/core/validation/validation.go)
 * check it. The pod-level security context and the `spec.os` checks are in
 * podspec.ts.
 */
import type { FieldNode } from '../model';
import { bool, child, isSet, items, num } from '../model';
import { defineRule } from './rule';
import { invalid, notSupported, required, tooLong } from './fieldErrors';
import { atLeast, changeValueFix, goString, type Replacement } from './common';
import { byteLength, localDescendingPath, paddedWithSpace } from './stringFormats';
import { VALUE_SETS, accepted, suggestion } from '../knowledge/values';
import { CONTAINERS, snippet } from './examples';

const FILE = 'pkg/apis/core/validation/validation.go';
const MAX_ID = 2147483647; // validation.IsValidUserID / IsValidGroupID: math.MaxInt32

/** A Pod whose one container (`web`) has this securityContext (indented for the container). */
const withSecurityContext = (sc: string): string => snippet(`${CONTAINERS}    securityContext:\n${sc}`);

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
      const sc = child(c.field, 'securityContext');
      for (const k of ['runAsUser', 'runAsGroup']) {
        const f = child(sc, k);
        const v = num(f);
        if (v === undefined || !Number.isInteger(v) || (v >= 0 && v <= MAX_ID)) continue;
        ctx.report({ field: f!, on: 'value', ...invalid(f!.path, v, `must be between 0 and ${MAX_ID}, inclusive`) });
      }
    }
  },
});

/** The internal core type of a profile as errors.go renders it (JSON of a struct without json tags). */
const profileValue = (p: FieldNode): Record<string, unknown> => ({
  Type: goString(child(p, 'type')) ?? '',
  LocalhostProfile: isSet(child(p, 'localhostProfile')) ? goString(child(p, 'localhostProfile')) : null,
});

const PROFILES = [
  { key: 'seccompProfile', what: 'seccomp', types: VALUE_SETS.seccompProfileType },
  { key: 'appArmorProfile', what: 'AppArmor', types: VALUE_SETS.appArmorProfileType, since: '1.30' },
] as const;

const securityProfile = defineRule<Replacement>({
  id: 'pod/container-security-profile',
  severity: 'error',
  title: 'Invalid seccompProfile or appArmorProfile of a container',
  description:
    "`seccompProfile` and `appArmorProfile` (1.30+) need a `type`: `RuntimeDefault`, `Unconfined` or `Localhost`. `localhostProfile` is required with `Localhost` and only allowed with it; a seccomp profile is a relative path below the kubelet's seccomp directory (no `..`), an AppArmor profile name has no surrounding whitespace.",
  upstream: `validateSeccompProfileField / validateAppArmorProfileField, ${FILE}`,
  rejects: true,
  example: {
    invalid: withSecurityContext('      seccompProfile:\n        type: Localhost\n'),
    valid: withSecurityContext('      seccompProfile:\n        type: Localhost\n        localhostProfile: profiles/audit.json\n'),
  },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    for (const c of ctx.pod.containers) {
      const sc = child(c.field, 'securityContext');
      for (const profile of PROFILES) {
        const { key, what } = profile;
        const p = child(sc, key);
        if (!isSet(p) || p.kind !== 'map') continue;
        if ('since' in profile && !atLeast(ctx.version, profile.since)) continue; // not in the API yet
        const typeField = child(p, 'type');
        const type = goString(typeField);
        const local = child(p, 'localhostProfile');
        const localValue = goString(local);
        if (type === undefined || localValue === undefined) continue; // wrong types
        const types = accepted(profile.types, ctx.version);
        if (type === '') ctx.report({ field: typeField ?? p, on: 'key', ...required(`${p.path}.type`, `type is required when ${key} is set`) });
        else if (!types.includes(type)) {
          ctx.report({ field: typeField!, on: 'value', ...notSupported(`${p.path}.type`, type, types), data: { replacement: suggestion(types, type) } });
        }
        const lpath = `${p.path}.localhostProfile`;
        if (type === 'Localhost') {
          if (!isSet(local) || (key === 'appArmorProfile' && localValue === '')) {
            ctx.report({ field: local ?? typeField!, on: 'key', ...required(lpath, `must be set when ${what} type is Localhost`) });
          } else if (key === 'seccompProfile') {
            // validateLocalDescendingPath.
            for (const msg of localDescendingPath(localValue)) ctx.report({ field: local, on: 'value', ...invalid(lpath, localValue, msg) });
          } else if (paddedWithSpace(localValue)) {
            ctx.report({ field: local, on: 'value', ...invalid(lpath, localValue, 'must not be padded with whitespace') });
          } else if (byteLength(localValue) > 4095) {
            ctx.report({ field: local, on: 'value', ...tooLong(lpath, 4095) });
          }
        } else if (isSet(local)) {
          ctx.report({ field: local, on: 'key', ...invalid(lpath, profileValue(p), `can only be set when ${what} type is Localhost`) });
        }
      }
    }
  },
});

/**
 * The container's internal core.SecurityContext as errors.go renders a struct
 * BadValue from 1.34 on (JSON with Go field names; procMount defaulted to
 * "Default"). Up to 1.33 Go printed it with %#v, pointer addresses included.
 */
function securityContextValue(sc: FieldNode): Record<string, unknown> {
  const b = (k: string): unknown => (isSet(child(sc, k)) ? child(sc, k)!.value : null);
  const strs = (f: FieldNode | undefined): unknown => (isSet(f) ? items(f).map((i) => i.value) : null);
  const caps = child(sc, 'capabilities');
  const se = child(sc, 'seLinuxOptions');
  const win = child(sc, 'windowsOptions');
  const opt = (f: FieldNode | undefined, k: string): unknown => (isSet(child(f, k)) ? child(f, k)!.value : null);
  const profile = (k: string): unknown => (isSet(child(sc, k)) ? profileValue(child(sc, k)!) : null);
  return {
    Capabilities: isSet(caps) ? { Add: strs(child(caps, 'add')), Drop: strs(child(caps, 'drop')) } : null,
    Privileged: b('privileged'),
    SELinuxOptions: isSet(se) ? { User: opt(se, 'user') ?? '', Role: opt(se, 'role') ?? '', Type: opt(se, 'type') ?? '', Level: opt(se, 'level') ?? '' } : null,
    WindowsOptions: isSet(win)
      ? {
          GMSACredentialSpecName: opt(win, 'gmsaCredentialSpecName'),
          GMSACredentialSpec: opt(win, 'gmsaCredentialSpec'),
          RunAsUserName: opt(win, 'runAsUserName'),
          HostProcess: opt(win, 'hostProcess'),
        }
      : null,
    RunAsUser: b('runAsUser'),
    RunAsGroup: b('runAsGroup'),
    RunAsNonRoot: b('runAsNonRoot'),
    ReadOnlyRootFilesystem: b('readOnlyRootFilesystem'),
    AllowPrivilegeEscalation: b('allowPrivilegeEscalation'),
    ProcMount: b('procMount') ?? 'Default',
    SeccompProfile: profile('seccompProfile'),
    AppArmorProfile: profile('appArmorProfile'),
  };
}

const privilegeEscalation = defineRule({
  id: 'pod/privilege-escalation-conflict',
  severity: 'error',
  title: 'allowPrivilegeEscalation: false with privileged or CAP_SYS_ADMIN',
  description:
    'A privileged container, or one that adds `CAP_SYS_ADMIN`, always can escalate privileges: `allowPrivilegeEscalation: false` contradicts it and the API server rejects the container. Drop `privileged` (add only the capabilities you need), or drop `allowPrivilegeEscalation: false`. The error shows the whole securityContext as its value (from 1.34 as JSON; earlier releases print Go syntax).',
  upstream: `ValidateSecurityContext, ${FILE}`,
  rejects: true,
  example: {
    invalid: withSecurityContext('      privileged: true\n      allowPrivilegeEscalation: false\n'),
    valid: withSecurityContext('      allowPrivilegeEscalation: false\n      capabilities:\n        add: [NET_ADMIN]\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const c of ctx.pod.containers) {
      const sc = child(c.field, 'securityContext');
      const ape = child(sc, 'allowPrivilegeEscalation');
      if (!sc || bool(ape) !== false) continue;
      const path = sc.path;
      if (bool(child(sc, 'privileged')) === true) {
        ctx.report({ field: ape!, on: 'key', ...invalid(path, securityContextValue(sc), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true') });
      }
      if (items(child(child(sc, 'capabilities'), 'add')).some((i) => i.value === 'CAP_SYS_ADMIN')) {
        ctx.report({ field: ape!, on: 'key', ...invalid(path, securityContextValue(sc), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN') });
      }
    }
  },
});

export const securityContextRules = [runAsId, securityProfile, privilegeEscalation];
