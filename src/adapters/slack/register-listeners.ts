import { createHash } from 'node:crypto';
import type { App, BlockAction, Logger } from '@slack/bolt';
import { z } from 'zod';
import type { Actor, Locale } from '../../core/context';
import type { DialogInput } from '../../core/events';
import { render, text, wordList } from '../../core/i18n';
import { outcomeMessage } from '../../core/outcome-message';
import { normalize, parseLine } from '../../core/parse-input';
import type { Reply } from '../../core/reply';
import type { LinkService } from '../../linking/LinkService';
import {
  ACTION_PATTERN,
  type ModalKind,
  type ModalMetadata,
  parseActionId,
  readModalMetadata,
  VIEW_CALLBACK,
} from './action-ids';
import { publishHome } from './app-home';
import { clip } from './limits';
import { modalView, noticeMessage, plainMessage, unreadableModalView } from './render-blocks';
import type { SlackDialog } from './SlackDialog';
import { teamKeyFromSlack } from './team-key';
import type { SlackCalls } from './web-api';

export interface ListenerDeps {
  dialog: SlackDialog;
  calls: SlackCalls;
  links: LinkService;
  logger: Logger;
  defaultLocale: Locale;
  /** How long a modal submission waits for the engine to show an error inside the modal. @default 2000 ms */
  modalBudgetMs?: number;
}

interface CommandContext {
  team: string;
  channel: string;
  user: Actor;
  idempotencyKey: string;
}

/** A modal's typed text, wherever in `view.state.values` Slack put it. */
const ViewStateSchema = z.object({
  values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullish() }))),
});

/** The options ticked in a multiple choice's checkboxes, from a submit click's `state.values`. */
const CheckedSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z.looseObject({ selected_options: z.array(z.looseObject({ value: z.string().max(150) })).nullish() }),
  ),
);

/**
 * Wires Slack's entry points to the dialog: `/paysetup`, mentions, button clicks, modal submissions, the App Home.
 * Commands and clicks are acknowledged by the delivery middleware before any listener runs (`dedupe.ts`), modal
 * submissions by their listener first thing, so the 3-second budget holds however slow the store or the Web API is.
 * The edge (`edge/`) has checked every id's shape already; what only a listener reads, it checks itself.
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const { dialog, calls, links, logger } = deps;
  const modalBudgetMs = deps.modalBudgetMs ?? 2000;

  // Every slash command the app has is this one (slack/manifest.yml), whatever name a workspace gave it.
  app.command(/^\//, async ({ command }) => {
    // Slack always sends `text` (empty for a bare `/paysetup`); Bolt hands over the body as it came.
    await runCommand(typeof command.text === 'string' ? command.text : '', {
      team: teamKeyFromSlack(command.team_id, command.channel_id),
      channel: command.channel_id,
      user: { id: command.user_id, name: command.user_name || command.user_id },
      idempotencyKey: `command:${command.trigger_id}`,
    });
  });

  app.event('app_mention', async ({ event, body }) => {
    if (!event.user) return;
    const textWithoutMention = (event.text ?? '').replace(/<@[^>]+>/g, ' ').trim();
    // Events carry only the user id; answers show a name, as they do for clicks and commands.
    const { name } = await dialog.profile(event.user);
    await runCommand(textWithoutMention, {
      team: teamKeyFromSlack(body.team_id, event.channel),
      channel: event.channel,
      user: { id: event.user, name: name ?? event.user },
      idempotencyKey: `event:${body.event_id}`,
    });
  });

  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    await publishHome({ dialog, calls, defaultLocale: deps.defaultLocale }, body.team_id, event.user);
  });

  app.action<BlockAction>(ACTION_PATTERN, async ({ action, body, respond }) => {
    const parsed = parseActionId(action.action_id);
    const channel = body.channel?.id;
    const teamId = body.team?.id ?? body.user.team_id;
    if (!parsed || !channel || !teamId) return;
    const user: Actor = { id: body.user.id, name: body.user.username ?? body.user.name ?? body.user.id };
    const team = teamKeyFromSlack(teamId, channel);
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
      case 'restart-cancel': {
        const reply = await dialog.look(team).catch(() => null);
        const kept = text(reply?.locale ?? deps.defaultLocale, 'slack:restartKept');
        if (typeof respond === 'function') await respond({ replace_original: true, text: kept });
        else await dialog.ephemeral(base, plainMessage(kept));
        return;
      }
    }
  });

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

  async function openModal(
    kind: ModalKind,
    target: CommandContext & { messageTs?: string; questionId: string; triggerId: string },
  ): Promise<void> {
    let reply: Awaited<ReturnType<SlackDialog['look']>>;
    try {
      reply = await dialog.look(target.team);
    } catch {
      await dialog.storeDown(target);
      return;
    }
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
    await calls.call('views.open', {
      trigger_id: target.triggerId,
      view: modalView(reply.locale, kind, reply.question, metadata),
    });
  }

  /** `/paysetup …` and mentions: a command in either language, or an answer typed as text. */
  async function runCommand(raw: string, context: CommandContext): Promise<void> {
    const line = raw.trim();
    let current: Awaited<ReturnType<SlackDialog['look']>>;
    try {
      current = await dialog.look(context.team);
    } catch {
      await dialog.storeDown(context);
      return;
    }
    // Only a team that has not begun needs its language guessed; the others skip that extra read.
    const guess = current.state === 'welcome' ? { guessLocaleFrom: context.user.id } : {};
    const turn = (input: DialogInput | DialogInput[]) => dialog.turn({ ...context, input }, guess);
    const locale = current.locale;
    if (line === '') {
      await turn(current.state === 'welcome' ? { type: 'START' } : { type: 'STATUS' });
      return;
    }
    if (isLinkCommand(line)) {
      const { code } = await links.createCode(context.team, context.user.id);
      await dialog.ephemeral(context, plainMessage(text(locale, 'slack:link', { code })));
      return;
    }
    const parsed = parseLine(unwrapSlackLinks(line), locale, {
      question: current.question,
      done: current.done,
    });
    if (parsed.kind === 'inputs') {
      await turn(parsed.inputs);
      return;
    }
    if (parsed.kind === 'command') {
      if (parsed.command === 'report') await dialog.postReport(context);
      else if (parsed.command === 'restart') await turn({ type: 'RESTART', confirmed: false });
      else await dialog.ephemeral(context, plainMessage(text(locale, 'slack:help')));
      return;
    }
    const message =
      parsed.message.key === 'input.notUnderstood' && !current.question
        ? { key: 'slack:unknown', params: { text: line } }
        : parsed.message;
    await dialog.ephemeral(context, noticeMessage(locale, message, current));
  }
}

/** `/paysetup link` in either language. */
function isLinkCommand(line: string): boolean {
  return (['de', 'en'] as const).some((l) =>
    wordList(l, 'slack:commands.link').map(normalize).includes(normalize(line)),
  );
}

/** A refused modal answer is shown inside the modal, where the person can correct it. */
function isFormError(reply: Reply): boolean {
  return reply.outcome.kind === 'invalid' || reply.outcome.kind === 'needsReason';
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

/** Slack sends typed links as `<https://…>` or `<https://…|label>`: the address is what was meant. */
export function unwrapSlackLinks(line: string): string {
  return line.replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, '$1');
}
