import type { Locale } from '../core/context';
import type { DialogEngine, TeamStatus } from '../core/engine';
import type { NudgePolicy } from '../core/reminders/policy';
import {
  isWorkingDay,
  localDate,
  parseHolidayRegion,
  type WorkCalendar,
  workingDaysBetween,
} from '../core/reminders/working-time';
import type { QuestionLog, UnansweredQuestion } from '../questions/QuestionLog';
import type { KeyValueStore } from '../store/port';

/**
 * The experts' digest, channel-neutral: once a day, on a working-day morning, which teams have stalled, at which step
 * and question, with their open items and days to target. The Slack adapter posts it (`adapters/slack/reminders`).
 *
 * A team is listed when it has started, is not done, and has not moved for at least the policy's `stallDays`
 * working days in its own calendar. That covers the teams every nudge went out to (`exhausted`: the policy hands them
 * to the experts), teams whose reminders are off (stopped, or their channel is gone), and teams the reminders cannot
 * reach (the terminal, Alexa). Longest idle first.
 */

/** What one digest run did. */
export type DigestResult =
  /** Posted to the experts' channel: `listed` lines of `stalled` stalled teams (the rest as "and N more"). */
  | { kind: 'posted'; date: string; stalled: number; listed: number }
  /** Today's digest was claimed with nothing to report: no message (and none again today). */
  | { kind: 'empty'; date: string }
  /**
   * Nothing done now: no DIGEST_CHANNEL; not a working day or before the morning's start in the default calendar;
   * or today's digest was posted (or is being posted) by another run.
   */
  | { kind: 'skipped'; reason: 'noChannel' | 'notWorkingDay' | 'tooEarly' | 'taken' }
  /** It could not be posted; today's claim was given back, so a later run tries again. */
  | { kind: 'failed'; date: string; code: string; detail: string };

/** One stalled team, as a digest line shows it. */
export interface DigestEntry {
  team: string;
  /** The team's own language (the digest speaks the deployment's). */
  locale: Locale;
  step: number | null;
  stepId: string | null;
  /** The question the team would answer next. */
  questionId: string | null;
  openItems: number;
  target: string | null;
  daysToTarget: number | null;
  /** Working days since the team last did something, in its own calendar. */
  idleDays: number;
  lastActivityAt: string;
  /** Every nudge went out and nothing moved. */
  exhausted: boolean;
  remindersOff: 'asked' | 'channelGone' | null;
}

export interface Digest {
  /** The day it is for (`YYYY-MM-DD` in the default calendar). */
  date: string;
  /** The longest-stalled teams, at most `limit`. */
  entries: DigestEntry[];
  /** How many teams are stalled in all. */
  stalled: number;
  /** The working days that make a team stalled. */
  stallDays: number;
  /** The questions the assistant could not answer in the last seven days, newest first (at most `limit`). */
  questions: UnansweredQuestion[];
  /** How many there were in all. */
  unanswered: number;
}

/** When the digest may go out: a working day in `calendar`, from its working hours' start on. */
export function digestDay(
  now: Date,
  calendar: WorkCalendar,
): { due: true; date: string } | { due: false; reason: 'notWorkingDay' | 'tooEarly' } {
  if (!isWorkingDay(now, calendar)) return { due: false, reason: 'notWorkingDay' };
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: calendar.timeZone,
      hour: '2-digit',
      hourCycle: 'h23',
    }).format(now),
  );
  if (hour < calendar.startHour) return { due: false, reason: 'tooEarly' };
  return { due: true, date: localDate(now, calendar.timeZone) };
}

/** The team's own calendar as its status names it. */
function calendarOfStatus(status: TeamStatus, policy: NudgePolicy): WorkCalendar {
  const { region: _region, ...base } = policy.calendar;
  const holidays = parseHolidayRegion(status.reminders.holidays);
  return {
    ...base,
    timeZone: status.reminders.timeZone,
    country: holidays?.country ?? policy.calendar.country,
    ...(holidays?.region ? { region: holidays.region } : {}),
  };
}

export interface CollectOptions {
  /** Lines at most; the rest are counted. @default 20 */
  limit?: number;
  /** Teams read per page of `engine.teams`. @default 500 */
  pageSize?: number;
  /** Pages read at most (a bound on a huge store). @default 1000 */
  maxPages?: number;
  /** Where the unanswered questions are (the week's are listed); none without it. */
  questionLog?: QuestionLog;
}

/**
 * Every stalled team, longest idle first: reads all teams a page at a time (`engine.teams`; once a day), then each
 * listed team's record for the question it stands at.
 */
