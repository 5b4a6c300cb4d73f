import type { App } from '@slack/bolt';
import type { DialogInput } from '../../../core/events';
import { text, wordList } from '../../../core/i18n';
import { cleanQuestion } from '../../../core/knowledge';
import { matchCommand, normalize, parseLine } from '../../../core/parse-input';
import { answerView } from '../../../questions/answer-view';
import { errorCodeOf } from '../errors';
import { parseLayoutCommand } from '../layout/layout-command';
import { answerMessage, askedMessage } from '../render-answer';
import { noticeMessage, plainMessage } from '../render-blocks';
import { type CommandArgs, type EventArgs, guard } from './boundary';
import type { ListenerDeps, TurnOrigin } from './deps';

/** `/paysetup …` and "@paysetup …": a command in either language, or an answer typed as text. */
export function registerCommands(app: App, deps: ListenerDeps): void {
  const { dialog, links, homes } = deps;

  // Every slash command the app has is this one (slack/manifest.yml), whatever name a workspace gave it.
  app.command(
    /^\//,
    guard<CommandArgs>('command', deps, async ({ command, context }) => {
      // Slack always sends `text` (empty for a bare `/paysetup`); Bolt hands over the body as it came.
      await runCommand(typeof command.text === 'string' ? command.text : '', {
        team: await homes.teamKey(context, command.channel_id),
        channel: command.channel_id,
        user: { id: command.user_id, name: command.user_name || command.user_id },
        idempotencyKey: `command:${command.trigger_id}`,
      });
    }),
  );

  app.event(
    'app_mention',
    guard<EventArgs<'app_mention'>>('app_mention', deps, async ({ event, context }) => {
      if (!event.user) return;
      const textWithoutMention = withoutBotMention(event.text ?? '', context.botUserId);
      await runCommand(textWithoutMention, {
        team: await homes.teamKey(context, event.channel),
        channel: event.channel,
        user: { id: event.user, name: await nameOf(event.user, event) },
        // The same message may come as a `message` event too (a thread reply): one key for both.
        idempotencyKey: messageKey(event.channel, event.ts),
        writtenTs: event.ts,
        ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
      });
    }),
  );

  /**
   * Events carry only the user id; answers show a name, as they do for clicks and commands: the profile's, else (a
   * member of another organisation whose profile this workspace cannot read) the one the event brought, else the id.
   */
  async function nameOf(userId: string, event: unknown): Promise<string> {
    const { name } = await dialog.profile(userId);
    return name ?? eventUserName(event) ?? userId;
  }

  /**
   * A reply in the thread of the current step's message (thread layout) is a typed answer or a command, as after a
   * mention. Anything else people write (in the channel, in other threads, the bot's own messages, edits) is left
   * alone, and words the bot does not understand get no answer there: people talk to each other in threads too.
   */
  app.event(
    'message',
    guard<EventArgs<'message'>>('message', deps, async ({ event, context }) => {
      const reply = threadReply(event, context.botUserId);
      if (!reply) return;
      const origin: TurnOrigin = {
        team: '',
        channel: reply.channel,
        user: { id: reply.user, name: reply.user },
        idempotencyKey: messageKey(reply.channel, reply.ts),
        threadTs: reply.threadTs,
      };
      try {
        origin.team = await homes.teamKey(context, reply.channel);
        const current = await dialog.look(origin.team);
        const step = current.question?.step;
        if (!step || (await dialog.stepThreadOf(origin.team, step)) !== reply.threadTs) return;
      } catch (error) {
        // A thread reply the bot cannot place is not worth an error message in someone's conversation; the log has it.
        deps.logger.warn(`slack: a reply in ${reply.channel} could not be placed: ${errorCodeOf(error)}`);
        return;
      }
      await runCommand(
        reply.text,
        { ...origin, user: { id: reply.user, name: await nameOf(reply.user, event) } },
        { quiet: true },
      );
    }),
  );

  /**
   * An owner named by a Slack mention is stored with their display name (users.info, cached per installation and user),
   * so that status, report and the terminal show a name rather than an id.
   */
  async function withOwnerNames(inputs: DialogInput[]): Promise<DialogInput[]> {
    return Promise.all(
      inputs.map(async (input) => {
        if (input.type !== 'SET_OWNER' || !input.owner || !SLACK_USER_ID.test(input.owner.id)) return input;
        const { name } = await dialog.profile(input.owner.id);
        const shown = name ?? input.owner.name;
        return { ...input, owner: { id: input.owner.id, ...(shown ? { name: shown } : {}) } };
      }),
    );
  }

  /**
   * `/paysetup …`, mentions and replies in a step's thread: a command in either language, or an answer typed as
   * text. `quiet` (a thread reply without a mention): only what the bot understands gets an answer.
   */
  async function runCommand(
    raw: string,
    context: TurnOrigin,
    options: { quiet?: boolean } = {},
  ): Promise<void> {
    const line = raw.trim();
    if (options.quiet && line === '') return;
    // A store that cannot be read ends in the error boundary: "please try again", and one log line.
    const current = await dialog.look(context.team);
    // Only a team that has not begun needs its language guessed; the others skip that extra read.
    const guess = current.state === 'welcome' ? { guessLocaleFrom: context.user.id } : {};
    const turn = (input: DialogInput | DialogInput[]) => dialog.turn({ ...context, input }, guess);
    const locale = current.locale;
    if (line === '') {
      await turn(current.state === 'welcome' ? { type: 'START' } : { type: 'STATUS' });
      return;
    }
    const layout = parseLayoutCommand(line);
    if (layout) {
      if ('layout' in layout) await dialog.setLayout(context, layout.layout);
      else await dialog.ephemeral(context, plainMessage(text(locale, 'slack:layout.usage')));
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
      await turn(await withOwnerNames(parsed.inputs));
      return;
    }
    if (parsed.kind === 'command') {
      if (parsed.command === 'report') await dialog.postReport(context);
      else if (parsed.command === 'restart') await turn({ type: 'RESTART', confirmed: false });
      else await dialog.ephemeral(context, plainMessage(text(locale, 'slack:help')));
      return;
    }
    if (parsed.kind === 'ask') {
      // In a thread people ask each other too: there only "frage …" is for the bot.
      if (options.quiet && matchCommand(line)?.command !== 'ask') return;
      await answerQuestion(deps, parsed.question, context);
      return;
    }
    if (options.quiet) return;
    const message =
      parsed.message.key === 'input.notUnderstood' && !current.question
        ? { key: 'slack:unknown', params: { text: line } }
        : parsed.message;
    await dialog.ephemeral(context, noticeMessage(locale, message, current));
  }
}

