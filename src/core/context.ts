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
  | { date: string };

export interface Message {
  key: string;
  params?: Record<string, Param>;
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