export async function collectDigest(
  engine: DialogEngine,
  now: Date,
  date: string,
  options: CollectOptions = {},
): Promise<Digest> {
  const limit = options.limit ?? 20;
  const policy = engine.reminders;
  const stalled: DigestEntry[] = [];
  let after: string | undefined;
  for (let page = 0; page < (options.maxPages ?? 1000); page += 1) {
    const listed = await engine.teams('', { limit: options.pageSize ?? 500, ...(after ? { after } : {}) });
    for (const team of listed.teams) {
      const entry = entryOf(team, now, policy);
      if (entry) stalled.push(entry);
    }
    if (!listed.next) break;
    after = listed.next;
  }
  stalled.sort(
    (a, b) =>
      b.idleDays - a.idleDays ||
      a.lastActivityAt.localeCompare(b.lastActivityAt) ||
      a.team.localeCompare(b.team),
  );
  const entries = stalled.slice(0, limit);
  for (const entry of entries) {
    const loaded = await engine.load(entry.team);
    entry.questionId = loaded.version === null ? null : loaded.record.context.cursor;
  }
  const week = options.questionLog
    ? await options.questionLog.list({ since: new Date(now.getTime() - 7 * 86_400_000), limit: 500 })
    : [];
  return {
    date,
    entries,
    stalled: stalled.length,
    stallDays: policy.stallDays,
    questions: week.reverse().slice(0, limit),
    unanswered: week.length,
  };
}

function entryOf(team: TeamStatus, now: Date, policy: NudgePolicy): DigestEntry | null {
  if (team.done || team.unreadable || !team.startedAt) return null;
  const last = team.lastActivityAt ?? team.startedAt;
  const idleDays = workingDaysBetween(new Date(last), now, calendarOfStatus(team, policy));
  const exhausted = team.reminders.none === 'exhausted';
  if (!exhausted && idleDays < policy.stallDays) return null;
  return {
    team: team.team,
    locale: team.locale,
    step: typeof team.step === 'number' ? team.step : null,
    stepId: team.stepId,
    questionId: null,
    openItems: team.openItems,
    target: team.reminders.target,
    daysToTarget: team.reminders.daysToTarget,
    idleDays,
    lastActivityAt: last,
    exhausted,
    remindersOff: team.reminders.off,
  };
}

/** How long a digest run's claim holds before another run may take it over (it died while posting). */
export const DIGEST_LEASE_MS = 10 * 60_000;
/** How long a day's claim is kept: long past the day, so that no run posts it again. */
export const DIGEST_CLAIM_TTL_MS = 4 * 24 * 3600_000;

interface DigestMark {
  state: 'pending' | 'posted' | 'empty';
  at: string;
}

export const digestKey = (date: string): string => `digest:${date}`;

export type DigestClaim =
  /** This run may post today's digest; `takenOver`: a run that died had claimed it (at that time). */
  { kind: 'claimed'; version: number; takenOver?: Date } | { kind: 'taken' };

/**
 * Claims the day's digest in the shared store (created with no previous version: of two runs at once, one wins).
 * A pending claim older than DIGEST_LEASE_MS is taken over (with the version check); the caller should then check
 * whether the run that died had posted it.
 */
export async function claimDigest(store: KeyValueStore, date: string, now: Date): Promise<DigestClaim> {
  const key = digestKey(date);
  const mark = JSON.stringify({ state: 'pending', at: now.toISOString() } satisfies DigestMark);
  const created = await store.put(key, mark, null, { ttlMs: DIGEST_CLAIM_TTL_MS });
  if (created.ok) return { kind: 'claimed', version: created.version };
  const stored = await store.get(key);
  if (!stored) return { kind: 'taken' }; // it went meanwhile; the next run creates it again
  const held = readMark(stored.value);
  if (held && (held.state !== 'pending' || now.getTime() - Date.parse(held.at) < DIGEST_LEASE_MS))
    return { kind: 'taken' };
  const took = await store.put(key, mark, stored.version, { ttlMs: DIGEST_CLAIM_TTL_MS });
  if (!took.ok) return { kind: 'taken' };
  return {
    kind: 'claimed',
    version: took.version,
    takenOver: new Date(held ? Date.parse(held.at) : now.getTime()),
  };
}

/** Today's digest is done (posted, or nothing to report): no run posts it again. */
export async function finishDigest(
  store: KeyValueStore,
  date: string,
  claim: Extract<DigestClaim, { kind: 'claimed' }>,
  state: 'posted' | 'empty',
  now: Date,
): Promise<void> {
  const mark = JSON.stringify({ state, at: now.toISOString() } satisfies DigestMark);
  await store.put(digestKey(date), mark, claim.version, { ttlMs: DIGEST_CLAIM_TTL_MS });
}

/** The post failed before reaching anyone: a later run may try today's digest again. */
export async function releaseDigest(store: KeyValueStore, date: string): Promise<void> {
  await store.delete(digestKey(date));
}

function readMark(value: string): DigestMark | null {
  try {
    const parsed = JSON.parse(value) as Partial<DigestMark>;
    return (parsed.state === 'pending' || parsed.state === 'posted' || parsed.state === 'empty') &&
      typeof parsed.at === 'string'
      ? { state: parsed.state, at: parsed.at }
      : null;
  } catch {
    return null;
  }
}
