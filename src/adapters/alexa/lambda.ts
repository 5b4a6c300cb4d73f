import type { Skill } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { CoreConfigSchema, parseEnv } from '../../config';
import { DialogEngine } from '../../core/engine';
import { coldStart } from '../../lambda/cold-start';
import { LinkService } from '../../linking/LinkService';
import { createLogger } from '../../logging/logger';
import { AskAssistant } from '../../questions/AskAssistant';
import { QuestionLog } from '../../questions/QuestionLog';
import { RemindersConfigSchema, reminderPolicy } from '../../reminders/config';
import { type ParameterSource, withSecretsFromSsm } from '../../secrets';
import { openStore } from '../../store/open-store';
import { AlexaConfigSchema } from './config';
import { type AlexaLogger, createAlexaSkill } from './create-skill';

/**
 * The skill on AWS Lambda (serverless.yml: `handler: src/adapters/alexa/lambda.handler`, event `alexaSkill` with the
 * skill id as `appId`). Lambda's trigger already admits only Alexa, so no signature check is needed here.
 *
 * The store comes from STORE_URL. Lambda's disk is neither shared nor kept, so `sqlite:` only suits a trial: use a
 * store all instances share.
 */
export type AlexaLambdaHandler = (event: RequestEnvelope, context?: unknown) => Promise<ResponseEnvelope>;

export interface AlexaLambdaOptions {
  /** Where `STORE_URL_PARAM` is read (a store URL with a password). @default SSM (GetParameters, decrypted) */
  parameters?: ParameterSource;
  logger?: AlexaLogger;
}

/** Builds the skill from `env` on the first invocation; a failed build (a setting missing, SSM down) fails that invocation, loudly, and is tried again on the next. */
export function createLambdaHandler(
  env: NodeJS.ProcessEnv,
  options: AlexaLambdaOptions = {},
): AlexaLambdaHandler {
  const ready = coldStart(async (): Promise<Skill> => {
    const filled = await withSecretsFromSsm(env, ['STORE_URL'], options.parameters);
    const config = parseEnv(
      CoreConfigSchema.extend(AlexaConfigSchema.shape).extend(RemindersConfigSchema.shape),
      filled,
    );
    const store = await openStore(config.STORE_URL);
    const engine = new DialogEngine({
      store,
      defaultLocale: config.DEFAULT_LOCALE,
      reminders: reminderPolicy(config),
    });
    const logger = options.logger ?? createLogger('paysetup-alexa');
    return createAlexaSkill({
      engine,
      links: new LinkService({ store }),
      // Unanswered questions go to the same store, where `paysetup questions` and the digest read them.
      ask: new AskAssistant({
        engine,
        log: new QuestionLog(store),
        logger,
        defaultLocale: config.DEFAULT_LOCALE,
      }),
      logger,
      defaultLocale: config.DEFAULT_LOCALE,
      ...(config.ALEXA_SKILL_ID ? { skillId: config.ALEXA_SKILL_ID } : {}),
    });
  });
  return async (event, context) => (await ready()).invoke(event, context);
}

export const handler: AlexaLambdaHandler = createLambdaHandler(process.env);
