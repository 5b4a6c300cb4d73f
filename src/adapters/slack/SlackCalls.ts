import type { Logger } from '@slack/bolt';
import {
  type CanvasesEditArguments,
  type ChatPostEphemeralArguments,
  type ChatPostMessageArguments,
  type ChatPostMessageResponse,
  type ChatUpdateArguments,
  type ConversationsCanvasesCreateArguments,
  type ConversationsCanvasesCreateResponse,
  ErrorCode,
  type UsersConversationsArguments,
  type UsersConversationsResponse,
  type UsersInfoArguments,
  type UsersInfoResponse,
  type ViewsOpenArguments,
  type ViewsPublishArguments,
  type WebClient,
} from '@slack/web-api';
import { deliveryClient } from './delivery-context';
import { escapeOutgoing } from './escape';

/** How long a channel with such a problem is left alone before the bot tries it again. */
const UNREACHABLE_FOR_MS = 60_000;

/** Channel problems that no retry can fix: logged once, clearly, and dropped. */
const CHANNEL_PROBLEMS = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'channel_is_archived',
  'user_not_in_channel',
]);

const NONE: ReadonlySet<string> = new Set();
/** users.info for a member of another organisation (Slack Connect) whose profile this workspace cannot see. */
const UNKNOWN_USER: ReadonlySet<string> = new Set(['user_not_found', 'user_not_visible']);

export interface SlackCallsOptions {
  /**
   * The client for calls made outside a delivery (single-workspace mode: the one bot token). Without one (many
   * workspaces), such a call is refused and logged: there is no workspace to take a token from.
   */
  fallback?: WebClient;
  logger: Logger;
  /** How often a rate-limited call waits out `Retry-After` and tries again. @default 3 */
  maxRateLimitWaits?: number;
  /** The longest single wait for `Retry-After`, in ms. @default 60_000 */
  maxWaitMs?: number;
  /** @default setTimeout-based sleep; tests pass a recording one */
  sleep?: (ms: number) => Promise<void>;
}

/** What a call Slack may refuse for a reason the caller tells apart came to (canvases: a free plan, a missing scope). */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: string };

/** Text options of the calls that send a message. `keep`: user mentions the bot wrote itself, left unescaped. */
export interface SendOptions {
  keep?: ReadonlySet<string>;
}

/**
 * The Web API calls of the bot's listeners, one typed method per call, made after the request was acknowledged with
 * the client Bolt handed that delivery (`withRequestClient`): a 429 is waited out with its `Retry-After` (the client
 * itself is set to reject rate-limited calls at once instead of queueing for 30 minutes), channel problems end in one
 * clear log line, and nothing throws into the listener (a failed call is null). Every text goes out escaped
 * (`escapeOutgoing`): no user text a message repeats can notify a channel.
 */
export class SlackCalls {
  private readonly fallback: WebClient | undefined;
  private readonly logger: Logger;
  private readonly maxRateLimitWaits: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Channels the bot cannot post to, until when: the rest of a turn's messages are dropped, not tried one by one. */
  private readonly unreachable = new Map<string, number>();

