import type { App, BlockAction } from '@slack/bolt';
import { z } from 'zod';
import type { Actor } from '../../../core/context';
import type { DialogInput } from '../../../core/events';
import { text } from '../../../core/i18n';
import { answerView } from '../../../questions/answer-view';
import { ACTION_PATTERN, type ModalKind, type ModalMetadata, parseActionId } from '../action-ids';
import { handleNudgeClick } from '../reminders/nudge-actions';
import { answerMessage } from '../render-answer';
import { modalView, plainMessage } from '../render-blocks';
import { type ActionArgs, guard } from './boundary';
import type { ListenerDeps, TurnOrigin } from './deps';

/** The options ticked in a multiple choice's checkboxes, from a submit click's `state.values`. */
const CheckedSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z.looseObject({ selected_options: z.array(z.looseObject({ value: z.string().max(150) })).nullish() }),
  ),
);

/** Clicks on the bot's buttons and checkboxes (`ps:<verb>:<question>…`); the modal-opening ones open their modal. */
export function registerActions(app: App, deps: ListenerDeps): void {
  const { dialog, calls } = deps;

  app.action<BlockAction>(
    ACTION_PATTERN,
    guard<ActionArgs>('action', deps, async ({ action, body, respond, context }) => {
      const parsed = parseActionId(action.action_id);
      const channel = body.channel?.id;
      if (!parsed || !channel) return;
      const user: Actor = { id: body.user.id, name: body.user.username ?? body.user.name ?? body.user.id };
      // The installation's key, not the clicking user's workspace (`user.team_id` differs in a Slack Connect channel).
      const team = await deps.homes.teamKey(context, channel);
      const messageTs = body.container?.message_ts ?? body.message?.ts;
      const base = {
        team,
        channel,
        user,
        idempotencyKey: `action:${messageTs ?? '-'}:${('action_ts' in action && action.action_ts) || body.trigger_id}:${user.id}`,
        ...(messageTs ? { messageTs } : {}),
      };
      const q = parsed.questionId;
      const turn = (input: DialogInput) => dialog.turn({ ...base, input });
      switch (parsed.verb) {
        case 'choose':
          await turn({ type: 'ANSWER', questionId: q, value: parsed.argument ?? '' });
          return;
        case 'multi':
          return; // the choice is read from the message state when the team submits
        case 'submit': {
          const checked = CheckedSchema.safeParse(body.state?.values ?? {});
          const selected = Object.values(checked.success ? checked.data : {})
            .flatMap((block) => Object.values(block))
            .flatMap((element) => element.selected_options ?? [])
            .map((option) => option.value);
          await turn({ type: 'ANSWER', questionId: q, value: selected });
          return;
        }
        case 'yes':
        case 'no':
          await turn({ type: 'ANSWER', questionId: q, value: parsed.verb === 'yes' });
          return;
        case 'tick':
        case 'untick':
          await turn({
            type: 'CHECK',
            questionId: q,
            itemId: parsed.argument ?? '',
            checked: parsed.verb === 'tick',
          });
          return;
        case 'passed':
          await turn({ type: 'RECORD_TEST', questionId: q, status: 'passed' });
          return;
        case 'skip':
          await turn({ type: 'SKIP', questionId: q });
          return;
        case 'text':
        case 'failed':
        case 'skip-reason':
          await openModal(parsed.verb === 'text' ? 'answer' : parsed.verb === 'failed' ? 'failed' : 'skip', {
            ...base,
            questionId: q,
            triggerId: body.trigger_id,
          });
          return;
        case 'restart-confirm':
          // The question was private: it goes away through its response_url (when Slack sent one).
          if (typeof respond === 'function') await respond({ delete_original: true });
          await dialog.turn({ ...base, input: { type: 'RESTART', confirmed: true } });
          return;
        case 'change':
          // An answer's button in the answer list, or an open item's: back to that question, posted to the channel.
          await turn({ type: 'REVISIT', questionId: q });
          return;
        case 'nudge-continue':
        case 'nudge-snooze':
        case 'nudge-stop': {
          const blocks = (body.message as { blocks?: unknown } | undefined)?.blocks;
          await handleNudgeClick(deps, {
            ...base,
            verb: parsed.verb,
            ...(parsed.argument ? { argument: parsed.argument } : {}),
            ...(Array.isArray(blocks) ? { blocks } : {}),
          });
          return;
        }
        case 'kb-up':
        case 'kb-down': {
          if (!messageTs) return;
          await deps.feedback.vote(q, messageTs, user.id, parsed.verb === 'kb-up' ? 'up' : 'down');
          const thread = (body.message as { thread_ts?: string } | undefined)?.thread_ts;
          const { locale } = await dialog.look(team);
          await dialog.ephemeral(
            { ...base, ...(thread ? { threadTs: thread } : {}) },
            plainMessage(text(locale, 'slack:ask.thanks')),
          );
          return;
        }
        case 'kb-show': {
          // One of the closest entries, chosen: its answer in the same thread.
          const shown = await deps.ask.show(team, q);
          if (!shown) return;
          const thread = (body.message as { thread_ts?: string } | undefined)?.thread_ts ?? messageTs;
          await dialog.post(channel, answerMessage(shown.locale, answerView(shown)), thread);
          return;
        }
        case 'restart-cancel': {
          const reply = await dialog.look(team).catch(() => null);
          const kept = text(reply?.locale ?? deps.defaultLocale, 'slack:restartKept');
          if (typeof respond === 'function') await respond({ replace_original: true, text: kept });
          else await dialog.ephemeral(base, plainMessage(kept));
          return;
        }
      }
    }),
  );

  async function openModal(
    kind: ModalKind,
    target: TurnOrigin & { messageTs?: string; questionId: string; triggerId: string },
  ): Promise<void> {
    const reply = await dialog.look(target.team);
    if (reply.question?.id !== target.questionId) {
      // The core decides what a stale button means (already answered by whom, or not the current question).
      const stale = await dialog.run({ ...target, input: staleProbe(kind, target.questionId) });
      if (stale) await dialog.show(stale, { ...target, input: staleProbe(kind, target.questionId) });
      return;
    }
    const metadata: ModalMetadata = {
      kind,
      team: target.team,
      channel: target.channel,
      questionId: target.questionId,
      ...(target.messageTs ? { messageTs: target.messageTs } : {}),
    };
    const opened = await calls.viewsOpen({
      trigger_id: target.triggerId,
      view: modalView(reply.locale, kind, reply.question, metadata),
    });
    // Slack refused the modal (an expired trigger, a Web API error, logged): the click must not just do nothing.
    if (!opened) await dialog.ephemeral(target, plainMessage(text(reply.locale, 'slack:modalFailed')));
  }
}

/**
 * The event a modal button stands for, sent when its question is no longer the current one: the engine answers it
 * as it answers any stale click (already answered by whom, or not the current question) and changes nothing.
 */
function staleProbe(kind: ModalKind, questionId: string): DialogInput {
  return kind === 'skip'
    ? { type: 'SKIP', questionId, reason: '' }
    : kind === 'failed'
      ? { type: 'RECORD_TEST', questionId, status: 'failed' }
      : { type: 'ANSWER', questionId, value: '' };
}
