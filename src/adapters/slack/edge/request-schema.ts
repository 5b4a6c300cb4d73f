import { z } from 'zod';

/**
 * The shapes of the requests Slack sends the bot, checked before Bolt sees them: Bolt dereferences `body.user.id`,
 * `body.event.type`, `body.view.app_installed_team_id` and more without a guard, so a signed payload with `null` there
 * ends in a 500 from inside Bolt. Every id the bot builds keys from must be a Slack id (no `:`, no spaces), so a
 * malformed request can neither crash a listener nor create a record under a made-up key. Unknown fields pass
 * (Slack adds fields over time); only what Bolt or the bot reads is checked.
 */

/** Slack's ids: `T…`, `E…`, `C…`, `G…`, `D…`, `U…`, `W…`, `V…`; uppercase letters and digits. */
export const SlackIdSchema = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, 'not a Slack id');
/** Opaque ids Slack makes up itself (event ids, trigger ids, timestamps): bounded, no control characters. */
const TokenSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'not a printable token');
const UrlSchema = z.string().max(2000).startsWith('https://').or(z.string().max(2000).startsWith('http://'));
/** Where Bolt looks (with `'x' in value`) must be an object or absent: `'x' in null` throws. */
const objectOrAbsent = z.looseObject({}).optional();

/** Bolt builds `respond()` from these before any listener runs, reading `response_urls[0].response_url`. */
const RespondFields = {
  response_url: UrlSchema.optional(),
  response_urls: z.array(z.looseObject({ response_url: UrlSchema })).optional(),
};

const AuthorizationSchema = z.looseObject({
  team_id: SlackIdSchema.nullable().optional(),
  enterprise_id: SlackIdSchema.nullable().optional(),
  user_id: SlackIdSchema.optional(),
  is_enterprise_install: z.boolean().optional(),
});

const EventSchema = z.looseObject({
  type: z.string().min(1).max(100),
  user: SlackIdSchema.or(z.looseObject({ id: SlackIdSchema })).optional(),
  channel: SlackIdSchema.or(z.looseObject({ id: SlackIdSchema.optional() })).optional(),
  channel_id: SlackIdSchema.optional(),
  item: objectOrAbsent,
  subteam: objectOrAbsent,
  text: z.string().optional(),
  bot_id: z.string().optional(),
});

/** The events the bot subscribes to (slack/manifest.yml), with what their listeners read. */
const ListenedEvents = {
  app_mention: EventSchema.extend({
    // A bot's mention has no user: it is ignored, but must not be malformed.
    user: SlackIdSchema.optional(),
    channel: SlackIdSchema,
    text: z.string().max(40_000).optional(),
  }),
  app_home_opened: EventSchema.extend({ user: SlackIdSchema, tab: z.string().max(50).optional() }),
  // The thread layout: a reply in a step's thread is a typed answer (listeners/commands.ts); bots' and edits pass too.
  message: EventSchema.extend({ text: z.string().max(40_000).optional() }),
  // Multi-workspace mode: the installation goes (src/adapters/slack/oauth/uninstall.ts).
  app_uninstalled: EventSchema,
  tokens_revoked: EventSchema.extend({
    tokens: z.looseObject({
      oauth: z.array(SlackIdSchema).optional(),
      bot: z.array(SlackIdSchema).optional(),
    }),
  }),
} as const;

export const EventCallbackSchema = z.looseObject({
  type: z.literal('event_callback'),
  team_id: SlackIdSchema,
  enterprise_id: SlackIdSchema.nullable().optional(),
  event_id: TokenSchema,
  event: EventSchema,
  authorizations: z.array(AuthorizationSchema).optional(),
  ...RespondFields,
});

export const UrlVerificationSchema = z.looseObject({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(200),
});

/** A slash command's form fields. */
export const SlashCommandSchema = z.looseObject({
  command: z.string().regex(/^\/[\w-]{1,32}$/),
  text: z.string().max(8000).default(''),
  team_id: SlackIdSchema,
  enterprise_id: SlackIdSchema.optional().or(z.literal('')),
  channel_id: SlackIdSchema,
  user_id: SlackIdSchema,
  user_name: z.string().max(1000).optional(),
  trigger_id: TokenSchema,
  ...RespondFields,
});

const UserSchema = z.looseObject({
  id: SlackIdSchema,
  team_id: SlackIdSchema.optional(),
  name: z.string().max(1000).optional(),
  username: z.string().max(1000).optional(),
});
const TeamSchema = z.looseObject({ id: SlackIdSchema, enterprise_id: SlackIdSchema.optional() }).nullable();
const EnterpriseSchema = z.looseObject({ id: SlackIdSchema }).nullable();

const ActionSchema = z.looseObject({
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255).optional(),
  action_ts: TokenSchema.optional(),
  type: z.string().max(50).optional(),
  value: z.string().max(2000).optional(),
});

