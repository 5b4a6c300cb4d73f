/**
 * Builders for the request bodies Slack sends to an app, after real payloads (field sets and nesting as Slack sends
 * them): slash commands (form fields), `block_actions` and `view_submission` (the JSON inside `payload=`), and Events
 * API envelopes (`event_callback`, `url_verification`).
 */

export const TEAM_ID = 'T1';
export const TEAM_DOMAIN = 'acme';
export const APP_ID = 'A0PAYSETUP';
export const BOT_USER = 'UBOT';
/** The deprecated verification token Slack still puts in every payload. */
export const VERIFICATION_TOKEN = 'gIkuvaNzQIHg97ATvDxqgjtO';

export interface SlackUser {
  id: string;
  /** The handle (Slack's `user_name` / `username`): what the bot shows as "answered by". */
  username: string;
}

export const ANNA: SlackUser = { id: 'U0ANNA', username: 'anna' };
export const BEN: SlackUser = { id: 'U0BEN', username: 'ben' };

export interface Where {
  channel: string;
  channelName?: string;
  teamId?: string;
}

let counter = 0;
const next = () => {
  counter += 1;
  return counter;
};

/** A trigger id as Slack formats them: `<number>.<number>.<hex>`. */
export function triggerId(): string {
  const n = next();
  return `${1_700_000_000 + n}.${4_100_000 + n}.${n.toString(16).padStart(32, 'a')}`;
}

/** An `action_ts`: every click has its own, even two clicks on the same button. */
export function actionTs(): string {
  const n = next();
  return `${1_700_000_000 + n}.${String(n).padStart(6, '0')}`;
}

/** The form fields of a slash command, in the order Slack sends them. */
export function slashCommandFields(
  text: string,
  user: SlackUser,
  where: Where,
  responseUrl: string,
): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: where.teamId ?? TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: where.channel,
    channel_name: where.channelName ?? where.channel.toLowerCase(),
    user_id: user.id,
    user_name: user.username,
    command: '/paysetup',
    text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId(),
  };
}

export interface MessageRef {
  channel: string;
  ts: string;
  blocks: unknown[];
  text?: string;
  ephemeral?: boolean;
  /** The thread the message was posted in (its parent's ts); undefined for a top-level message. */
  threadTs?: string;
}

export interface ButtonClick {
  action_id: string;
  block_id?: string;
  text?: string;
  value?: string;
  style?: string;
}

const userOf = (user: SlackUser, teamId: string) => ({
  id: user.id,
  username: user.username,
  name: user.username,
  team_id: teamId,
});

/** A `block_actions` payload for a click on a button (or a checkbox change) of a message. */
export function blockActionsPayload(options: {
  user: SlackUser;
  message: MessageRef;
  actions: Record<string, unknown>[];
  stateValues?: Record<string, Record<string, unknown>>;
  responseUrl: string;
  teamId?: string;
}): Record<string, unknown> {
  const teamId = options.teamId ?? TEAM_ID;
  const { message } = options;
  return {
    type: 'block_actions',
    user: userOf(options.user, teamId),
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: message.ephemeral === true,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    trigger_id: triggerId(),
    team: { id: teamId, domain: TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: message.channel.toLowerCase() },
    // Slack leaves the message out of clicks on ephemeral messages.
    ...(message.ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            subtype: 'bot_message',
            text: message.text ?? '',
            ts: message.ts,
            bot_id: 'BBOT',
            blocks: message.blocks,
            ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          },
        }),
    state: { values: options.stateValues ?? {} },
    response_url: options.responseUrl,
    actions: options.actions,
  };
}

/** One button element of `actions`, as Slack reports a click on it. */
export function buttonAction(button: ButtonClick): Record<string, unknown> {
  return {
    action_id: button.action_id,
    block_id: button.block_id ?? 'ps:block',
    text: { type: 'plain_text', text: button.text ?? '', emoji: true },
    ...(button.value !== undefined ? { value: button.value } : {}),
    ...(button.style ? { style: button.style } : {}),
    type: 'button',
    action_ts: actionTs(),
  };
}

export interface CheckboxOption {
  text: { type: 'plain_text'; text: string };
  value: string;
}

/** A checkbox change, as Slack reports it (the options now selected). */
export function checkboxesAction(actionId: string, blockId: string, selected: CheckboxOption[]) {
  return {
    type: 'checkboxes',
    action_id: actionId,
    block_id: blockId,
    selected_options: selected,
    action_ts: actionTs(),
  };
}

