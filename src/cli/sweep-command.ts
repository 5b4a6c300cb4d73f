import { TZDate } from '@date-fns/tz';
import type { Locale } from '../core/context';
import type { DialogEngine } from '../core/engine';
import { formatDate, text } from '../core/i18n';
import type { Nudge } from '../core/reminders/nudge';
import type { NudgePolicy } from '../core/reminders/policy';
import { isPublicHoliday, isWorkingDay, isWorkingTime, localDate } from '../core/reminders/working-time';
import type { SenderFor } from '../reminders/port';
import { tally } from '../reminders/run';
import { type SweepEntry, type SweepLogger, type SweepReport, sweep } from '../reminders/sweep';
import type { KeyValueStore } from '../store/port';
import { formatMoment } from './reminder-lines';

/**
 * `paysetup sweep`: one sweep by hand. A dry run lists the nudges due at that moment (team, language, step, owner, and
 * why each is due) and sends and writes nothing; `--now` checks the policy for any moment, and only as a dry run:
 * nudges are only ever sent for the real time, so no nudge goes out for a day that is not today.
 */

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * `--now`: an ISO date and time. Without a UTC offset it is read in `timeZone` (the reminders' default,
 * REMINDER_TIME_ZONE), as an operator says "Thursday at 10". Null when it is no such time.
 */
