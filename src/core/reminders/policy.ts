import { amazonPayFlow } from '../../../flows/amazon-pay';
import type { StepId } from '../../../flows/types';
import type { DialogContext, DialogState, Owner } from '../context';
import {
  addWorkingDays,
  DEFAULT_CALENDAR,
  localDate,
  nextWorkingTime,
  parseHolidayRegion,
  type WorkCalendar,
  workingDaysBetween,
} from './working-time';

/**
 * When a stalled team is nudged: pure, the clock passed in. A team that has not moved for `stallDays` working days
 * gets a first nudge; each further one waits longer (`backoffDays`), at most `maxNudges` since the team last did
 * something, after which the team is listed as stalled for the experts instead. Nudges keep to working days and
 * working hours in the team's time zone, and skip its public holidays.
 */
export interface NudgePolicy {
  /** Working days without activity before the first nudge. @default 3 */
  stallDays: number;
  /** Working days between further nudges: the second waits backoffDays[0], the third backoffDays[1], … @default [7, 14] */
  backoffDays: readonly number[];
  /** Nudges since the team's last activity, at most. @default 3 */
  maxNudges: number;
  /** No nudge within this long of the start (a brand-new team is left alone). @default 1 day */
  graceMs: number;
  /** How long a sweep's claim on a nudge holds before another sweep may take it over. @default 5 minutes */
  leaseMs: number;
  /** The time zone, holidays and working hours of a team that chose none. @default Europe/Berlin, DE, 9–17 */
  calendar: WorkCalendar;
  /**
   * The team keys a nudge can reach, by prefix: a channel the bot can post in by itself. @default Slack's only (the
   * terminal cannot be pushed to, and on Alexa only the user sets up reminders, in a session)
   */
  reachable: readonly string[];
}

export const DEFAULT_POLICY: NudgePolicy = {
  stallDays: 3,
  backoffDays: [7, 14],
  maxNudges: 3,
  graceMs: 24 * 3600_000,
  leaseMs: 5 * 60_000,
  calendar: DEFAULT_CALENDAR,
  reachable: ['slack:'],
};

/** Why a nudge is due: the team stalled, or the target date is near (or passed) with the work still open. */
export type NudgeReason = 'stalled' | 'targetNear' | 'targetPassed';

/** Why no nudge is planned. `exhausted`: every nudge was sent; the team is listed as stalled for the experts. */
export type NoNudge = 'notStarted' | 'done' | 'off' | 'exhausted' | 'unreachable';

export type NudgePlan =
  | {
      kind: 'due';
      /** When it goes out: at or after `now`, inside working hours (it is due now when `at` equals `now`). */
      at: Date;
      nudgeId: string;
      /** 1 for the first nudge since the team's last activity. */
      number: number;
      reason: NudgeReason;
      /** Working days since the team last did something. */
      idleDays: number;
      /** Calendar days from `now` to the target date (negative once it passed); null without a target. */
      daysToTarget: number | null;
      /** The step the team stands at, and who carries it. */
      step: StepId | null;
      owner: Owner | null;
    }
  /** A sweep is sending one: look again when its claim runs out. */
  | { kind: 'pending'; at: Date; nudgeId: string }
  | { kind: 'none'; why: NoNudge };

/** What the policy reads of a team. */
export interface TeamView {
  team: string;
  state: DialogState;
  context: DialogContext;
}

/** The team's calendar: its own time zone and holidays where it chose them, the policy's otherwise. */
export function calendarOf(context: DialogContext, policy: NudgePolicy = DEFAULT_POLICY): WorkCalendar {
  const reminders = context.reminders;
  const zoned = reminders?.timeZone ? { ...policy.calendar, timeZone: reminders.timeZone } : policy.calendar;
  const chosen = reminders?.holidays ? parseHolidayRegion(reminders.holidays) : null;
  if (!chosen) return zoned;
  const { region: _region, ...withoutRegion } = zoned;
  return chosen.region
    ? { ...withoutRegion, country: chosen.country, region: chosen.region }
    : { ...withoutRegion, country: chosen.country };
}

