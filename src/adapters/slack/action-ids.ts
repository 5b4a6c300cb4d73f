import { z } from 'zod';
import { SlackIdSchema } from './edge/request-schema';
import { channelOfTeamKey } from './team-key';

/**
 * Action and view ids of the bot's interactive elements: `ps:<verb>:<question>[:<argument>]`.
 * The question id is in every id, so a click on an earlier question's message is recognized as such.
 */
export type ActionVerb =
  | 'choose' // single choice: argument = choice id
  | 'multi' // checkbox changes of a multiple choice (no event until submitted)
  | 'submit' // submit a multiple choice
  | 'yes'
  | 'no'
  | 'text' // open the modal for a free-text answer
  | 'tick' // checklist item: argument = item id
  | 'untick'
  | 'passed'
  | 'failed' // open the modal for a note
  | 'skip' // skip without reason
  | 'skip-reason' // open the modal for a reason
  | 'restart-confirm'
  | 'restart-cancel'
  | 'change' // go back to an answer (or an open item) to give it anew
  // A reminder nudge's buttons (the question is the one the nudge named, or '-'):
  | 'nudge-continue' // carry on: as `/paysetup start`, the current question again
  | 'nudge-snooze' // argument = days (1, 7)
  | 'nudge-stop' // reminders off
  // An answer to the team's own question (the question id is the knowledge entry's id):
  | 'kb-up' // it helped
  | 'kb-down' // it did not
  | 'kb-show'; // show this entry (one of the closest, offered instead of an answer)

export interface ParsedAction {
  verb: ActionVerb;
  questionId: string;
  argument?: string;
}

export const ACTION_PATTERN = /^ps:/;

export function actionId(verb: ActionVerb, questionId = '-', argument?: string): string {
  return argument ? `ps:${verb}:${questionId}:${argument}` : `ps:${verb}:${questionId}`;
}

export function parseActionId(id: string): ParsedAction | null {
  const match = /^ps:([a-z-]+):([^:]+)(?::(.+))?$/.exec(id);
  if (!match) return null;
  const [, verb, questionId, argument] = match;
  return { verb: verb as ActionVerb, questionId: questionId as string, ...(argument ? { argument } : {}) };
}

/** Modal kinds: a free-text answer, a failed test's note, a skip reason. */
export const MODAL_KINDS = ['answer', 'failed', 'skip'] as const;
export type ModalKind = (typeof MODAL_KINDS)[number];

export const VIEW_CALLBACK = 'ps:modal';

/**
 * What a modal needs to remember between opening and submitting (private_metadata, ≤ 3000 chars). Checked when it
 * comes back: a team key that is not one of the bot's (`slack:<team>:<channel>` of that channel) is refused, so no
 * record is ever made under a key like `123` or `undefined`.
 */
export const ModalMetadataSchema = z
  .object({
    kind: z.enum(MODAL_KINDS),
    team: z.string().regex(/^slack:[A-Z0-9][A-Z0-9_-]{0,63}:[A-Z0-9][A-Z0-9_-]{0,63}$/),
    channel: SlackIdSchema,
    questionId: z.string().regex(/^[a-z][a-zA-Z0-9_.-]{0,99}$/),
    /** The question message to update in place after the answer. */
    messageTs: z
      .string()
      .regex(/^\d{1,12}\.\d{1,9}$/)
      .optional(),
  })
  .refine((m) => channelOfTeamKey(m.team) === m.channel, 'team and channel differ');

export type ModalMetadata = z.infer<typeof ModalMetadataSchema>;

/** The metadata of a submitted modal, or null when it is not one the bot wrote. */
export function readModalMetadata(raw: unknown): ModalMetadata | null {
  if (typeof raw !== 'string') return null;
  try {
    const parsed = ModalMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