/** `state.values`: block id → action id → element state. */
const StateValuesSchema = z.record(z.string().max(255), z.record(z.string().max(255), z.looseObject({})));

export const BlockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: UserSchema,
  team: TeamSchema.optional(),
  enterprise: EnterpriseSchema.optional(),
  actions: z.array(ActionSchema).min(1).max(25),
  trigger_id: TokenSchema,
  channel: z.looseObject({ id: SlackIdSchema }).optional(),
  container: z.looseObject({ message_ts: TokenSchema.optional() }).optional(),
  message: z.looseObject({ ts: TokenSchema.optional() }).optional(),
  state: z.looseObject({ values: StateValuesSchema }).optional(),
  ...RespondFields,
});

const ViewSchema = z.looseObject({
  id: TokenSchema,
  hash: z.string().max(255).optional(),
  callback_id: z.string().max(255),
  // Read by the modal listener, which answers a bad one itself (it must acknowledge, whatever the payload).
  private_metadata: z.unknown().optional(),
  state: z.unknown().optional(),
  app_installed_team_id: SlackIdSchema.optional(),
});

export const ViewSubmissionSchema = z.looseObject({
  type: z.literal('view_submission'),
  user: UserSchema,
  team: TeamSchema.optional(),
  enterprise: EnterpriseSchema.optional(),
  view: ViewSchema,
  trigger_id: TokenSchema.optional(),
  ...RespondFields,
});

export const ViewClosedSchema = ViewSubmissionSchema.extend({ type: z.literal('view_closed') });

/** The interactive payload types the bot handles; others (shortcuts, options) are not configured in the manifest. */
const InteractiveSchemas = {
  block_actions: BlockActionsSchema,
  view_submission: ViewSubmissionSchema,
  view_closed: ViewClosedSchema,
} as const;

export type SlackRequestKind =
  | 'event'
  /** An event of a type the bot does not subscribe to: acknowledged, and not handed to Bolt. */
  | 'unsubscribed_event'
  /** A message in a channel, not in a thread: nothing for the bot (see below). */
  | 'channel_message'
  | 'url_verification'
  | 'command'
  | keyof typeof InteractiveSchemas;

export type ShapeCheck = { ok: true; kind: SlackRequestKind } | { ok: false; problem: string };

/** Names the first problem as `path: message`, without echoing any value from the request. */
function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

function check(schema: z.ZodType, body: unknown, kind: SlackRequestKind): ShapeCheck {
  const result = schema.safeParse(body);
  return result.success ? { ok: true, kind } : { ok: false, problem: `${kind} ${problemOf(result.error)}` };
}

/**
 * Checks a parsed request body: an Events API envelope (JSON), a slash command (form fields) or an interactive
 * payload (the JSON in `payload=`); `encoding` says which of the three it came as.
 */
export function checkSlackShape(body: unknown, encoding: 'json' | 'form' | 'payload'): ShapeCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, problem: 'body is not an object' };
  const type = (body as { type?: unknown }).type;
  if (encoding === 'form') return check(SlashCommandSchema, body, 'command');
  if (encoding === 'payload') {
    const schema = InteractiveSchemas[type as keyof typeof InteractiveSchemas];
    if (typeof type !== 'string' || !Object.hasOwn(InteractiveSchemas, type) || !schema)
      return { ok: false, problem: 'payload of an unsupported type' };
    return check(schema, body, type as keyof typeof InteractiveSchemas);
  }
  if (type === 'url_verification') return check(UrlVerificationSchema, body, 'url_verification');
  if (type !== 'event_callback') return { ok: false, problem: 'envelope of an unsupported type' };
  const envelope = check(EventCallbackSchema, body, 'event');
  if (!envelope.ok) return envelope;
  const eventType = (body as { event: { type: string } }).event.type;
  const listened = Object.hasOwn(ListenedEvents, eventType)
    ? ListenedEvents[eventType as keyof typeof ListenedEvents]
    : undefined;
  // Bolt has rules of its own for some event types (`function_executed` needs an execution id, or it answers 500):
  // an event the manifest does not subscribe to has nothing to do here.
  if (!listened) return { ok: true, kind: 'unsubscribed_event' };
  // With `message.channels` every message in every channel the bot is in arrives; only replies in a thread (a step's
  // questions) can be for the bot. The rest is acknowledged here, before a delivery claim is written for it.
  if (
    eventType === 'message' &&
    typeof (body as { event: { thread_ts?: unknown } }).event.thread_ts !== 'string'
  )
    return { ok: true, kind: 'channel_message' };
  const event = listened.safeParse((body as { event: unknown }).event);
  return event.success ? envelope : { ok: false, problem: `event ${eventType} ${problemOf(event.error)}` };
}
