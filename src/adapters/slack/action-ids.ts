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
  | 'change'; // go back to an answer (or an open item) to give it anew

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
export type ModalKind = 'answer' | 'failed' | 'skip';

export const VIEW_CALLBACK = 'ps:modal';

/** What a modal needs to remember between opening and submitting (private_metadata, ≤ 3000 chars). */
export interface ModalMetadata {
  kind: ModalKind;
  team: string;
  channel: string;
  questionId: string;
  /** The question message to update in place after the answer. */
  messageTs?: string;
}
