import {
  type ChatPostMessageArguments,
  type ChatPostMessageResponse,
  type ConversationsHistoryArguments,
  type ConversationsHistoryResponse,
  ErrorCode,
  LogLevel,
  WebClient,
} from '@slack/web-api';
import type { Logger } from '../../../logging/logger';
import { escapeOutgoing } from '../escape';

/**
 * Channel errors no retry can fix: the bot left or was removed, the channel was deleted or archived. A nudge that
 * meets one switches the team's reminders off (the sweep's `gone`).
 */
export const GONE_ERRORS: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'channel_is_archived',
]);

/** What one Web API call came to: the answer, or why not (`gone`: one of GONE_ERRORS). */
export type CallResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; detail: string; gone: boolean };

export interface ReminderCallsOptions {
  /** The bot's client: its token and API URL are used (see `reminderClient`). */
  client: WebClient;
  logger: Logger;
  /** @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The longest Retry-After waited out; a longer one fails the call (the sweep's claim runs out, a later sweep tries).
   * @default 30_000
   */
  maxWaitMs?: number;
  /** How many 429s in a row one call waits out. @default 2 */
  maxWaits?: number;
}

/**
 * A client of its own for the sweep, with the bot's token and API URL: it never retries by itself. `@slack/web-api`
 * retries 10 times over about 30 minutes by default, also after a timeout, when the POST may have reached Slack
 * (a second nudge); and on a 429 it pauses its whole queue, which would hold up every other team's nudge. So rate
 * limits are rejected at once and waited out per call (`ReminderCalls`), and a failed post is left to the claim's
 * lease and the next sweep's `wasSent`.
 */
export function reminderClient(client: WebClient, logger: Logger): WebClient {
  return new WebClient(client.token, {
    slackApiUrl: client.slackApiUrl,
    logger,
    logLevel: LogLevel.WARN,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
  });
}

/** What the sender and the digest call the Web API through: `ReminderCalls`, or one that first finds the token. */
export type Calls = Pick<ReminderCalls, 'postMessage' | 'history'>;

/**
 * Calls whose `ReminderCalls` (a workspace's, for its bot token) is found at each call; when it cannot be (the app is
 * not installed there, the store cannot be read now) the call fails with that code and nothing reaches Slack.
 */
export function lazyCalls(resolve: () => Promise<ReminderCalls | { code: string; detail: string }>): Calls {
  const unresolved = (method: string, found: { code: string; detail: string }) =>
    ({ ok: false, code: found.code, detail: `${method}: ${found.detail}`, gone: false }) as const;
  return {
    async postMessage(args, options) {
      const calls = await resolve();
      return calls instanceof ReminderCalls
        ? calls.postMessage(args, options)
        : unresolved('chat.postMessage', calls);
    },
    async history(args) {
      const calls = await resolve();
      return calls instanceof ReminderCalls
        ? calls.history(args)
        : unresolved('conversations.history', calls);
    },
  };
}

/**
 * Web API calls for the sweep and the digest: a 429 waits for its Retry-After (this call only: other teams' calls go
 * on meanwhile), up to a bound; errors come back as values, never thrown. Every text goes out escaped
 * (`escapeOutgoing`), except the user mentions the bot wrote itself (`keep`).
 */
export class ReminderCalls {
  private readonly client: WebClient;
  private readonly logger: Logger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaitMs: number;
  private readonly maxWaits: number;

  constructor(options: ReminderCallsOptions) {
    this.client = reminderClient(options.client, options.logger);
    this.logger = options.logger;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.maxWaits = options.maxWaits ?? 2;
  }

  /** Posts a message; its texts escaped except the mentions in `keep`. */
  postMessage(
    args: ChatPostMessageArguments,
    options: { keep?: ReadonlySet<string> } = {},
  ): Promise<CallResult<ChatPostMessageResponse>> {
    const outgoing = escapeOutgoing(args, options.keep);
    return this.run('chat.postMessage', () => this.client.chat.postMessage(outgoing));
  }

  /** One page of a channel's history. */
  history(args: ConversationsHistoryArguments): Promise<CallResult<ConversationsHistoryResponse>> {
    return this.run('conversations.history', () => this.client.conversations.history(args));
  }

  private async run<T>(method: string, call: () => Promise<T>): Promise<CallResult<T>> {
    for (let waits = 0; ; waits += 1) {
      try {
        return { ok: true, data: await call() };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === ErrorCode.RateLimitedError) {
          const seconds = Math.max(0, Number((error as { retryAfter?: number }).retryAfter ?? 1));
          const ms = seconds * 1000;
          if (ms > this.maxWaitMs || waits >= this.maxWaits) {
            return {
              ok: false,
              code: 'ratelimited',
              detail: `${method}: Retry-After ${seconds} s (waits ${waits}; at most ${this.maxWaitMs / 1000} s each)`,
              gone: false,
            };
          }
          this.logger.warn(
            `slack: ${method} rate-limited; waiting ${ms} ms (Retry-After) before trying again`,
          );
          await this.sleep(ms);
          continue;
        }
        if (code === ErrorCode.PlatformError) {
          const platform = (error as { data?: { error?: string } }).data?.error ?? 'unknown';
          return {
            ok: false,
            code: platform,
            detail: `${method} answered ${platform}`,
            gone: GONE_ERRORS.has(platform),
          };
        }
        if (code === ErrorCode.HTTPError) {
          const status = (error as { statusCode?: number }).statusCode ?? 0;
          return { ok: false, code: `http_${status}`, detail: `${method}: HTTP ${status}`, gone: false };
        }
        // A timeout or a network failure: the request may or may not have reached Slack.
        const cause = (error as { original?: Error }).original ?? (error as Error);
        return {
          ok: false,
          code: code ?? 'request_failed',
          detail: `${method}: ${cause?.name ?? 'Error'}: ${cause?.message ?? String(error)}`,
          gone: false,
        };
      }
    }
  }
}

/** A message's metadata payload as the bot wrote it (Slack types it as an open record of its own). */
export function payloadOf(
  metadata: { event_payload?: unknown } | undefined,
): Record<string, unknown> | undefined {
  const payload = metadata?.event_payload;
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
}