  constructor(options: SlackCallsOptions) {
    this.fallback = options.fallback;
    this.logger = options.logger;
    this.maxRateLimitWaits = options.maxRateLimitWaits ?? 3;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  postMessage(
    args: ChatPostMessageArguments,
    options: SendOptions = {},
  ): Promise<ChatPostMessageResponse | null> {
    return this.logged('chat.postMessage', args.channel, (c) =>
      c.chat.postMessage(escapeOutgoing(args, options.keep)),
    );
  }

  async postEphemeral(args: ChatPostEphemeralArguments): Promise<boolean> {
    const done = await this.logged('chat.postEphemeral', args.channel, (c) =>
      c.chat.postEphemeral(escapeOutgoing(args)),
    );
    return done !== null;
  }

  async update(args: ChatUpdateArguments, options: SendOptions = {}): Promise<boolean> {
    const done = await this.logged('chat.update', args.channel, (c) =>
      c.chat.update(escapeOutgoing(args, options.keep)),
    );
    return done !== null;
  }

  /** A user's profile; null when it cannot be read (a member of another organisation may be unknown here). */
  usersInfo(args: UsersInfoArguments): Promise<UsersInfoResponse | null> {
    return this.logged('users.info', undefined, (c) => c.users.info(args), UNKNOWN_USER);
  }

  usersConversations(args: UsersConversationsArguments): Promise<UsersConversationsResponse | null> {
    return this.logged('users.conversations', undefined, (c) => c.users.conversations(args));
  }

  async viewsOpen(args: ViewsOpenArguments): Promise<boolean> {
    const done = await this.logged('views.open', undefined, (c) => c.views.open(escapeOutgoing(args)));
    return done !== null;
  }

  async viewsPublish(args: ViewsPublishArguments): Promise<boolean> {
    const done = await this.logged('views.publish', undefined, (c) => c.views.publish(escapeOutgoing(args)));
    return done !== null;
  }

  /** Nothing is escaped: a canvas takes markdown, not mrkdwn. Slack's error code comes back, not logged. */
  createCanvas(
    args: ConversationsCanvasesCreateArguments,
  ): Promise<Attempt<ConversationsCanvasesCreateResponse>> {
    return this.attempt('conversations.canvases.create', (c) => c.conversations.canvases.create(args));
  }

  async editCanvas(args: CanvasesEditArguments): Promise<Attempt<true>> {
    const result = await this.attempt('canvases.edit', (c) => c.canvases.edit(args));
    return result.ok ? { ok: true, value: true } : result;
  }

  /** The client for the call: the delivery's (Bolt's), else the fallback; null when there is none. */
  private client(method: string): WebClient | null {
    const client = deliveryClient() ?? this.fallback;
    if (!client)
      this.logger.error(`slack: ${method} outside a delivery, with no workspace to take a token from`);
    return client ?? null;
  }

  /** Runs a call, waiting out 429s; null when it failed (logged). */
  private async logged<T>(
    method: string,
    channel: string | undefined,
    call: (client: WebClient) => Promise<T>,
    expected: ReadonlySet<string> = NONE,
  ): Promise<T | null> {
    if (channel && (this.unreachable.get(channel) ?? 0) > Date.now()) return null;
    const result = await this.attempt(method, call);
    if (result.ok) return result.value;
    if (expected.has(result.error)) {
      this.logger.debug(`slack: ${method} answered ${result.error}`);
    } else if (CHANNEL_PROBLEMS.has(result.error)) {
      if (channel) this.unreachable.set(channel, Date.now() + UNREACHABLE_FOR_MS);
      this.logger.warn(
        `slack: ${method} to channel ${channel ?? '?'} failed with ${result.error}; not retrying (invite the bot or unarchive the channel)`,
      );
    } else if (result.error !== 'no_client') {
      this.logger.error(`slack: ${method} failed (${result.error}); giving up on this message`);
    }
    return null;
  }

  /** Runs a call, waiting out 429s (up to a bound), and hands back Slack's error code instead of logging it. */
  private async attempt<T>(method: string, call: (client: WebClient) => Promise<T>): Promise<Attempt<T>> {
    const client = this.client(method);
    if (!client) return { ok: false, error: 'no_client' };
    for (let waits = 0; ; waits += 1) {
      try {
        return { ok: true, value: await call(client) };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === ErrorCode.RateLimitedError && waits < this.maxRateLimitWaits) {
          const seconds = Number((error as { retryAfter?: number }).retryAfter ?? 1);
          const ms = Math.min(Math.max(seconds, 0) * 1000, this.maxWaitMs);
          this.logger.warn(
            `slack: ${method} rate-limited; waiting ${ms} ms (Retry-After) before try ${waits + 2}`,
          );
          await this.sleep(ms);
          continue;
        }
        const platformError = (error as { data?: { error?: string } }).data?.error;
        return { ok: false, error: platformError ?? code ?? 'unknown' };
      }
    }
  }
}
