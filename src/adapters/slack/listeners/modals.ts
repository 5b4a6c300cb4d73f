import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Actor, Locale } from '../../../core/context';
import type { DialogInput } from '../../../core/events';
import { render } from '../../../core/i18n';
import { outcomeMessage } from '../../../core/outcome-message';
import type { Reply } from '../../../core/reply';
import { readModalMetadata, VIEW_CALLBACK } from '../action-ids';
import { clip } from '../limits';
import { unreadableModalView } from '../render-blocks';
import type { SlackTurn } from '../SlackDialog';
import { guard, type ViewArgs } from './boundary';
import type { ListenerDeps } from './deps';

/** A modal's typed text, wherever in `view.state.values` Slack put it. */
const ViewStateSchema = z.object({
  values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullish() }))),
});

/** What a submission of the bot's modal carries, as Slack sends it (the edge has checked the ids' shapes). */
export interface ModalSubmissionBody {
  user: { id: string; name?: string };
  view: { id: string; hash?: string; private_metadata?: string; state?: unknown };
}

export type ModalSubmission =
  | { ok: true; turn: SlackTurn }
  | { ok: false; problem: 'unreadable state' | 'metadata the bot did not write' };

/**
 * The turn a submission of the bot's modal asks for (a free-text answer, a failed test's note, a skip reason), from
 * the metadata the bot wrote into the modal and the text typed in. The idempotency key is the same however often the
 * same submission is read (the HTTP function and the Lambda worker read it alike).
 */
export function readModalSubmission(body: ModalSubmissionBody): ModalSubmission {
  const { view } = body;
  const metadata = readModalMetadata(view.private_metadata ?? '');
  const state = ViewStateSchema.safeParse(view.state);
  if (!metadata) return { ok: false, problem: 'metadata the bot did not write' };
  if (!state.success) return { ok: false, problem: 'unreadable state' };
  const value = Object.values(state.data.values)
    .flatMap((block) => Object.values(block))
    .map((element) => element.value ?? '')
    .join('')
    .trim();
  const input: DialogInput =
    metadata.kind === 'answer'
      ? { type: 'ANSWER', questionId: metadata.questionId, value }
      : metadata.kind === 'failed'
        ? {
            type: 'RECORD_TEST',
            questionId: metadata.questionId,
            status: 'failed',
            ...(value ? { note: value } : {}),
          }
        : { type: 'SKIP', questionId: metadata.questionId, reason: value };
  const user: Actor = { id: body.user.id, name: body.user.name || body.user.id };
  return {
    ok: true,
    turn: {
      team: metadata.team,
      channel: metadata.channel,
      user,
      input,
      // A corrected resubmission of the same modal keeps its hash; the value tells it from a retried delivery.
      idempotencyKey: `view:${view.id}:${view.hash ?? '-'}:${createHash('sha256').update(value).digest('hex').slice(0, 16)}`,
      ...(metadata.messageTs ? { messageTs: metadata.messageTs } : {}),
    },
  };
}

/** The acknowledgement that shows a refused answer inside the modal, where the person can correct it; else null. */
export function formErrorsAck(
  reply: Reply,
): { response_action: 'errors'; errors: Record<string, string> } | null {
  if (reply.outcome.kind !== 'invalid' && reply.outcome.kind !== 'needsReason') return null;
  return {
    response_action: 'errors',
    errors: { 'ps:input': clip(render(reply.locale, outcomeMessage(reply.outcome), 'slack'), 150) },
  };
}

/** The acknowledgement for a modal the bot cannot match to a question: the person sees that nothing was saved. */
export function unreadableModalAck(locale: Locale) {
  return { response_action: 'update' as const, view: unreadableModalView(locale) };
}

/**
 * Submissions of the bot's modals: acknowledged by this listener, with the engine's refusal shown inside the modal
 * when it comes within the budget.
 *
 * In the Lambda worker (`answeredBefore`), the HTTP function has acknowledged the submission already (with the
 * refusal, if there was one in time: then nothing was handed over) and usually run the turn: this run gets the same
 * reply back from the engine (a replay of the same delivery) and shows it, which the first run did not.
 */
export function registerModals(app: App, deps: ListenerDeps): void {
  const { dialog, logger } = deps;
  const modalBudgetMs = deps.modalBudgetMs ?? 2000;

  app.view(
    VIEW_CALLBACK,
    guard<ViewArgs>('view_submission', deps, async ({ ack, body }) => {
      const submission = readModalSubmission(body as ModalSubmissionBody);
      if (!submission.ok) {
        // Acknowledge whatever came: the person sees why nothing was saved, in the modal they submitted.
        if (!deps.answeredBefore) await ack(unreadableModalAck(deps.defaultLocale));
        logger.warn(`slack: a modal came back with ${submission.problem}; nothing saved`);
        return;
      }
      const { turn } = submission;
      if (deps.answeredBefore) {
        const reply = await dialog.run(turn);
        if (reply) await dialog.show(reply, turn);
        return;
      }
      // Wait a little for the engine so that a wrong format can be shown inside the modal; never past the budget.
      let timeout: NodeJS.Timeout | undefined;
      const timer = new Promise<'late'>((resolve) => {
        timeout = setTimeout(() => resolve('late'), modalBudgetMs);
      });
      const work = dialog.run(turn);
      const first = await Promise.race([work, timer]);
      clearTimeout(timeout);
      const errors = first !== 'late' && first ? formErrorsAck(first) : null;
      if (errors) {
        await ack(errors);
        return;
      }
      await ack();
      const reply = first === 'late' ? await work : first;
      if (reply && !reply.replayed) await dialog.show(reply, turn);
    }),
  );
}
