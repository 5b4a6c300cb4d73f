import { SlackConfigSchema, slackSecretSettings, wantsMultiWorkspace } from '../adapters/slack/config';
import { PortInstallationStore } from '../adapters/slack/oauth/PortInstallationStore';
import { ConfigError, CoreConfigSchema, parseEnv } from '../config';
import { DialogEngine } from '../core/engine';
import { coldStart } from '../lambda/cold-start';
import { createLogger, type Logger } from '../logging/logger';
import { type ParameterSource, withSecretsFromSsm } from '../secrets';
import { openStore } from '../store/open-store';
import { RemindersConfigSchema, reminderPolicy, remindersOn } from './config';
import { type ReminderRound, type ReminderRoundDeps, runReminders, tally } from './run';
import { slackReminders, workspaceSlackReminders } from './slack-reminders';
import type { SweepOutcome } from './sweep';

/**
 * The reminders on AWS: a function that an EventBridge schedule (`rate(1 minute)`, serverless.yml) invokes, running
 * one round each time: the sweep over the due teams, then the experts' digest. Everything it needs is built once per
 * container (`coldStart`), the bot token read from SSM by name. Two invocations that overlap (a slow round, a retry)
 * are safe: the sweep's claims decide who sends each nudge.
 */

/** What EventBridge hands a scheduled function (only `time` is read, for the log). */
export interface ScheduledEvent {
  'detail-type'?: string;
  source?: string;
  /** When the schedule fired. The round runs for the real time (a retried invocation may come much later). */
  time?: string;
}

/** What an invocation did (the Lambda's result, and what the function's log shows). */
export type RemindersResult =
  | { ok: true; off: true }
  | {
      ok: boolean;
      at: string;
      due: number;
      counts: Record<SweepOutcome, number> | null;
      digest: unknown;
      errors: string[];
    };

export type RemindersHandler = (event?: ScheduledEvent, context?: unknown) => Promise<RemindersResult>;

const RemindersLambdaConfigSchema = CoreConfigSchema.extend(SlackConfigSchema.shape).extend(
  RemindersConfigSchema.shape,
);

export interface RemindersFromEnvOptions {
  /** @default SSM (GetParameters, decrypted) */
  parameters?: ParameterSource;
  logger?: Logger;
  /** The clock of the rounds and of the engine's bookkeeping (tests). @default () => new Date() */
  now?: () => Date;
}

/** Builds the round's dependencies from `env` at the first invocation; a failed build is tried again next time. */
export function createRemindersHandlerFromEnv(
  env: NodeJS.ProcessEnv,
  options: RemindersFromEnvOptions = {},
): RemindersHandler {
  const logger = options.logger ?? createLogger('paysetup-reminders');
  const now = options.now ?? (() => new Date());
  const ready = coldStart(async (): Promise<ReminderRoundDeps | null> => {
    const filled = await withSecretsFromSsm(env, slackSecretSettings(env), options.parameters);
    const config = parseEnv(RemindersLambdaConfigSchema, filled);
    if (!remindersOn(config)) return null;
    const multi = wantsMultiWorkspace(config);
    if (multi) {
      const missing: string[] = (
        ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const
      ).filter((name) => !config[name]);
      if (config.DIGEST_CHANNEL && !config.DIGEST_TEAM) missing.push('DIGEST_TEAM (with DIGEST_CHANNEL)');
      if (missing.length > 0)
        throw new ConfigError(missing.map((name) => `${name} is required in multi-workspace mode`));
    } else if (!config.SLACK_BOT_TOKEN)
      throw new ConfigError(['SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN_PARAM) is required to send the nudges']);
    const store = await openStore(config.STORE_URL);
    const engine = new DialogEngine({
      store,
      defaultLocale: config.DEFAULT_LOCALE,
      reminders: reminderPolicy(config),
      now,
    });
    const common = {
      apiUrl: config.SLACK_API_URL,
      digestChannel: config.DIGEST_CHANNEL,
      // A round must end within the function's 50 s: a longer Retry-After leaves that nudge to a later round.
      maxRateLimitWaitMs: 10_000,
    };
    const deps = { engine, store, logger, defaultLocale: config.DEFAULT_LOCALE };
    if (multi && config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && config.SLACK_STATE_SECRET) {
      // Many workspaces: each one's bot token from the installation store (refreshed when it rotates).
      const slack = workspaceSlackReminders(
        {
          ...common,
          digestTeam: config.DIGEST_TEAM,
          oauth: {
            clientId: config.SLACK_CLIENT_ID,
            clientSecret: config.SLACK_CLIENT_SECRET,
            stateSecret: config.SLACK_STATE_SECRET,
          },
        },
        { ...deps, installations: new PortInstallationStore(store) },
      );
      return {
        engine,
        store,
        logger,
        senderFor: slack.senderFor,
        digest: slack.digest,
        prepare: slack.prepare,
      };
    }
    const slack = slackReminders({ ...common, botToken: config.SLACK_BOT_TOKEN }, deps);
    return { engine, store, logger, senderFor: slack.senderFor, digest: slack.digest };
  });
  return async (event) => {
    let deps: ReminderRoundDeps | null;
    try {
      deps = await ready();
    } catch (error) {
      // Logged here, thrown for Lambda's metrics; the next minute's invocation builds again.
      logger.error(`reminders: could not start (${error instanceof Error ? error.message : String(error)})`);
      throw error;
    }
    if (!deps) return { ok: true, off: true };
    const at = now();
    if (event?.time && Math.abs(Date.parse(event.time) - at.getTime()) > 5 * 60_000)
      logger.warn(
        `reminders: the schedule fired at ${event.time}; the round runs for now, ${at.toISOString()}`,
      );
    return resultOf(at, await runReminders(at, deps));
  };
}

function resultOf(at: Date, round: ReminderRound): RemindersResult {
  return {
    ok: round.errors.length === 0,
    at: at.toISOString(),
    due: round.sweep?.due ?? 0,
    counts: round.sweep ? tally(round.sweep) : null,
    digest: round.digest,
    errors: round.errors,
  };
}

/** The entry serverless.yml names (`functions.reminders`). */
export const handler: RemindersHandler = createRemindersHandlerFromEnv(process.env);
