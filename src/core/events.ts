import type { AnswerValue } from '../../flows/types';
import type { Actor, Locale, Stamp } from './context';

/**
 * What a person can do, whatever the channel. Adapters build these from Slack clicks, Alexa intents or typed lines;
 * the engine adds the stamp (who, when, where).
 */
export type DialogInput =
  | { type: 'START' }
  | { type: 'ANSWER'; questionId: string; value: AnswerValue }
  | { type: 'CHECK'; questionId: string; itemId: string; checked: boolean }
  | { type: 'RECORD_TEST'; questionId: string; status: 'passed' | 'failed'; note?: string }
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'SKIP'; questionId?: string; reason?: string }
  /** Go back to an earlier answer to give it anew: by its number in the answer list, or by its question. */
  | { type: 'REVISIT'; number?: number; questionId?: string }
  | { type: 'HELP' }
  | { type: 'STATUS' }
  /** The recorded answers, numbered for REVISIT. */
  | { type: 'ANSWERS' }
  | { type: 'RESTART'; confirmed: boolean }
  | { type: 'SET_LOCALE'; locale: Locale }
  /** No nudge before `until`, or for `days` days from now. */
  | { type: 'SNOOZE'; until?: string; days?: number }
  /** Reminders off ("stop reminders") or on again. */
  | { type: 'REMINDERS'; on: boolean }
  /** Who carries a step (1–5; default: the current one); null: nobody. */
  | { type: 'SET_OWNER'; step?: number; owner: Actor | null }
  /** The target launch date, `YYYY-MM-DD`; null: none. */
  | { type: 'SET_TARGET'; date: string | null }
  /** The time zone and the public holidays nudges keep to. */
  | { type: 'SET_CALENDAR'; timeZone?: string; holidays?: string }
  | NudgeInput;

/**
 * The reminder sweep's own bookkeeping, never built from what a person said: claim a nudge before sending it (with
 * the version check, so two sweeps never both send it), record it as sent, give the claim back when the send failed
 * before reaching anyone, or switch reminders off because the bot cannot post in the team's channel any more.
 */
export type NudgeInput =
  | { type: 'NUDGE_CLAIM'; nudgeId: string; leaseMs: number }
  | { type: 'NUDGE_SENT'; nudgeId: string }
  | { type: 'NUDGE_RELEASE'; nudgeId: string }
  | { type: 'CHANNEL_GONE'; reason: string };

export type DialogEvent = DialogInput & Stamp;

/** Events that only look: the engine writes nothing back for them. */
export const READ_ONLY_INPUTS: ReadonlySet<DialogInput['type']> = new Set(['STATUS', 'HELP', 'ANSWERS']);
