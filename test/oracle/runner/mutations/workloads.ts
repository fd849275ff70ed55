/**
 * Workload specs (the fields of Deployments, DaemonSets, StatefulSets, Jobs and CronJobs outside
 * their pod template): values by the field's type and name, more draws on those fields, and bases
 * that set the optional parts (strategies, policies, completion modes), valid from 1.27 on.
 */
import { POD_SPEC_PATHS } from '../../../../server/src/analysis/knowledge/kinds';
import { TIME_ZONE_NAMES } from '../../../../server/src/analysis/knowledge/timeZones';
import type { MutationModule } from './index';
import type { FieldSite } from '../mutate';
import type { Obj } from '../bases';
import type { Random } from '../random';

/** The site is in the workload's own spec, not under its pod spec nor its metadata. */
function inWorkloadSpec(site: FieldSite, kind: string): boolean {
  const pod = POD_SPEC_PATHS[kind];
  if (!pod || pod.length < 2 || site.path[0] !== 'spec') return false;
  return !pod.every((seg, i) => site.path[i] === seg);
}

/** Cron fields: numbers at and beyond each field's bounds, names, ranges, steps, lists. */
function cronField(rnd: Random): string {
  const atoms = ['*', '?', '0', '1', '5', '6', '7', '12', '13', '23', '24', '31', '32', '59', '60', '-1', 'jan', 'DEC', 'mon', 'Sun', 'foo', ''];
  const a = rnd.pick(atoms);
  switch (rnd.int(5)) {
    case 0:
      return a;
    case 1:
      return `${a}-${rnd.pick(atoms)}`;
    case 2:
      return `${rnd.pick(['*', a])}/${rnd.pick(['0', '2', '15', 'x', ''])}`;
    case 3:
      return `${a},${rnd.pick(atoms)}`;
    default:
      return `${a}-${rnd.pick(atoms)}-${rnd.pick(atoms)}`;
  }
}

function schedules(rnd: Random): string[] {
  const five = Array.from({ length: 5 }, () => cronField(rnd)).join(' ');
  const four = Array.from({ length: 4 }, () => cronField(rnd)).join(' ');
  const six = Array.from({ length: 6 }, () => cronField(rnd)).join(' ');
  return [
    five, five.replace(/ /g, '\t'), four, six, '0 3 * * *', '*/5 * * * *', '0 0 29 2 *', '0 3 * * 7', '@daily', '@Daily', '@reboot', '@every 1h30m', '@every 1d',
    '@every -1s', '@every 0', 'CRON_TZ=UTC 0 * * * *', 'TZ=Europe/Paris 0 * * * *', 'TZ=Mars/Base 0 * * * *', 'TZ=UTC', 'TZ= 0 * * * *', ' 0 3 * * * ',
  ];
}

/** int-or-percent strings around the bounds the apps validation checks. */
const PERCENTS = ['0%', '1%', '100%', '101%', '-1%', '5', '-5', '5.5%', '%', ' 5%', '05%', '1e2%', '99999999999999999999%'];

const DOMAIN_PATHS = ['kubernetes.io/job-controller', 'example.com/ctrl', 'kueue', 'Example.com/x', 'example.com/', '/x', 'a'.repeat(60) + '.io/x'];
const INDEXES = ['0', '0-2', '0-2,5', '2-1', '1,1', '0-1-2', 'a', '-1', '99', '0,2-3,7'];

function values(site: FieldSite, _version: string, rnd: Random): unknown[] | undefined {
  const name = String(site.path[site.path.length - 1]);
  const t = site.def.type.kind;
  if (t === 'intOrString') return PERCENTS;
  if (t !== 'string') return undefined;
  if (name === 'schedule') return schedules(rnd);
  if (name === 'timeZone') return ['', 'UTC', 'Local', 'local', 'Etc/UTC', 'europe/paris', 'Europe/Pariss', '../etc', 'America/Argentina/Buenos_Aires', rnd.pick(TIME_ZONE_NAMES), `posix/${rnd.pick(TIME_ZONE_NAMES)}`, 'EST5EDT', 'GMT+1', 'a'.repeat(15)];
  if (name === 'managedBy') return DOMAIN_PATHS;
  if (name === 'succeededIndexes') return INDEXES;
  return undefined;
}

const template = (labels: Record<string, string>, restartPolicy?: string): Obj => ({
  metadata: { labels },
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'main', image: 'busybox:1.36' }] },
});

function bases(): Record<string, Obj[]> {
  const app = { app: 'web' };
  return {
    Deployment: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'rollout' },
        spec: { replicas: 3, minReadySeconds: 5, revisionHistoryLimit: 4, progressDeadlineSeconds: 120, strategy: { type: 'Recreate' }, selector: { matchLabels: app }, template: template(app) },
      },
    ],
    DaemonSet: [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'surge' },
        spec: { minReadySeconds: 1, revisionHistoryLimit: 2, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '10%', maxUnavailable: 0 } }, selector: { matchLabels: app }, template: template(app) },
      },
    ],
    StatefulSet: [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'ordered' },
        spec: {
          serviceName: 'ordered',
          replicas: 2,
          minReadySeconds: 3,
          podManagementPolicy: 'Parallel',
          ordinals: { start: 1 },
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
          selector: { matchLabels: app },
          template: { ...template(app), spec: { containers: [{ name: 'main', image: 'busybox:1.36', volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'cache', emptyDir: {} }] } },
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } } }],
        },
      },
    ],
    Job: [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'indexed' },
        spec: {
          completionMode: 'Indexed',
          completions: 5,
          parallelism: 2,
          backoffLimit: 2,
          activeDeadlineSeconds: 600,
          ttlSecondsAfterFinished: 60,
          podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [1, 42] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
          template: template({}, 'Never'),
        },
      },
    ],
    CronJob: [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'zoned' },
        spec: {
          schedule: '30 2 * * mon-fri',
          timeZone: 'Europe/Paris',
          startingDeadlineSeconds: 100,
          successfulJobsHistoryLimit: 1,
          failedJobsHistoryLimit: 1,
          concurrencyPolicy: 'Replace',
          jobTemplate: { spec: { completions: 2, parallelism: 2, template: template({}, 'OnFailure') } },
        },
      },
    ],
  };
}

export const workloadMutations: MutationModule = { name: 'workloads', values, focus: inWorkloadSpec, bases };
