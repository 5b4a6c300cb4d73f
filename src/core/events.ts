import type { AnswerValue } from '../../flows/types';
import type { Locale, Stamp } from './context';

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
  | { type: 'SNOOZE'; until: string };

export type DialogEvent = DialogInput & Stamp;

/** Events that only look: the engine writes nothing back for them. */
export const READ_ONLY_INPUTS: ReadonlySet<DialogInput['type']> = new Set(['STATUS', 'HELP', 'ANSWERS']);
