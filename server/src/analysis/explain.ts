/**
 * Pod-specific explanations for hovers: what a field means for the exact pod
 * under the cursor (init order, sidecar lifecycle, restart policies, probes,
 * effective resources). Returns markdown, or undefined where the upstream
 * description says it all. Every value taken from the document (names, kinds,
 * resource names, a restartPolicy as written) goes through mdCode or mdText.
 */
import type { AnalysisSettings } from './settings';
import type { ContainerModel, DocModel, FieldNode, PodSpecModel } from './model';
import { child, str } from './model';
import { containerOf, podOf } from './knowledge/pods';
import { NATIVE_SIDECARS, nativeSidecarSupport } from './knowledge/features';
import { mdCode, mdText } from './markdown';
import {
  effectiveResources,
  initFailure,
  initStatuses,
  lifecycleOf,
  shutdownSequence,
  showQuantity,
  startupSequence,
  type Lifecycle,
} from './lifecycle';

const LINKS = {
  init: 'https://kubernetes.io/docs/concepts/workloads/pods/init-containers/',
  sidecar: 'https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/',
  restart: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy',
  probes: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes',
  resources: 'https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers',
  job: 'https://kubernetes.io/docs/concepts/workloads/controllers/job/',
};

const PROBES = new Set(['livenessProbe', 'readinessProbe', 'startupProbe']);

const nameOf = (c: ContainerModel): string => mdCode(c.name ?? `${c.list}[${c.index}]`);

export function explain(doc: DocModel, f: FieldNode, settings: AnalysisSettings): string | undefined {
  const pod = podOf(doc, f);
  if (!pod) return undefined;
  const l = lifecycleOf(pod);
  const container = containerOf(pod, f);
  const key = f.key;
  if (!container) {
    if (f.parent === pod.field && key === 'initContainers') return initSequence(l, settings);
    if (f.parent === pod.field && key === 'containers') return appContainers(l);
    if (f.parent === pod.field && key === 'restartPolicy') return podRestart(l);
    if (f.parent === pod.field && key === 'resources') return resourcesHover(pod);
    return undefined;
  }
  // Within a container: the container's own map entries.
  const own = f.parent === container.field;
  if (own && key === 'name') return containerRole(l, container, settings);
  if (f === container.field) return containerRole(l, container, settings);
  if (own && key === 'restartPolicy') return containerRestart(l, container, settings);
  if (own && key && PROBES.has(key)) return probeHover(l, container, key);
  if (own && key === 'lifecycle') return lifecycleHover(container);
  if (own && key === 'resources') return resourcesHover(pod, container);
  return undefined;
}

function initSequence(l: Lifecycle, settings: AnalysisSettings): string {
  const n = l.init.length;
  const sidecars = l.sidecars.length;
  const out = [`**Init sequence of this pod** (${n} init container${n === 1 ? '' : 's'}${sidecars ? `, ${sidecars} of them native sidecar${sidecars === 1 ? '' : 's'}` : ''})`, ''];
  out.push(...startupSequence(l));
  out.push('');
  out.push(`Each regular init container must exit 0 before the next starts; if one fails, ${initFailure(l)}.`);
  if (sidecars) {
    out.push('');
    out.push(`Native sidecars keep running beside the app and are restarted when they exit.${sidecarVersionNote(settings)}`);
  }
  out.push('');
  out.push(`\`kubectl get pod\` shows: ${initStatuses(l).join('; ')}.`);
  const down = shutdownSequence(l);
  if (sidecars && down.length) {
    out.push('');
    out.push(`On shutdown: ${down.join(', ')}.`);
  }
  out.push('');
  out.push(`[Init containers](${LINKS.init}) · [Sidecar containers](${LINKS.sidecar})`);
  return out.join('\n');
}

function sidecarVersionNote(settings: AnalysisSettings): string {
  const v = settings.kubernetesVersion;
  const support = nativeSidecarSupport(v);
  if (support === 'unknown') return ` **Kubernetes ${v} does not know native sidecars**: they need ${NATIVE_SIDECARS.onByDefault} (${NATIVE_SIDECARS.field} with the SidecarContainers feature gate).`;
  if (support === 'gated') return ` **In Kubernetes ${v} native sidecars need the SidecarContainers feature gate**: without it, \`restartPolicy\` is dropped and the sidecar blocks the pod's start.`;
  return '';
}