/**
 * The team's own question, answered in a thread under it (a mention's message; a slash command's question is posted
 * first, there being no message of it): the entry's long answer with its source and 👍/👎, or an honest "I don't
 * know" with the closest entries. The onboarding's current question is left as it is.
 */
async function answerQuestion(deps: ListenerDeps, question: string, origin: TurnOrigin): Promise<void> {
  const { dialog } = deps;
  const asker = (await dialog.profile(origin.user.id)).locale;
  const asked = await deps.ask.ask({
    team: origin.team,
    text: question,
    via: 'slack',
    user: origin.user.id,
    ...(asker ? { locale: asker } : {}),
  });
  let thread = origin.threadTs ?? origin.writtenTs;
  if (!thread) {
    const posted = await dialog.post(
      origin.channel,
      askedMessage(asked.locale, origin.user.name ?? origin.user.id, cleanQuestion(question)),
    );
    thread = posted ?? undefined;
  }
  await dialog.post(origin.channel, answerMessage(asked.locale, answerView(asked)), thread);
}

/** One message's key, whichever event brought it (an `app_mention` and a `message` in a thread share it). */
function messageKey(channel: string, ts: string): string {
  return `message:${channel}:${ts}`;
}

/** A person's reply in a thread, as the `message` event brings it; null for everything else. */
export function threadReply(
  event: unknown,
  botUserId?: string,
): { channel: string; user: string; text: string; ts: string; threadTs: string } | null {
  const e = event as {
    subtype?: string;
    bot_id?: string;
    user?: unknown;
    channel?: unknown;
    text?: unknown;
    ts?: unknown;
    thread_ts?: unknown;
  };
  // Edits, deletions, joins and bot messages (the bot's own among them) have a subtype or a bot id.
  if ((e.subtype !== undefined && e.subtype !== 'thread_broadcast') || e.bot_id !== undefined) return null;
  if (typeof e.user !== 'string' || typeof e.channel !== 'string' || typeof e.ts !== 'string') return null;
  if (typeof e.thread_ts !== 'string' || e.thread_ts === e.ts) return null;
  if (botUserId && e.user === botUserId) return null;
  const text = typeof e.text === 'string' ? e.text : '';
  // A mention of the bot comes as `app_mention` as well, and is answered there.
  if (botUserId ? text.includes(`<@${botUserId}`) : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/.test(text))
    return null;
  return { channel: e.channel, user: e.user, text, ts: e.ts, threadTs: e.thread_ts };
}

/**
 * The name a message event brings for its author (`user_profile`, sent for members of other organisations in a
 * Slack Connect channel): the display name, else the real name, else the handle; undefined when none.
 */
export function eventUserName(event: unknown): string | undefined {
  const profile = (event as { user_profile?: Record<string, unknown> } | null)?.user_profile;
  if (!profile || typeof profile !== 'object') return undefined;
  for (const field of ['display_name', 'real_name', 'name']) {
    const value = profile[field];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 80);
  }
  return undefined;
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
