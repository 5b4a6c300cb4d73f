/**
 * "Ask the assistant": a team's own questions about its Amazon Pay integration, answered from the knowledge base
 * (knowledge/ and locales/<lang>/knowledge.json) or with an honest "I don't know". Channel-neutral: adapters pass
 * the text they got and render the outcome.
 */
export type { ContextId, EntryId } from '../../../knowledge/entries';
export {
  askKnowledge,
  entryAnswer,
  type KnowledgeOutcome,
  knowledgeKeys,
  MIN_COVERAGE,
  type UnknownReason,
  warmUpKnowledge,
} from './ask-knowledge';
export { cleanQuestion, MAX_QUESTION_LENGTH } from './clean-question';
export { looksLikeQuestion } from './looks-like-question';