function appContainers(l: Lifecycle): string {
  const out = [`**App containers of this pod** (${l.apps.length})`, ''];
  out.push(
    l.init.length
      ? `They start together once ${l.init.length === 1 ? 'the init container has' : `all ${l.init.length} init containers have`} succeeded${l.sidecars.length ? ' (or started, for native sidecars)' : ''}.`
      : 'They start together when the pod is scheduled.',
  );
  if (l.job) {
    out.push('');
    out.push(
      `In a ${mdText(l.pod.kind)}, the pod succeeds when every app container has exited 0: ${l.sidecars.length ? 'native sidecars are then stopped for it.' : 'a container that never exits (a log shipper, a proxy) keeps the Job running: make it a native sidecar.'}`,
    );
  }
  out.push('');
  out.push(`Pod \`restartPolicy: ${l.restartPolicy}\`${l.pod.field.children?.some((c) => c.key === 'restartPolicy') ? '' : ' (the default)'} applies to them. [Restart policy](${LINKS.restart})`);
  return out.join('\n');
}

function containerRole(l: Lifecycle, c: ContainerModel, settings: AnalysisSettings): string {
  const out: string[] = [];
  if (c.list === 'initContainers') {
    const step = l.init.find((s) => s.container === c)!;
    const m = l.init.length;
    if (step.sidecar) {
      out.push(`**${nameOf(c)}: native sidecar** (init container ${step.position} of ${m}, \`restartPolicy: Always\`)`, '');
      out.push(
        `Starts in the init order${step.position > 1 ? `, after step ${step.position - 1}` : ', first'}; the next step waits until it has ${step.hasStartupProbe ? 'passed its `startupProbe`' : 'started (add a `startupProbe` to make the next steps wait until it is ready)'}.`,
      );
      out.push('Keeps running while the app runs and is restarted whenever it exits, whatever the pod\'s restartPolicy.');
      out.push(`Stopped after the app containers, in reverse order of start${l.job ? '; it does not keep the Job from completing' : ''}.${sidecarVersionNote(settings)}`);
      out.push('', `[Sidecar containers](${LINKS.sidecar})`);
    } else {
      out.push(`**${nameOf(c)}: init container ${step.position} of ${m}**`, '');
      out.push(
        step.position === 1
          ? 'Runs first, before every other container of the pod.'
          : `Starts after ${nameOf(l.init[step.position - 2].container)} has ${l.init[step.position - 2].sidecar ? 'started' : 'succeeded'}.`,
      );
      out.push(`Must run to completion and exit 0; the ${step.position < m ? 'next init container' : 'app containers'} wait${step.position < m ? 's' : ''} for it. If it fails, ${initFailure(l)}.`);
      out.push('While it runs, `kubectl get pod` shows `Init:' + (step.position - 1) + '/' + m + '`.');
      if (step.runningSidecars.length) out.push(`Sidecars already running beside it: ${step.runningSidecars.map(nameOf).join(', ')}.`);
      out.push('', `[Init containers](${LINKS.init})`);
    }
  } else if (c.list === 'containers') {
    out.push(`**${nameOf(c)}: app container** (${c.index + 1} of ${l.apps.length})`, '');
    out.push(l.init.length ? `Starts once every init step is done (${l.init.length} init container${l.init.length === 1 ? '' : 's'}).` : 'Starts when the pod starts.');
    out.push(
      l.job
        ? `Its exit decides the ${mdText(l.pod.kind)}: the pod succeeds when every app container has exited 0.`
        : `If it exits, pod \`restartPolicy: ${l.restartPolicy}\` decides: ${l.restartPolicy === 'Never' ? 'it is not restarted' : l.restartPolicy === 'OnFailure' ? 'restarted only after a failure' : 'restarted with back-off'}.`,
    );
    if (l.sidecars.length) out.push(`Stopped before the sidecars ${l.sidecars.map(nameOf).join(', ')}.`);
  } else {
    out.push(`**${nameOf(c)}: ephemeral container**`, '');
    out.push('Added to a running pod with `kubectl debug` for troubleshooting; never restarted, no probes, ports or resources. It cannot be part of a manifest you create.');
  }
  return out.join('\n');
}

function podRestart(l: Lifecycle): string {
  const out = [`**Pod \`restartPolicy: ${l.restartPolicy}\`**`, ''];
  out.push(`Applies to the app containers${l.init.length ? ' and, on failure, to the regular init containers' : ''}.`);
  if (l.sidecars.length) out.push(`Native sidecars (${l.sidecars.map(nameOf).join(', ')}) have their own \`restartPolicy: Always\` and are restarted whatever this says.`);
  if (l.job) out.push(`A ${mdText(l.pod.kind)}'s pod must say \`OnFailure\` or \`Never\`: the default \`Always\` is rejected.`);
  out.push('', `[Restart policy](${LINKS.restart})`);
  return out.join('\n');
}

