import type { App } from '@slack/bolt';
import type { DialogInput } from '../../../core/events';
import { text, wordList } from '../../../core/i18n';
import { normalize, parseLine } from '../../../core/parse-input';
import { noticeMessage, plainMessage } from '../render-blocks';
import type { SlackDialog } from '../SlackDialog';
import { teamKeyFromSlack } from '../team-key';
import type { ListenerDeps, TurnOrigin } from './deps';

/** `/paysetup …` and "@paysetup …": a command in either language, or an answer typed as text. */
export function registerCommands(app: App, deps: ListenerDeps): void {
  const { dialog, links } = deps;

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

  /** `/paysetup …` and mentions: a command in either language, or an answer typed as text. */
  async function runCommand(raw: string, context: TurnOrigin): Promise<void> {
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

/** Slack sends typed links as `<https://…>` or `<https://…|label>`: the address is what was meant. */
export function unwrapSlackLinks(line: string): string {
  return line.replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, '$1');
}