/** The `view` Slack sends back with a modal submission: what views.open showed, plus id, hash and the typed state. */
export function viewSubmissionPayload(options: {
  user: SlackUser;
  view: Record<string, unknown>;
  value: string;
  teamId?: string;
}): Record<string, unknown> {
  const teamId = options.teamId ?? TEAM_ID;
  const { view } = options;
  return {
    type: 'view_submission',
    team: { id: teamId, domain: TEAM_DOMAIN },
    user: userOf(options.user, teamId),
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: triggerId(),
    view: {
      id: view.id,
      team_id: teamId,
      type: 'modal',
      blocks: view.blocks,
      private_metadata: view.private_metadata,
      callback_id: view.callback_id,
      state: { values: { 'ps:input': { value: { type: 'plain_text_input', value: options.value } } } },
      hash: view.hash,
      title: view.title,
      clear_on_close: false,
      notify_on_close: false,
      close: view.close,
      submit: view.submit,
      previous_view_id: null,
      root_view_id: view.id,
      app_id: APP_ID,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: 'BBOT',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** An Events API envelope around one event. */
export function eventCallback(event: Record<string, unknown>, teamId = TEAM_ID): Record<string, unknown> {
  const n = next();
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    api_app_id: APP_ID,
    event,
    type: 'event_callback',
    event_id: `Ev0${String(n).padStart(9, '0')}`,
    event_time: 1_700_000_000 + n,
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: BOT_USER, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-eyJldCI6ImFwcF9tZW50aW9uIn0${n}`,
  };
}

/**
 * An `app_mention` event: "<@UBOT> weiter" as the user typed it, with the rich-text blocks Slack adds; in a thread
 * (`threadTs`), with the thread's `thread_ts` as Slack sends it.
 */
export function appMentionEvent(
  user: SlackUser,
  channel: string,
  textAfterMention: string,
  threadTs?: string,
) {
  const ts = actionTs();
  return {
    ...(threadTs ? { thread_ts: threadTs, parent_user_id: BOT_USER } : {}),
    client_msg_id: `0f7c2b4e-${String(next()).padStart(4, '0')}-4c1e-9d6f-2f1a5a3b8c7d`,
    type: 'app_mention',
    text: `<@${BOT_USER}> ${textAfterMention}`,
    user: user.id,
    ts,
    team: TEAM_ID,
    blocks: [
      {
        type: 'rich_text',
        block_id: 'mention',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'user', user_id: BOT_USER },
              { type: 'text', text: ` ${textAfterMention}` },
            ],
          },
        ],
      },
    ],
    channel,
    event_ts: ts,
  };
}

/**
 * A `message` event (`message.channels`) for what a person typed: a reply in the thread of `threadTs`, or (without
 * it) a message in the channel. `text` is as Slack sends it (`&`, `<`, `>` escaped).
 */
export function messageEvent(user: SlackUser, channel: string, text: string, threadTs?: string) {
  const ts = actionTs();
  return {
    client_msg_id: `6a1d9e2c-${String(next()).padStart(4, '0')}-4b7a-8f3e-1c2d3e4f5a6b`,
    type: 'message',
    text,
    user: user.id,
    ts,
    team: TEAM_ID,
    blocks: [
      {
        type: 'rich_text',
        block_id: 'typed',
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
      },
    ],
    ...(threadTs ? { thread_ts: threadTs, parent_user_id: BOT_USER } : {}),
    channel,
    event_ts: ts,
    channel_type: 'channel',
  };
}

/** A `message` event for a message the bot posted itself (Slack sends those too, with its bot id). */
export function botMessageEvent(channel: string, text: string, threadTs?: string) {
  const ts = actionTs();
  return {
    type: 'message',
    subtype: 'bot_message',
    text,
    ts,
    bot_id: 'BBOT',
    ...(threadTs ? { thread_ts: threadTs } : {}),
    channel,
    event_ts: ts,
    channel_type: 'channel',
  };
}

export function appHomeOpenedEvent(user: SlackUser) {
  return { type: 'app_home_opened', user: user.id, channel: 'D0HOME', tab: 'home', event_ts: actionTs() };
}

export function urlVerificationBody(challenge: string): Record<string, unknown> {
  return { token: VERIFICATION_TOKEN, challenge, type: 'url_verification' };
}
