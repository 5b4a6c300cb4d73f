import { type InstallationStore, InstallProvider } from '@slack/oauth';
import { LogLevel, WebClient } from '@slack/web-api';
import type { SlackOAuthConfig } from '../adapters/slack/config';
import { workspaceBotToken } from '../adapters/slack/oauth/authorize';
import {
  createSlackReminders,
  createWorkspaceReminders,
  type SlackReminders,
  type WorkspaceReminders,
} from '../adapters/slack/reminders';
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
  const apiUrl = withSlash(settings.apiUrl);
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

function withSlash(url: string | undefined): string | null {
  return url ? (url.endsWith('/') ? url : `${url}/`) : null;
}

/** Multi-workspace mode: the OAuth app (for refreshing rotating tokens) and DIGEST_TEAM instead of one bot token. */
export interface WorkspaceReminderSettings extends Omit<SlackReminderSettings, 'botToken'> {
  oauth: Pick<SlackOAuthConfig, 'clientId' | 'clientSecret' | 'stateSecret'>;
  /** DIGEST_TEAM: the workspace (`T…`) of DIGEST_CHANNEL. */
  digestTeam?: string | undefined;
}

/**
 * The sender and digest for many workspaces: each workspace's bot token from the installation store, as a request's
 * `authorize` gets it (@slack/oauth's InstallProvider: a rotating token that expires within two hours is refreshed
 * and saved back). Run `prepare(now)` before each sweep (`runReminders` does, given it).
 */
export function workspaceSlackReminders(
  settings: WorkspaceReminderSettings,
  deps: SlackReminderDeps & { installations: InstallationStore },
): WorkspaceReminders {
  const apiUrl = withSlash(settings.apiUrl);
  const installer = new InstallProvider({
    clientId: settings.oauth.clientId,
    clientSecret: settings.oauth.clientSecret,
    stateSecret: settings.oauth.stateSecret,
    installationStore: deps.installations,
    logLevel: LogLevel.WARN,
    clientOptions: {
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
      timeout: 10_000,
    },
  });
  return createWorkspaceReminders({
    botToken: (teamId) => workspaceBotToken(installer, { teamId }),
    ...(apiUrl ? { apiUrl } : {}),
    engine: deps.engine,
    store: deps.store,
    logger: deps.logger,
    defaultLocale: deps.defaultLocale,
    ...(settings.digestChannel ? { digestChannel: settings.digestChannel } : {}),
    ...(settings.digestTeam ? { digestTeam: settings.digestTeam } : {}),
    ...(settings.maxRateLimitWaitMs !== undefined ? { maxRateLimitWaitMs: settings.maxRateLimitWaitMs } : {}),
  });
}
