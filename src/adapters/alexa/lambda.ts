import type { Skill } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { CoreConfigSchema, parseEnv } from '../../config';
import { DialogEngine } from '../../core/engine';
import { LinkService } from '../../linking/LinkService';
import { createLogger } from '../../server/logger';
import { openStore } from '../../store/open-store';
import { AlexaConfigSchema } from './config';
import { createAlexaSkill } from './create-skill';

/**
 * The skill on AWS Lambda (serverless.yml: `handler: src/adapters/alexa/lambda.handler`, event `alexaSkill` with the
 * skill id as `appId`). Lambda's trigger already admits only Alexa, so no signature check is needed here.
 *
 * The store comes from STORE_URL. Lambda's disk is neither shared nor kept, so `sqlite:` only suits a trial: use a
 * store all instances share.
 */
export type AlexaLambdaHandler = (event: RequestEnvelope, context?: unknown) => Promise<ResponseEnvelope>;

/** Builds the skill from `env` on the first invocation (a configuration error fails every invocation, loudly). */
export function createLambdaHandler(env: NodeJS.ProcessEnv): AlexaLambdaHandler {
  let ready: Promise<Skill> | null = null;
  const build = async (): Promise<Skill> => {
    const config = parseEnv(CoreConfigSchema.extend(AlexaConfigSchema.shape), env);
    const store = await openStore(config.STORE_URL);
    return createAlexaSkill({
      engine: new DialogEngine({ store, defaultLocale: config.DEFAULT_LOCALE }),
      links: new LinkService({ store }),
      logger: createLogger('paysetup-alexa'),
      defaultLocale: config.DEFAULT_LOCALE,
      ...(config.ALEXA_SKILL_ID ? { skillId: config.ALEXA_SKILL_ID } : {}),
    });
  };
  return async (event, context) => {
    ready ??= build();
    return (await ready).invoke(event, context);
  };
}

export const handler: AlexaLambdaHandler = createLambdaHandler(process.env);
