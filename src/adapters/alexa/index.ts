/**
 * The Alexa channel: an ask-sdk-core skill that translates requests into dialog events and replies into speech.
 *
 * Mount on the server: `app.post('/alexa', createAlexaRequestHandler(createAlexaSkill({ engine, links, ask, skillId }),
 * { verifySignature, logger }))`, `ask` an AskAssistant on the engine's store (`new QuestionLog(store)`). On Lambda:
 * `src/adapters/alexa/lambda.handler`.
 */
export { type AlexaConfig, AlexaConfigSchema } from './config';
export { type AlexaLogger, type AlexaSkillDeps, createAlexaSkill } from './create-skill';
export {
  ALEXA_LOCALES,
  type AlexaLocale,
  buildInteractionModel,
  buildSkillManifest,
  buildSkillPackage,
} from './interaction-model';
export { type AlexaRequestHandlerOptions, createAlexaRequestHandler } from './request-handler';
export { actorFromAlexa, alexaUserKey, localeFromAlexa, teamKeyFromAlexa } from './team-key';
