import { z } from 'zod';

/**
 * Slack settings from the environment. All optional here so the server can start without them (the health check and
 * the Alexa endpoint still run); `missingSlackSettings` names what is missing for the bot itself.
 *
 * Two modes: one workspace (`SLACK_BOT_TOKEN`, for a team that installs the app only for itself), or many
 * (`SLACK_CLIENT_ID`, `SLACK_CLIENT_SECRET` and `SLACK_STATE_SECRET`: Slack's OAuth install at `/slack/install`, one
 * installation per workspace in the store, each request authorized with its own workspace's token).
 */
export const SlackConfigSchema = z.object({
  SLACK_SIGNING_SECRET: z.string().min(8, 'must be the app signing secret').optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must be a bot token (xoxb-…)')
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must be an app-level token (xapp-…) for Socket Mode')
    .optional(),
  SLACK_API_URL: z.url('must be a URL such as https://slack.com/api/').optional(),
  /** The app's Client ID (Basic Information → App Credentials), e.g. `1234567890.1234567890123`. */
  SLACK_CLIENT_ID: z
    .string()
    .regex(/^\d+\.\d+$/, 'must be the Client ID from Basic Information (digits.digits)')
    .optional(),
  /** The app's Client Secret (Basic Information → App Credentials). */
  SLACK_CLIENT_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9]{16,128}$/, 'must be the Client Secret from Basic Information')
    .optional(),
  /** Signs the OAuth `state` (a random string of your own, e.g. `openssl rand -hex 32`). */
  SLACK_STATE_SECRET: z.string().min(16, 'must be a random secret of at least 16 characters').optional(),
  /**
   * Where Slack sends the browser back after the install (`…/slack/oauth_redirect`, one of the app's redirect URLs).
   * Unset: the app's only redirect URL.
   */
  SLACK_REDIRECT_URI: z
    .url('must be the https URL of /slack/oauth_redirect')
    .refine((url) => new URL(url).pathname === OAUTH_REDIRECT_PATH, {
      message: 'must end in /slack/oauth_redirect',
    })
    .optional(),
  /** How long a workspace's onboarding records are kept after it uninstalled the app, in days. @default 30 */
  SLACK_UNINSTALL_GRACE_DAYS: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(0, 'must be 0 or more days')
    .max(3650, 'must be at most 3650 days')
    .default(30),
  /**
   * The integration experts' channel for the daily digest of stalled teams (its id, `C…` or `G…`: in Slack, the
   * channel's details show it). Unset: no digest.
   */
  DIGEST_CHANNEL: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,63}$/, 'must be a channel id (C… or G…), not its name')
    .optional(),
  /**
   * The workspace of DIGEST_CHANNEL (its id, `T…`), whose bot token posts the digest: needed with DIGEST_CHANNEL in
   * multi-workspace mode (each workspace has its own token); unused with one workspace.
   */
  DIGEST_TEAM: z
    .string()
    .regex(/^T[A-Z0-9]+$/, 'must be a workspace id (T…), not its name')
    .optional(),
});

export type SlackConfig = z.input<typeof SlackConfigSchema>;

/** Where the install page and the OAuth redirect live, on the server and on Lambda alike. */
export const INSTALL_PATH = '/slack/install';
export const OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

/** The grace period when SLACK_UNINSTALL_GRACE_DAYS is not set. */
export const DEFAULT_UNINSTALL_GRACE_DAYS = 30;

/**
 * Settings the Lambda functions may read from SSM Parameter Store instead (`<NAME>_PARAM` names the parameter): the
 * Slack secrets, and a store URL that carries a password.
 */
export const SLACK_SECRET_SETTINGS = [
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'STORE_URL',
] as const;

/** What the OAuth install needs (multi-workspace mode). */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** SLACK_REDIRECT_URI; unset: the app's only redirect URL. */
  redirectUri?: string;
  /** SLACK_UNINSTALL_GRACE_DAYS, in ms. */
  uninstallGraceMs: number;
}