export function parseNow(textValue: string, timeZone: string): Date | null {
  const match = ISO_TIME.exec(textValue.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, offset] = match;
  if (offset) {
    const date = new Date(textValue.trim().replace(' ', 'T'));
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const local = new TZDate(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
    timeZone,
  );
  const date = new Date(local.getTime());
  // 2027-02-30 rolls over; refuse it instead of checking another day than the one asked for.
  return Number.isNaN(date.getTime()) || localDate(date, timeZone) !== `${year}-${month}-${day}`
    ? null
    : date;
}

/** Why nothing is due at a moment, in the default calendar (teams with a calendar of their own keep theirs). */
export type QuietReason = 'weekend' | 'holiday' | 'hours' | 'none';

export function quietReason(at: Date, policy: NudgePolicy): QuietReason {
  const calendar = policy.calendar;
  if (!isWorkingDay(at, calendar))
    return isPublicHoliday(localDate(at, calendar.timeZone), calendar) ? 'holiday' : 'weekend';
  if (!isWorkingTime(at, calendar)) return 'hours';
  return 'none';
}

export interface SweepCommand {
  engine: DialogEngine;
  store: KeyValueStore;
  senderFor: SenderFor;
  logger: SweepLogger;
  now: Date;
  dryRun: boolean;
  json: boolean;
  /** The language of the output. */
  locale: Locale;
  stdout: NodeJS.WritableStream;
}

/**
 * An entry of `--json`: the sweep's entry, and for a team not due at that moment, when its next nudge is (null: none)
 * and the time zone it keeps to.
 */
type JsonEntry = SweepEntry & { nextNudgeAt?: string | null; timeZone?: string };

/** Runs the sweep and prints it. Exit code: 0, or 1 when a nudge could not be sent (a later sweep tries again). */
export async function runSweepCommand(command: SweepCommand): Promise<number> {
  const { engine, now } = command;
  const report = await sweep(
    now,
    { engine, store: command.store, senderFor: command.senderFor, logger: command.logger },
    { dryRun: command.dryRun },
  );
  // In the order of the teams, not of the sweep's workers (which finish in any order).
  const sorted = [...report.entries].sort((a, b) => (a.team < b.team ? -1 : a.team > b.team ? 1 : 0));
  const entries: JsonEntry[] = await Promise.all(
    sorted.map(async (entry) =>
      entry.outcome === 'rescheduled' ? { ...entry, ...(await nextNudge(engine, entry.team, now)) } : entry,
    ),
  );
  const counts = tally(report);
  // Nothing to do at all (at most teams whose nudge is not due at this moment): say why.
  const quiet = counts.rescheduled === report.entries.length ? quietReason(now, engine.reminders) : null;
  if (command.json) {
    const calendar = engine.reminders.calendar;
    command.stdout.write(
      `${JSON.stringify(
        {
          at: report.at,
          dryRun: command.dryRun,
          due: report.due,
          counts,
          entries,
          ...(quiet
            ? { quiet: { reason: quiet, timeZone: calendar.timeZone, holidays: holidaysOf(engine) } }
            : {}),
        },
        null,
        2,
      )}\n`,
    );
  } else command.stdout.write(humanReport(report, entries, quiet, command));
  return counts.failed > 0 ? 1 : 0;
}

/** When a team's next nudge is, as planned at `now`. */
async function nextNudge(
  engine: DialogEngine,
  team: string,
  now: Date,
): Promise<{ nextNudgeAt: string | null; timeZone?: string }> {
  const loaded = await engine.load(team);
  if (loaded.version === null || loaded.unreadable !== undefined) return { nextNudgeAt: null };
  const status = engine.reminderStatus(loaded.record, now);
  return { nextNudgeAt: status.nextNudgeAt, timeZone: status.timeZone };
}

function holidaysOf(engine: DialogEngine): string {
  const { country, region } = engine.reminders.calendar;
  return region ? `${country}-${region}` : country;
}

function humanReport(
  report: SweepReport,
  entries: JsonEntry[],
  quiet: QuietReason | null,
  command: SweepCommand,
): string {
  const { locale, engine } = command;
  const calendar = engine.reminders.calendar;
  const lines = [
    text(locale, 'sweep.header', {
      time: formatMoment(locale, report.at, calendar.timeZone),
      timeZone: calendar.timeZone,
    }),
  ];
  for (const entry of entries) lines.push(`- ${entryLine(entry, command)}`);
  const counts = tally(report);
  if (quiet) {
    lines.push(text(locale, 'sweep.nothingDue'));
    lines.push(
      text(locale, `sweep.quiet.${quiet}`, {
        timeZone: calendar.timeZone,
        holidays: holidaysOf(engine),
        start: calendar.startHour,
        end: calendar.endHour,
      }),
    );
    if (quiet !== 'none') lines.push(text(locale, 'sweep.quiet.ownCalendar'));
  } else if (command.dryRun) lines.push(text(locale, 'sweep.dryRun', { count: counts.listed }));
  else lines.push(text(locale, 'sweep.sent', { count: counts.sent + counts.recovered }));
  if (counts.failed > 0) lines.push(text(locale, 'sweep.failed', { count: counts.failed }));
  return `${lines.join('\n')}\n`;
}

function entryLine(entry: JsonEntry, command: SweepCommand): string {
  const { locale } = command;
  const described = entry.nudge ? nudgeLine(entry.nudge, command) : null;
  if (entry.outcome === 'listed' && described) return described;
  const outcome = outcomeText(entry, command);
  return described
    ? `${described} – ${outcome}`
    : text(locale, 'sweep.outcomeLine', { team: entry.team, outcome });
}

/** Team, language, step, owner and why the nudge is due. */
function nudgeLine(nudge: Nudge, command: SweepCommand): string {
  const { locale } = command;
  const step =
    nudge.step !== null && nudge.stepId
      ? text(locale, 'sweep.step', {
          number: nudge.step,
          title: text(locale, `flow:steps.${nudge.stepId}.title`),
        })
      : text(locale, 'sweep.betweenSteps');
  const owner = nudge.owner
    ? text(locale, 'sweep.owner', { owner: nudge.owner.name ?? nudge.owner.id })
    : text(locale, 'sweep.noOwner');
  const date = nudge.target ? formatDate(locale, `${nudge.target}T12:00:00Z`) : '';
  const reason =
    nudge.reason === 'stalled'
      ? text(locale, 'sweep.reason.stalled', { count: nudge.idleDays, number: nudge.number })
      : nudge.reason === 'targetNear'
        ? text(locale, 'sweep.reason.targetNear', {
            count: nudge.daysToTarget ?? 0,
            date,
            number: nudge.number,
          })
        : text(locale, 'sweep.reason.targetPassed', { date, number: nudge.number });
  return text(locale, 'sweep.entry', {
    team: nudge.team,
    language: text(locale, `sweep.language.${nudge.locale}`),
    step,
    owner,
    reason,
  });
}

function outcomeText(entry: JsonEntry, command: SweepCommand): string {
  const { locale } = command;
  const error = entry.error ?? '';
  switch (entry.outcome) {
    case 'rescheduled':
      return entry.nextNudgeAt
        ? text(locale, 'sweep.outcome.rescheduled', {
            next: `${formatMoment(locale, entry.nextNudgeAt, entry.timeZone ?? command.engine.reminders.calendar.timeZone)} (${entry.timeZone ?? command.engine.reminders.calendar.timeZone})`,
          })
        : text(locale, 'sweep.outcome.rescheduledNone');
    case 'gone':
    case 'failed':
      return text(locale, `sweep.outcome.${entry.outcome}`, { error });
    default:
      return text(locale, `sweep.outcome.${entry.outcome}`);
  }
}