function containerRestart(l: Lifecycle, c: ContainerModel, settings: AnalysisSettings): string {
  const v = str(child(c.field, 'restartPolicy'));
  const out = [`**Container ${mdCode(`restartPolicy${v ? `: ${v}` : ''}`)}**`, ''];
  if (c.list === 'initContainers') {
    if (v === 'Always') {
      out.push(`Makes ${nameOf(c)} a **native sidecar**: it starts in the init order, keeps running beside the app, may have probes and a lifecycle, and is stopped after the app containers. It overrides the pod's \`restartPolicy: ${l.restartPolicy}\` for this container.${sidecarVersionNote(settings)}`);
    } else {
      out.push(`On an init container only \`Always\` (a native sidecar) is the usual value; without it the pod's \`restartPolicy: ${l.restartPolicy}\` decides what a failure does.`);
    }
  } else {
    out.push(
      `On an app container, \`restartPolicy\` is accepted only from Kubernetes 1.35 (container restart rules); before that the API server rejects or drops it. For a helper that must keep running beside the app, move the container to \`initContainers\` with \`restartPolicy: Always\` (a native sidecar).`,
    );
  }
  out.push('', `[Sidecar containers](${LINKS.sidecar})`);
  return out.join('\n');
}

function probeHover(l: Lifecycle, c: ContainerModel, key: string): string {
  const out = [`**\`${key}\` on ${nameOf(c)}**`, ''];
  if (c.role === 'init') {
    out.push(`**Not allowed here**: a regular init container runs to completion, so the API server rejects probes on it ("may not be set for init containers without restartPolicy=Always"). Remove it, or make ${nameOf(c)} a native sidecar (\`restartPolicy: Always\`).`);
  } else if (c.role === 'sidecar') {
    if (key === 'startupProbe') out.push('Allowed on a native sidecar, and useful: the next init container and the app containers wait until it succeeds.');
    else if (key === 'readinessProbe') out.push('Allowed on a native sidecar: its readiness counts toward the pod\'s readiness.');
    else out.push('Allowed on a native sidecar: the kubelet restarts the sidecar when it fails.');
  } else if (c.role === 'ephemeral') {
    out.push('Not allowed on ephemeral containers.');
  } else {
    const what =
      key === 'startupProbe'
        ? 'holds back the liveness and readiness probes until it succeeds'
        : key === 'readinessProbe'
          ? 'decides whether the pod receives Service traffic'
          : `restarts the container when it fails (pod \`restartPolicy: ${l.restartPolicy}\` permitting)`;
    out.push(`On an app container it ${what}.`);
  }
  out.push('', `[Container probes](${LINKS.probes})`);
  return out.join('\n');
}

function lifecycleHover(c: ContainerModel): string {
  const out = [`**\`lifecycle\` on ${nameOf(c)}**`, ''];
  if (c.role === 'init') out.push(`**Not allowed here**: the API server rejects \`lifecycle\` on a regular init container. Remove it, or make ${nameOf(c)} a native sidecar (\`restartPolicy: Always\`).`);
  else if (c.role === 'sidecar') out.push('Allowed on a native sidecar: its `preStop` runs when the sidecar is stopped, after the app containers.');
  else if (c.role === 'ephemeral') out.push('Not allowed on ephemeral containers.');
  else out.push('`postStart` runs right after the container starts; `preStop` runs before it receives SIGTERM.');
  return out.join('\n');
}

function resourcesHover(pod: PodSpecModel, c?: ContainerModel): string | undefined {
  const eff = effectiveResources(pod);
  const names = [...new Set([...eff.requests.keys(), ...eff.limits.keys(), ...eff.unlimited.keys()])].sort();
  if (names.length === 0) return undefined;
  const out = [`**Effective resources of this pod**${c ? ` (what ${nameOf(c)} contributes to)` : ''}`, ''];
  out.push('| resource | requests | limits |', '|---|---|---|');
  for (const n of names) {
    const r = eff.requests.get(n);
    const lim = eff.limits.get(n);
    const unl = eff.unlimited.get(n);
    out.push(`| ${mdText(n)} | ${r ? showQuantity(n, r) : '—'} | ${unl ? `none (no limit on ${unl.map(mdCode).join(', ')})` : lim ? showQuantity(n, lim) : '—'} |`);
  }
  out.push('');
  if (eff.podLevel) out.push('Pod-level `spec.resources` decides where it is set.');
  else
    out.push(
      'The scheduler takes, per resource, the larger of the biggest init step (an init container plus the sidecars already running) and the sum of the app containers and all sidecars' +
        (eff.overhead.size ? ', plus the pod overhead.' : '.'),
    );
  const decided = names.filter((n) => eff.requestSource.has(n)).map((n) => `${mdText(n)}: ${eff.requestSource.get(n)}`);
  if (decided.length) out.push(`Requests decided by: ${decided.join('; ')}.`);
  out.push('', `[Resource sharing with init containers](${LINKS.resources})`);
  return out.join('\n');
}
