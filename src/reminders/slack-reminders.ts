import { LogLevel, WebClient } from '@slack/web-api';
import { createSlackReminders, type SlackReminders } from '../adapters/slack/reminders';
import type { Locale } from '../core/context';
import type { DialogEngine } from '../core/engine';
import type { Logger } from '../logging/logger';
import type { KeyValueStore } from '../store/port';

/** What the Slack side of the reminders needs from the configuration: the bot token, and where the API is. */
export interface SlackReminderSettings {
  /** SLACK_BOT_TOKEN. Without it nothing can be sent (a dry run needs none). */
  botToken?: string | undefined;
  /** SLACK_API_URL (a proxy; the tests' fake). */
  apiUrl?: string | undefined;
  /** DIGEST_CHANNEL: the experts' channel. */
  digestChannel?: string | undefined;
  /** The longest Retry-After one nudge waits out (longer: a later sweep tries). @default the sender's (30 s) */
  maxRateLimitWaitMs?: number;
}

export interface SlackReminderDeps {
  engine: DialogEngine;
  store: KeyValueStore;
  logger: Logger;
  defaultLocale: Locale;
}

/**
 * The Slack sender and digest for the sweep (the server's, the Lambda's and the CLI's alike), for a bot token and API
 * URL. The client here only carries those two: the sender makes its own from them, one that never retries a post by
 * itself and waits out a 429 for that team alone (adapters/slack/reminders). Nothing here imports Bolt, so the
 * Lambda bundle stays small.
 */
export function slackReminders(settings: SlackReminderSettings, deps: SlackReminderDeps): SlackReminders {
  const apiUrl = settings.apiUrl
    ? settings.apiUrl.endsWith('/')
      ? settings.apiUrl
      : `${settings.apiUrl}/`
    : null;
  const client = new WebClient(settings.botToken, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    logger: deps.logger,
    logLevel: LogLevel.WARN,
  });
  return createSlackReminders({
    client,
    engine: deps.engine,
    store: deps.store,
    logger: deps.logger,
    defaultLocale: deps.defaultLocale,
    ...(settings.digestChannel ? { digestChannel: settings.digestChannel } : {}),
    ...(settings.maxRateLimitWaitMs !== undefined ? { maxRateLimitWaitMs: settings.maxRateLimitWaitMs } : {}),
  });
}
