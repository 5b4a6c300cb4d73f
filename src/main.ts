import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { AlexaConfigSchema, createAlexaRequestHandler, createAlexaSkill } from './adapters/alexa';
import { readySlackConfig, SlackConfigSchema } from './adapters/slack/config';
import { PortInstallationStore, purgeDueWorkspaces } from './adapters/slack/oauth';
import { ConfigError, CoreConfigSchema, parseEnv } from './config';
import { DialogEngine } from './core/engine';
import { warmUpKnowledge } from './core/knowledge';
import { LinkService } from './linking/LinkService';
import { createLogger, type Logger } from './logging/logger';
import { AskAssistant } from './questions/AskAssistant';
import { QuestionLog } from './questions/QuestionLog';
import { RemindersConfigSchema, reminderPolicy, remindersOn } from './reminders/config';
import { type ReminderRoundDeps, runPurge, runReminders } from './reminders/run';
import { type ReminderScheduler, startReminderScheduler } from './reminders/scheduler';
import { slackReminders, workspaceSlackReminders } from './reminders/slack-reminders';
import { createServer } from './server/create-server';
import { openStore } from './store/open-store';
import type { KeyValueStore } from './store/port';

/** `npm start`: the HTTP server for Slack and Alexa, configured from the environment (validated at start-up). */
const ServerConfigSchema = CoreConfigSchema.extend(SlackConfigSchema.shape)
  .extend(AlexaConfigSchema.shape)
  .extend(RemindersConfigSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
  });

type ServerConfig = z.infer<typeof ServerConfigSchema>;

/**
 * The reminders every minute, in this process: off with REMINDERS=off, and without a bot token (nothing could be
 * sent; the sweep would only look at the same due teams each minute). In multi-workspace mode each workspace's nudges
 * go out with its own bot token from the installation store (the digest with DIGEST_TEAM's). Several processes may all
 * run it.
 *
 * In multi-workspace mode the round also purges the workspaces whose grace period after an uninstall ended, and that
 * runs every minute whether the nudges are on or not (how long records are kept does not depend on them).
 */
function startReminders(
  config: ServerConfig,
  deps: { engine: DialogEngine; store: KeyValueStore; logger: Logger },
): ReminderScheduler | null {
  const oauth = readySlackConfig(config)?.oauth;
  const installations = oauth ? new PortInstallationStore(deps.store) : null;
  const purge = installations
    ? (now: Date) =>
        purgeDueWorkspaces(now, {
          store: deps.store,
          logger: deps.logger,
          isInstalled: (teamId, enterpriseId) => installations.isInstalled(teamId, enterpriseId),
        })
    : undefined;
  if (!remindersOn(config)) {
    deps.logger.info('reminders: off (REMINDERS=off)');
    return purge
      ? startReminderScheduler({ logger: deps.logger, task: (now) => runPurge(now, purge, deps.logger) })
      : null;
  }
  let round: Pick<ReminderRoundDeps, 'senderFor' | 'digest' | 'prepare' | 'purge'>;
  if (oauth && installations) {
    // Each workspace's nudges go out with its own bot token, from the installation store.
    const slack = workspaceSlackReminders(
      {
        oauth,
        apiUrl: config.SLACK_API_URL,
        digestChannel: config.DIGEST_CHANNEL,
        digestTeam: config.DIGEST_TEAM,
      },
      { ...deps, installations, defaultLocale: config.DEFAULT_LOCALE },
    );
    round = {
      senderFor: slack.senderFor,
      digest: slack.digest,
      prepare: slack.prepare,
      ...(purge ? { purge } : {}),
    };
  } else {
    if (!config.SLACK_BOT_TOKEN) {
      deps.logger.warn('reminders: off, SLACK_BOT_TOKEN is not set (nudges go to Slack channels)');
      return null;
    }
    const slack = slackReminders(
      {
        botToken: config.SLACK_BOT_TOKEN,
        apiUrl: config.SLACK_API_URL,
        digestChannel: config.DIGEST_CHANNEL,
      },
      { ...deps, defaultLocale: config.DEFAULT_LOCALE },
    );
    round = { senderFor: slack.senderFor, digest: slack.digest };
  }
  const scheduler = startReminderScheduler({
    logger: deps.logger,
    task: (now) => runReminders(now, { ...deps, ...round }),
  });
  deps.logger.info(
    `reminders: on${oauth ? ' (every workspace with its own token)' : ''}, a sweep every minute (next ${scheduler.nextRun()?.toISOString() ?? 'never'})`,
  );
  return scheduler;
}

async function start(): Promise<void> {
  const logger = createLogger();
  const config = parseEnv(ServerConfigSchema, process.env);
  const store = await openStore(config.STORE_URL);
  const engine = new DialogEngine({
    store,
    defaultLocale: config.DEFAULT_LOCALE,
    reminders: reminderPolicy(config),
  });
  const links = new LinkService({ store });
  const skill = createAlexaSkill({
    engine,
    links,
    logger,
    ask: new AskAssistant({
      engine,
      log: new QuestionLog(store),
      logger,
      defaultLocale: config.DEFAULT_LOCALE,
    }),
    defaultLocale: config.DEFAULT_LOCALE,
    ...(config.ALEXA_SKILL_ID ? { skillId: config.ALEXA_SKILL_ID } : {}),
  });
  const alexa = createAlexaRequestHandler(skill, { verifySignature: config.ALEXA_VERIFY_SIGNATURE, logger });
  // The knowledge base's search indexes, built once now rather than at the first question.
  const built = performance.now();
  warmUpKnowledge();
  logger.info(`knowledge base indexed in ${Math.round(performance.now() - built)} ms`);
  const server = createServer({
    engine,
    links,
    store,
    slack: config,
    defaultLocale: config.DEFAULT_LOCALE,
    logger,
    alexa,
  });
  const http = await server.listen(config.PORT, config.HOST);
  const reminders = startReminders(config, { engine, store, logger });
  const stop = () => {
    logger.info('shutting down');
    // No new sweep from now on; the one running (if any) finishes its claims and marks before the store closes.
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    void Promise.all([closed, reminders?.stop()])
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(`shutdown: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Last: once this line is out, the server is up and a signal is handled.
  logger.info(`listening on ${config.HOST}:${config.PORT} (store ${store.description})`);
}

start().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`paysetup: ${error.message}\n`);
  else
    process.stderr.write(
      `paysetup: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  process.exit(1);
});
