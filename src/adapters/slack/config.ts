import { z } from 'zod';

/**
 * Slack settings from the environment. All optional here so the server can start without them (the health check and
 * the Alexa endpoint still run); `missingSlackSettings` names what is missing for the bot itself.
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
  /**
   * The integration experts' channel for the daily digest of stalled teams (its id, `C…` or `G…`: in Slack, the
   * channel's details show it). Unset: no digest.
   */
  DIGEST_CHANNEL: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,63}$/, 'must be a channel id (C… or G…), not its name')
    .optional(),
});

export type SlackConfig = z.infer<typeof SlackConfigSchema>;

/**
 * Settings the Lambda functions may read from SSM Parameter Store instead (`<NAME>_PARAM` names the parameter): the
 * Slack secrets, and a store URL that carries a password.
 */
export const SLACK_SECRET_SETTINGS = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'STORE_URL'] as const;

export interface ReadySlackConfig {
  signingSecret: string;
  botToken: string;
  appToken?: string;
  apiUrl?: string;
  /** DIGEST_CHANNEL */
  digestChannel?: string;
}

/** The names of the settings the bot still needs (never their values). */
export function missingSlackSettings(config: SlackConfig): string[] {
  const missing: string[] = [];
  if (!config.SLACK_SIGNING_SECRET) missing.push('SLACK_SIGNING_SECRET');
  if (!config.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  return missing;
}

export function readySlackConfig(config: SlackConfig): ReadySlackConfig | null {
  if (!config.SLACK_SIGNING_SECRET || !config.SLACK_BOT_TOKEN) return null;
  return {
    signingSecret: config.SLACK_SIGNING_SECRET,
    botToken: config.SLACK_BOT_TOKEN,
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_API_URL ? { apiUrl: withTrailingSlash(config.SLACK_API_URL) } : {}),
    ...(config.DIGEST_CHANNEL ? { digestChannel: config.DIGEST_CHANNEL } : {}),
  };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
