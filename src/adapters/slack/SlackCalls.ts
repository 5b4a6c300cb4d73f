import type { Logger } from '@slack/bolt';
import { ErrorCode, type WebClient } from '@slack/web-api';
import { escapeOutgoing } from './escape';

/** Channel problems that no retry can fix: logged once, clearly, and dropped. */
/** How long a channel with such a problem is left alone before the bot tries it again. */
const UNREACHABLE_FOR_MS = 60_000;

const CHANNEL_PROBLEMS = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'channel_is_archived',
  'user_not_in_channel',
]);

export interface SlackCallsOptions {
  client: WebClient;
  logger: Logger;
  /** How often a rate-limited call waits out `Retry-After` and tries again. @default 3 */
  maxRateLimitWaits?: number;
  /** The longest single wait for `Retry-After`, in ms. @default 60_000 */
  maxWaitMs?: number;
  /** @default setTimeout-based sleep; tests pass a recording one */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Calls the Web API after the request was acknowledged: a 429 is waited out with its `Retry-After` (the client itself
 * is set to reject rate-limited calls at once instead of queueing for 30 minutes), channel problems end in one clear
 * log line, and nothing throws into the listener. Every text goes out escaped (`escapeOutgoing`): no user text a
 * message repeats can notify a channel.
 */
export class SlackCalls {
  private readonly client: WebClient;
  private readonly logger: Logger;
  private readonly maxRateLimitWaits: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Channels the bot cannot post to, until when: the rest of a turn's messages are dropped, not tried one by one. */
  private readonly unreachable = new Map<string, number>();

  constructor(options: SlackCallsOptions) {
    this.client = options.client;
    this.logger = options.logger;
    this.maxRateLimitWaits = options.maxRateLimitWaits ?? 3;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Calls `method`; returns the response, or null when the call failed (already logged). `keep`: user mentions the
   * bot wrote itself into the message (`<@U…>`), left unescaped.
   */
  async call<T = Record<string, unknown>>(
    method: string,
    args: Record<string, unknown>,
    options: { keep?: ReadonlySet<string> } = {},
  ): Promise<T | null> {
    const channel = typeof args.channel === 'string' ? args.channel : null;
    if (channel && (this.unreachable.get(channel) ?? 0) > Date.now()) return null;
    const outgoing = escapeOutgoing(args, options.keep);
    for (let waits = 0; ; waits += 1) {
      try {
        return (await this.client.apiCall(method, outgoing)) as T;
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
        if (code === ErrorCode.PlatformError && platformError && CHANNEL_PROBLEMS.has(platformError)) {
          if (channel) this.unreachable.set(channel, Date.now() + UNREACHABLE_FOR_MS);
          this.logger.warn(
            `slack: ${method} to channel ${channel ?? '?'} failed with ${platformError}; not retrying (invite the bot or unarchive the channel)`,
          );
        } else {
          this.logger.error(
            `slack: ${method} failed (${platformError ?? code ?? 'unknown'}); giving up on this message`,
          );
        }
        return null;
      }
    }
  }

  /**
   * Calls `method` and hands back Slack's error code instead of logging it: for the calls whose errors the caller
   * tells apart (canvases: a free plan or a missing scope is an answer, not a failure). A 429 is waited out as in
   * `call`. Nothing is escaped: the arguments carry no message text (a canvas takes markdown, not mrkdwn).
   */
  async attempt<T = Record<string, unknown>>(
    method: string,
    args: Record<string, unknown>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
    for (let waits = 0; ; waits += 1) {
      try {
        return { ok: true, value: (await this.client.apiCall(method, args)) as T };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === ErrorCode.RateLimitedError && waits < this.maxRateLimitWaits) {
          const seconds = Number((error as { retryAfter?: number }).retryAfter ?? 1);
          await this.sleep(Math.min(Math.max(seconds, 0) * 1000, this.maxWaitMs));
          continue;
        }
        const platformError = (error as { data?: { error?: string } }).data?.error;
        return { ok: false, error: platformError ?? code ?? 'unknown' };
      }
    }
  }
}
