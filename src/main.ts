import { z } from 'zod';
import { AlexaConfigSchema, createAlexaRequestHandler, createAlexaSkill } from './adapters/alexa';
import { SlackConfigSchema } from './adapters/slack/config';
import { ConfigError, CoreConfigSchema, parseEnv } from './config';
import { DialogEngine } from './core/engine';
import { LinkService } from './linking/LinkService';
import { createLogger } from './logging/logger';
import { createServer } from './server/create-server';
import { openStore } from './store/open-store';

/** `npm start`: the HTTP server for Slack and Alexa, configured from the environment (validated at start-up). */
const ServerConfigSchema = CoreConfigSchema.extend(SlackConfigSchema.shape)
  .extend(AlexaConfigSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
  });

async function start(): Promise<void> {
  const logger = createLogger();
  const config = parseEnv(ServerConfigSchema, process.env);
  const store = await openStore(config.STORE_URL);
  const engine = new DialogEngine({ store, defaultLocale: config.DEFAULT_LOCALE });
  const links = new LinkService({ store });
  const skill = createAlexaSkill({
    engine,
    links,
    logger,
    defaultLocale: config.DEFAULT_LOCALE,
    ...(config.ALEXA_SKILL_ID ? { skillId: config.ALEXA_SKILL_ID } : {}),
  });
  const alexa = createAlexaRequestHandler(skill, { verifySignature: config.ALEXA_VERIFY_SIGNATURE, logger });
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
  logger.info(`listening on ${config.HOST}:${config.PORT} (store ${store.description})`);
  const stop = () => {
    logger.info('shutting down');
    http.close(() => void store.close().then(() => process.exit(0)));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

start().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`paysetup: ${error.message}\n`);
  else
    process.stderr.write(
      `paysetup: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  process.exit(1);
});
