import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Actor } from '../../../core/context';
import type { DialogInput } from '../../../core/events';
import { render } from '../../../core/i18n';
import { outcomeMessage } from '../../../core/outcome-message';
import type { Reply } from '../../../core/reply';
import { readModalMetadata, VIEW_CALLBACK } from '../action-ids';
import { clip } from '../limits';
import { unreadableModalView } from '../render-blocks';
import type { ListenerDeps } from './deps';

/** A modal's typed text, wherever in `view.state.values` Slack put it. */
const ViewStateSchema = z.object({
  values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullish() }))),
});

/**
 * Submissions of the bot's modals (a free-text answer, a failed test's note, a skip reason): acknowledged by this
 * listener, with the engine's refusal shown inside the modal when it comes within the budget.
 */
export function registerModals(app: App, deps: ListenerDeps): void {
  const { dialog, logger } = deps;
  const modalBudgetMs = deps.modalBudgetMs ?? 2000;

  app.view(VIEW_CALLBACK, async ({ ack, view, body }) => {
    const metadata = readModalMetadata(view.private_metadata);
    const state = ViewStateSchema.safeParse(view.state);
    if (!metadata || !state.success) {
      // Acknowledge whatever came: the person sees why nothing was saved, in the modal they submitted.
      await ack({ response_action: 'update', view: unreadableModalView(deps.defaultLocale) });
      logger.warn(
        `slack: a modal came back with ${metadata ? 'unreadable state' : 'metadata the bot did not write'}; nothing saved`,
      );
      return;
    }
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
    const turn = {
      team: metadata.team,
      channel: metadata.channel,
      user,
      input,
      // A corrected resubmission of the same modal keeps its hash; the value tells it from a retried delivery.
      idempotencyKey: `view:${view.id}:${view.hash ?? '-'}:${createHash('sha256').update(value).digest('hex').slice(0, 16)}`,
      ...(metadata.messageTs ? { messageTs: metadata.messageTs } : {}),
    };
    // Wait a little for the engine so that a wrong format can be shown inside the modal; never past the budget.
    let acked = false;
    let timeout: NodeJS.Timeout | undefined;
    const timer = new Promise<'late'>((resolve) => {
      timeout = setTimeout(() => resolve('late'), modalBudgetMs);
    });
    const work = dialog.run(turn);
    const first = await Promise.race([work, timer]);
    clearTimeout(timeout);
    if (first !== 'late' && first && isFormError(first)) {
      acked = true;
      await ack({
        response_action: 'errors',
        errors: { 'ps:input': clip(render(first.locale, outcomeMessage(first.outcome), 'slack'), 150) },
      });
      return;
    }
    if (!acked) await ack();
    const reply = first === 'late' ? await work : first;
    if (reply && !reply.replayed) await dialog.show(reply, turn);
  });
}

/** A refused modal answer is shown inside the modal, where the person can correct it. */
function isFormError(reply: Reply): boolean {
  return reply.outcome.kind === 'invalid' || reply.outcome.kind === 'needsReason';
}