/** The step a team stands at: the current question's, or the state's when it is between questions. */
function currentStep(team: TeamView, steps: readonly StepId[]): StepId | null {
  return (steps as readonly string[]).includes(team.state) ? (team.state as StepId) : null;
}

/** The nudge a team gets next, as seen at `now`. */
export function planNudge(
  team: TeamView,
  now: Date,
  policy: NudgePolicy = DEFAULT_POLICY,
  steps: readonly StepId[] = amazonPayFlow.steps,
): NudgePlan {
  const { context } = team;
  const reminders = context.reminders ?? {};
  if (!policy.reachable.some((prefix) => team.team.startsWith(prefix)))
    return { kind: 'none', why: 'unreachable' };
  if (!context.startedAt) return { kind: 'none', why: 'notStarted' };
  if (team.state === 'done' || context.doneAt) return { kind: 'none', why: 'done' };
  if (reminders.off) return { kind: 'none', why: 'off' };
  if (reminders.pending) {
    return {
      kind: 'pending',
      at: new Date(Date.parse(reminders.pending.at) + policy.leaseMs),
      nudgeId: reminders.pending.id,
    };
  }
  const lastActivity = Date.parse(context.lastActivityAt ?? context.startedAt);
  const sinceActivity = (reminders.nudges ?? []).filter((mark) => Date.parse(mark.at) > lastActivity);
  if (sinceActivity.length >= policy.maxNudges) return { kind: 'none', why: 'exhausted' };
  const calendar = calendarOf(context, policy);
  const last = sinceActivity.at(-1);
  const base = new Date(last ? Date.parse(last.at) : lastActivity);
  let interval =
    sinceActivity.length === 0
      ? policy.stallDays
      : (policy.backoffDays[sinceActivity.length - 1] ?? policy.backoffDays.at(-1) ?? policy.stallDays);
  let reason: NudgeReason = 'stalled';
  const target = reminders.target?.date;
  const daysToTarget = target ? calendarDaysBetween(localDate(now, calendar.timeZone), target) : null;
  if (target && daysToTarget !== null) {
    // As the target nears with the work still open, nudges come sooner: a third of the working days left, at least 1.
    const left = workingDaysBetween(base, new Date(`${target}T12:00:00Z`), calendar);
    const sooner = daysToTarget < 0 ? 1 : Math.max(1, Math.floor(left / 3));
    if (sooner < interval) {
      interval = sooner;
      reason = daysToTarget < 0 ? 'targetPassed' : 'targetNear';
    }
  }
  let at = addWorkingDays(base, interval, calendar).getTime();
  const started = Date.parse(context.startedAt);
  at = Math.max(at, started + policy.graceMs);
  if (context.snoozedUntil) at = Math.max(at, Date.parse(context.snoozedUntil));
  at = Math.max(at, now.getTime());
  const when = nextWorkingTime(new Date(at), calendar);
  const step = currentStep(team, steps);
  return {
    kind: 'due',
    at: when,
    nudgeId: `n${(reminders.sent ?? 0) + 1}`,
    number: sinceActivity.length + 1,
    reason,
    idleDays: workingDaysBetween(new Date(lastActivity), now, calendar),
    daysToTarget,
    step,
    owner: (step && reminders.owners?.[step]) || null,
  };
}

/** When the store should hand the team to a sweep (the due index), as planned at `now`; undefined: never. */
export function dueAtOf(
  team: TeamView,
  now: Date,
  policy: NudgePolicy = DEFAULT_POLICY,
  steps: readonly StepId[] = amazonPayFlow.steps,
): number | undefined {
  const plan = planNudge(team, now, policy, steps);
  return plan.kind === 'none' ? undefined : plan.at.getTime();
}

/** A team the experts should hear about: every nudge sent, and still nothing moved. */
export function isStalled(
  team: TeamView,
  now: Date,
  policy: NudgePolicy = DEFAULT_POLICY,
  steps: readonly StepId[] = amazonPayFlow.steps,
): boolean {
  const plan = planNudge(team, now, policy, steps);
  return plan.kind === 'none' && plan.why === 'exhausted';
}

/** Whole calendar days from one `YYYY-MM-DD` to another (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
