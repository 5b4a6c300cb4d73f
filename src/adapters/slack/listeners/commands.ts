import type { App } from '@slack/bolt';
import type { DialogInput } from '../../../core/events';
import { text, wordList } from '../../../core/i18n';
import { normalize, parseLine } from '../../../core/parse-input';
import { noticeMessage, plainMessage } from '../render-blocks';
import type { SlackDialog } from '../SlackDialog';
import { teamKeyFromSlack, workspaceOfTeamKey } from '../team-key';
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

  app.event('app_mention', async ({ event, body, context }) => {
    if (!event.user) return;
    const textWithoutMention = withoutBotMention(event.text ?? '', context.botUserId);
    // Events carry only the user id; answers show a name, as they do for clicks and commands.
    const { name } = await dialog.profile(event.user, body.team_id);
    await runCommand(textWithoutMention, {
      team: teamKeyFromSlack(body.team_id, event.channel),
      channel: event.channel,
      user: { id: event.user, name: name ?? event.user },
      idempotencyKey: `event:${body.event_id}`,
    });
  });

  /**
   * An owner named by a Slack mention is stored with their display name (users.info, cached per workspace and user),
   * so that status, report and the terminal show a name rather than an id.
   */
  async function withOwnerNames(inputs: DialogInput[], context: TurnOrigin): Promise<DialogInput[]> {
    const workspace = workspaceOfTeamKey(context.team) ?? undefined;
    return Promise.all(
      inputs.map(async (input) => {
        if (input.type !== 'SET_OWNER' || !input.owner || !SLACK_USER_ID.test(input.owner.id)) return input;
        const { name } = await dialog.profile(input.owner.id, workspace);
        const shown = name ?? input.owner.name;
        return { ...input, owner: { id: input.owner.id, ...(shown ? { name: shown } : {}) } };
      }),
    );
  }

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
    const parsed = parseLine(decodeSlackText(unwrapSlackLinks(line)), locale, {
      question: current.question,
      done: current.done,
    });
    if (parsed.kind === 'inputs') {
      await turn(await withOwnerNames(parsed.inputs, context));
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

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * A mention's text without the bot's own mention (`<@UBOT>` wherever it is; without the bot's id, the one the text
 * starts with): other mentions stay, `@paysetup owner @anna` names Anna.
 */
export function withoutBotMention(text: string, botUserId?: string): string {
  const own = botUserId
    ? new RegExp(`<@${botUserId.replace(/[^A-Z0-9]/g, '')}(?:\\|[^>]*)?>`, 'g')
    : /^\s*<@[^>]+>/;
  return text.replace(own, ' ').trim();
}

/**
 * Slack escapes `&`, `<` and `>` in message texts and in commands (`should_escape`): `Shop &amp; App` was typed as
 * `Shop & App`. Mentions and links (`<@U…|anna>`, `<#C…>`) stay as Slack wrote them.
 */
export function decodeSlackText(line: string): string {
  return line.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Slack sends typed links as `<https://…>` or `<https://…|label>`: the address is what was meant. */
export function unwrapSlackLinks(line: string): string {
  return line.replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, '$1');
}
