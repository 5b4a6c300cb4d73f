import type { Locale, Param } from './context';

/**
 * Why an answer was refused. Each reason has its own wording, so a person hears what to change, not just "no".
 * - `format`: a text that does not fit the question's format (`flow:questions.<id>.invalid` explains it);
 * - `choice`: no offered choice;
 * - `exclusive`: an exclusive choice ("none of these yet") combined with others;
 * - `vague`: a free text that says nothing ("ok", one word where a description is asked for);
 * - `privateKey`: a private key was pasted where only its public key id belongs (it is not stored);
 * - `wrongEnvironment`: a key id of the other environment (a SANDBOX- id asked for the live key).
 */
export type InvalidReason =
  | { code: 'format' }
  | { code: 'choice' }
  | { code: 'exclusive'; choice: string }
  | { code: 'vague' }
  | { code: 'privateKey' }
  | { code: 'wrongEnvironment'; expected: 'live' | 'sandbox' };

/**
 * What one turn did, as a value every adapter renders with a `switch` the compiler checks. The machine reports it
 * as an action; nothing of it is stored with the team's record.
 */
export type Outcome =
  | { kind: 'started' }
  /** The team opens the dialog again; `done`: after the last step (welcomed back without a question). */
  | { kind: 'resumed'; done?: boolean }
  /** An answer or a test result was recorded. `remark`: something worth saying about it (a key id without prefix). */
  /** `cut`: the note was longer than this many characters and was cut. */
  | { kind: 'recorded'; questionId: string; answer: Param; by: string; cut?: number }
  | { kind: 'checked'; questionId: string; items: { itemId: string; checked: boolean }[]; by: string }
  /** `cut`: the reason was longer than this many characters and was cut. */
  | { kind: 'skipped'; questionId: string; by: string; reason?: string; cut?: number }
  | { kind: 'alreadyAnswered'; questionId: string; by: string; answer: Param }
  /** The event names a question that is not the one being asked (an earlier message's button). */
  | { kind: 'notCurrent'; questionId: string }
  | { kind: 'unknownQuestion' }
  | { kind: 'invalid'; questionId: string; reason: InvalidReason }
  | { kind: 'needsReason'; questionId: string }
  | { kind: 'skipNotAllowed'; questionId: string }
  | { kind: 'nextBlocked'; questionId: string }
  | { kind: 'moved' }
  /** "change 3": the team is taken to an earlier answer to give it anew. */
  | { kind: 'revisiting'; questionId: string }
  | { kind: 'cannotRevisit'; reason: 'unknownNumber' | 'notReached'; number?: number }
  | { kind: 'atStart' }
  | { kind: 'notStarted' }
  /** An answer-like input after the last step: the reply carries where the team stands and what can be done. */
  | { kind: 'done' }
  | { kind: 'restartConfirm' }
  | { kind: 'restarted' }
  | { kind: 'help' }
  | { kind: 'status' }
  /** The list of recorded answers, numbered for "change N" (in `Reply.answers`). */
  | { kind: 'answers' }
  | { kind: 'localeChanged'; locale: Locale }
  /** `timeZone`: the team's, so the day is said as the team reads it. */
  | { kind: 'snoozed'; until: string; timeZone?: string }
  | { kind: 'reminders'; on: boolean }
  /** `owner`: the name as shown, null when the step has nobody now. */
  | { kind: 'ownerSet'; step: number; owner: string | null }
  | { kind: 'targetSet'; date: string | null }
  | { kind: 'calendarSet'; timeZone?: string; holidays?: string }
  /** A setting that cannot be taken (a snooze of 0 days, an owner for a step that does not exist, a date gone by). */
  | { kind: 'settingRefused'; setting: 'snooze' | 'owner' | 'target' | 'calendar' }
  /** The sweep's bookkeeping (events.ts NudgeInput): `ok` false when the claim or mark no longer fits. */
  | { kind: 'nudge'; ok: boolean };

export type OutcomeKind = Outcome['kind'];

/** Outcomes that changed what the team recorded: the question's message is updated in place where a channel can. */
export function isRecording(
  outcome: Outcome,
): outcome is Extract<Outcome, { kind: 'recorded' | 'checked' | 'skipped' }> {
  return outcome.kind === 'recorded' || outcome.kind === 'checked' || outcome.kind === 'skipped';
}

/** Outcomes that concern only the person who acted (a refused answer, a stale button): told privately where possible. */
export function isPersonal(outcome: Outcome): boolean {
  switch (outcome.kind) {
    case 'alreadyAnswered':
    case 'notCurrent':
    case 'unknownQuestion':
    case 'invalid':
    case 'needsReason':
    case 'skipNotAllowed':
    case 'nextBlocked':
    case 'atStart':
    case 'notStarted':
    case 'cannotRevisit':
    case 'settingRefused':
      return true;
    default:
      return false;
  }
}
