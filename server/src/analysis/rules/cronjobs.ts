/**
 * A CronJob's own fields, as validateCronJobSpec, validateScheduleFormat,
 * validateTimeZone, validateConcurrencyPolicy and ValidateCronJobCreate
 * (pkg/apis/batch/validation/validation.go) check them on create: the
 * schedule as robfig/cron's standard parser reads it (cron.ts), `TZ=` in the
 * schedule (accepted up to 1.28, refused from 1.29), the time zone as
 * time.LoadLocation finds it (knowledge/timeZones.ts), the concurrency policy
 * and the name's length. Its job template is checked as a Job's spec
 * (jobs.ts, workloads.ts).
 */
import { child, isSet, str } from '../model';
import { defineRule } from './rule';
import { invalid, required, type FieldError } from './fieldErrors';
import { atLeast, changeValueFix, checkValue, goString, type Replacement } from './common';
import { CRONJOB } from './examples';
import { parseStandard } from '../cron';
import { isKnownTimeZone } from '../knowledge/timeZones';
import { VALUE_SETS } from '../knowledge/values';
import { goJSONString, jsonValues } from './stringFormats';

const BATCH = 'pkg/apis/batch/validation/validation.go';

const cronSchedule = defineRule({
  id: 'workload/cronjob-schedule',
  severity: 'error',
  title: 'CronJob needs a valid schedule, without TZ= in it',
  description:
    '`spec.schedule` is required: five cron fields — minute (0–59), hour (0–23), day of month (1–31), month (1–12 or `jan`–`dec`), day of week (0–6 or `sun`–`sat`; 7 is not Sunday here) — each `*`, `?`, a value, a range `a-b`, a step `*/n` or `a-b/n`, or a comma-separated list of these; or a descriptor: `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`, `@every <duration>` (`@every 1h30m`). From Kubernetes 1.29 a time zone goes in `spec.timeZone` (`Europe/Paris`), not as `TZ=` or `CRON_TZ=` inside the schedule; up to 1.28 the prefix is accepted (but not together with `spec.timeZone`).',
  upstream: `validateCronJobSpec, validateScheduleFormat (${BATCH}); cron.ParseStandard (github.com/robfig/cron/v3)`,
  rejects: true,
  applies: { kinds: ['CronJob'] },
  example: { invalid: CRONJOB('  schedule: "0 3 * * 7"\n'), valid: CRONJOB('  schedule: "0 3 * * 0"\n') },
  scope: 'object',
  check(ctx) {
    const spec = child(ctx.object, 'spec');
    if (isSet(spec) && spec.kind !== 'map') return;
    const f = child(spec, 'schedule');
    const v = goString(f);
    if (v === undefined) return;
    const path = `${spec?.path ?? 'spec'}.schedule`;
    if (v === '') {
      // Pointed at `jobTemplate`, beside which the schedule belongs, when there is no `schedule` key.
      ctx.report({ field: f ?? child(spec, 'jobTemplate') ?? spec ?? child(ctx.object, 'kind')!, on: 'key', ...required(path) });
      return;
    }
    const at = { field: f!, on: 'value' as const };
    const parsed = parseStandard(v, isKnownTimeZone);
    const tz = v.includes('TZ');
    const report = (e: FieldError): void => ctx.report({ ...at, ...e });
    if (parsed.ok === false) report(invalid(path, v, parsed.error));
    else if (parsed.ok === 'panic') {
      // 1.35 recovers the parser's panic (ParseCronScheduleWithPanicRecovery); before, the request fails with an internal error.
      if (atLeast(ctx.version, '1.35')) report(invalid(path, v, `invalid schedule format: ${parsed.error}`));
      else if (!tz || !atLeast(ctx.version, '1.29'))
        report(invalid(path, v, `the API server's cron parser panics on it (${parsed.error}): the request fails with an internal error`));
    }
    if (!tz) return;
    if (atLeast(ctx.version, '1.29')) report(invalid(path, v, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    else if (isSet(child(spec, 'timeZone'))) report(invalid(path, v, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  },
});

/** validTimeZoneCharacters: one part of a time zone name (IANA's naming rules, digits and + tolerated). */
const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

const timeZone = defineRule({
  id: 'workload/cronjob-time-zone',
  severity: 'error',
  title: 'timeZone must be a time zone name of the IANA database',
  description:
    '`spec.timeZone` is a name of the IANA time zone database such as `Europe/Paris`, `America/New_York` or `Etc/UTC`, written as the database writes it (names are case-sensitive), which the API server loads with Go\'s `time.LoadLocation`. This rule checks the name against the database Go embeds (tzdata 2025c; `posix/` and `right/` variants too, which the server image also has); `Local` is refused, and an empty string is not "no time zone": leave the field out for the controller\'s own zone.',
  upstream: `validateTimeZone, ${BATCH}`,
  rejects: true,
  applies: { kinds: ['CronJob'] },
  example: { invalid: CRONJOB('  schedule: "0 3 * * *"\n  timeZone: Europe/Pariss\n'), valid: CRONJOB('  schedule: "0 3 * * *"\n  timeZone: Europe/Paris\n') },
  scope: 'object',
  check(ctx) {
    const f = child(child(ctx.object, 'spec'), 'timeZone');
    if (!isSet(f)) return;
    const v = str(f);
    if (v === undefined) return;
    const path = f.path;
    // The value is a *string: printed as its JSON string from 1.34, as the quoted string before.
    const rendered = jsonValues(ctx.version) ? goJSONString(v) : JSON.stringify(v);
    const report = (detail: string): void => ctx.report({ field: f, on: 'value', fieldPath: path, apiErrorType: 'Invalid', message: `${path}: Invalid value: ${rendered}: ${detail}` });
    if (v === '') {
      report('timeZone must be nil or non-empty string');
      return;
    }
    for (const part of v.split('/')) {
      if (part === '.' || part === '..' || part.startsWith('-') || !TZ_PART.test(part)) {
        report(`unknown time zone ${v}`);
        return;
      }
    }
    if (v.toLowerCase() === 'local') report('timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
    if (v === 'UTC' || v === 'Local') return;
    if (v.includes('..')) {
      report('time: invalid location name');
      return;
    }
    if (isKnownTimeZone(v) === false) report(`unknown time zone ${v}`);
  },
});

const concurrencyPolicy = defineRule<Replacement>({
  id: 'workload/cronjob-concurrency-policy',
  severity: 'error',
  title: 'concurrencyPolicy must be Allow, Forbid or Replace',
  description: '`concurrencyPolicy` says what happens when a run is due while the previous one still runs: `Allow` (the default: leave the field out), `Forbid` (skip the new run) or `Replace` (stop the old run).',
  upstream: `validateConcurrencyPolicy, ${BATCH}`,
  rejects: true,
  applies: { kinds: ['CronJob'] },
  example: { invalid: CRONJOB('  schedule: "0 3 * * *"\n  concurrencyPolicy: forbid\n'), valid: CRONJOB('  schedule: "0 3 * * *"\n  concurrencyPolicy: Forbid\n') },
  scope: 'object',
  // An empty string is defaulted to Allow (batch/v1 defaults), as an absent field is.
  check: (ctx) => checkValue(ctx, child(child(ctx.object, 'spec'), 'concurrencyPolicy'), VALUE_SETS.concurrencyPolicy, { empty: 'defaulted' }),
  fix: changeValueFix,
});

const cronName = defineRule({
  id: 'workload/cronjob-name-length',
  severity: 'error',
  title: 'CronJob name longer than 52 characters',
  description: 'The CronJob controller names each Job `<cronjob-name>-<11 digits>`, and a Job name may have 63 characters: a CronJob name is at most 52.',
  upstream: `ValidateCronJobCreate, ${BATCH}`,
  rejects: true,
  applies: { kinds: ['CronJob'] },
  example: {
    invalid: CRONJOB('  schedule: "0 3 * * *"\n').replace('name: report', 'name: nightly-report-generation-for-the-finance-department-eu'),
    valid: CRONJOB('  schedule: "0 3 * * *"\n').replace('name: report', 'name: finance-nightly-report'),
  },
  scope: 'object',
  check(ctx) {
    const f = child(child(ctx.object, 'metadata'), 'name');
    const v = str(f);
    if (f && v !== undefined && new TextEncoder().encode(v).length > 52) ctx.report({ field: f, on: 'value', ...invalid(f.path, v, 'must be no more than 52 characters') });
  },
});

export const cronJobRules = [cronSchedule, timeZone, concurrencyPolicy, cronName];
