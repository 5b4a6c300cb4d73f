import type { AnswerValue, StepId } from '../../flows/types';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Who did something: a Slack user, an Alexa user, a terminal user. `name` is what teammates see. */
export interface Actor {
  id: string;
  name?: string;
}

/** Who did something, when, and through which channel. */
export interface Stamp {
  by: Actor;
  at: string;
  channel: string;
}

export interface Answer extends Stamp {
  value: AnswerValue;
}

export interface Skip extends Stamp {
  reason?: string;
}

/** An answer, tick or skip that was replaced: kept so nothing a user said is ever silently dropped. */
export interface Revision {
  questionId: string;
  itemId?: string;
  previous: { answer?: Answer; skip?: Skip; check?: Stamp };
  replacedBy: Stamp;
}

/**
 * A value put into a localized message: plain, a message key to localize (with its own parameters), a list of keys
 * joined as the language joins them ("Web und App"; with `or`: "Web oder App"), or a date written the language's way
 * ("1. Dezember 2026").
 */
export type Param =
  | string
  | number
  | { key: string; params?: Record<string, Param> }
  | { keys: string[]; or?: boolean }
  /** A calendar date (`YYYY-MM-DD`), or the day of an instant as it is in `timeZone` (default UTC). */
  | { date: string; timeZone?: string };

export interface Message {
  key: string;
  params?: Record<string, Param>;
}

/** Who carries one step, as the team named them, and who named them when. */
export interface Owner extends Stamp {
  owner: Actor;
}

/** A reminder nudge the sweep sent, or claimed and is sending: `id` is the team's nth nudge (`n3`). */
export interface NudgeMark {
  id: string;
  at: string;
}

/**
 * What the reminders know about a team: settings the team chose (time zone, holidays, owners, target date, off) and
 * the sweep's own bookkeeping (nudges sent, the one being sent). Absent in records written before reminders existed.
 */
export interface Reminders {
  /** IANA time zone nudges keep to (working hours); absent: the deployment's default. */
  timeZone?: string;
  /** Whose public holidays count: a country, optionally with a region (`DE`, `DE-BY`, `US-NY`). */
  holidays?: string;
  /** Step id → who carries it. */
  owners?: Partial<Record<StepId, Owner>>;
  /** The target launch date (`YYYY-MM-DD`), with who set it. */
  target?: { date: string } & Stamp;
  /** Reminders stopped: by the team (`asked`), or because the bot cannot post in the channel any more. */
  off?: Stamp & { reason: 'asked' | 'channelGone' };
  /** How many nudges were ever sent. */
  sent?: number;
  /** The latest nudges sent (at most 10), oldest first. */
  nudges?: NudgeMark[];
  /** A nudge a sweep claimed and is sending; a claim older than the lease is taken over by the next sweep. */
  pending?: NudgeMark;
}

/** Everything the dialog remembers about one team. Plain JSON: it is stored as it is. */
export interface DialogContext {
  locale: Locale;
  /** The question being asked now, or null between steps and outside the flow. */
  cursor: string | null;
  answers: Record<string, Answer>;
  /** Checklist ticks: question id → item id → who ticked it. */
  checks: Record<string, Record<string, Stamp>>;
  skips: Record<string, Skip>;
  revisions: Revision[];
  startedAt: string | null;
  lastActivityAt: string | null;
  /** When the team first worked through all five steps; kept when an answer is changed later. */
  doneAt: string | null;
  snoozedUntil: string | null;
  reminders?: Reminders;
}

export type DialogState = 'welcome' | StepId | 'done';

export function emptyContext(locale: Locale): DialogContext {
  return {
    locale,
    cursor: null,
    answers: {},
    checks: {},
    skips: {},
    revisions: [],
    startedAt: null,
    lastActivityAt: null,
    doneAt: null,
    snoozedUntil: null,
  };
}