export interface ReadySlackConfig {
  signingSecret: string;
  /** One workspace: its bot token. Unset in multi-workspace mode (`oauth`). */
  botToken?: string;
  /** Many workspaces: the OAuth install; every request is authorized from the installation store. */
  oauth?: SlackOAuthConfig;
  appToken?: string;
  apiUrl?: string;
  /** DIGEST_CHANNEL */
  digestChannel?: string;
  /** DIGEST_TEAM (multi-workspace mode): the digest channel's workspace. */
  digestTeam?: string;
}

const OAUTH_SETTINGS = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

/** Whether any of the multi-workspace settings is set (then all three must be). */
export function wantsMultiWorkspace(config: SlackConfig): boolean {
  return OAUTH_SETTINGS.some((name) => Boolean(config[name]));
}

/**
 * The names of the settings the bot still needs (never their values), or, for settings that do not go together, what
 * to change.
 */
export function missingSlackSettings(config: SlackConfig): string[] {
  const missing: string[] = [];
  if (!config.SLACK_SIGNING_SECRET) missing.push('SLACK_SIGNING_SECRET');
  if (wantsMultiWorkspace(config)) {
    for (const name of OAUTH_SETTINGS) if (!config[name]) missing.push(name);
    if (config.SLACK_BOT_TOKEN)
      missing.push(
        'SLACK_BOT_TOKEN must be unset in multi-workspace mode (each workspace has its own token)',
      );
    if (config.SLACK_APP_TOKEN)
      missing.push(
        'SLACK_APP_TOKEN must be unset in multi-workspace mode (Socket Mode serves one workspace)',
      );
    if (config.DIGEST_CHANNEL && !config.DIGEST_TEAM)
      missing.push(
        'DIGEST_TEAM must be set with DIGEST_CHANNEL in multi-workspace mode (the id T… of its workspace)',
      );
  } else if (!config.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  return missing;
}

export function readySlackConfig(config: SlackConfig): ReadySlackConfig | null {
  if (missingSlackSettings(config).length > 0 || !config.SLACK_SIGNING_SECRET) return null;
  const common = {
    signingSecret: config.SLACK_SIGNING_SECRET,
    ...(config.SLACK_API_URL ? { apiUrl: withTrailingSlash(config.SLACK_API_URL) } : {}),
    ...(config.DIGEST_CHANNEL ? { digestChannel: config.DIGEST_CHANNEL } : {}),
  };
  if (config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && config.SLACK_STATE_SECRET) {
    const days = Number(config.SLACK_UNINSTALL_GRACE_DAYS ?? DEFAULT_UNINSTALL_GRACE_DAYS);
    return {
      ...common,
      ...(config.DIGEST_TEAM ? { digestTeam: config.DIGEST_TEAM } : {}),
      oauth: {
        clientId: config.SLACK_CLIENT_ID,
        clientSecret: config.SLACK_CLIENT_SECRET,
        stateSecret: config.SLACK_STATE_SECRET,
        ...(config.SLACK_REDIRECT_URI ? { redirectUri: config.SLACK_REDIRECT_URI } : {}),
        uninstallGraceMs: days * 24 * 3600_000,
      },
    };
  }
  if (!config.SLACK_BOT_TOKEN) return null;
  return {
    ...common,
    botToken: config.SLACK_BOT_TOKEN,
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
  };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * The secrets a Lambda function reads from SSM: with SLACK_CLIENT_ID (many workspaces) the OAuth ones and not the bot
 * token (serverless.yml names both parameters; only the mode's are read, so the other need not exist).
 */
export function slackSecretSettings(env: NodeJS.ProcessEnv): string[] {
  const oauthOnly = new Set(['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET']);
  return SLACK_SECRET_SETTINGS.filter((name) =>
    env.SLACK_CLIENT_ID ? name !== 'SLACK_BOT_TOKEN' : !oauthOnly.has(name),
  );
}
