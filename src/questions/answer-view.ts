import { STEP_IDS } from '../../flows/types';
import type { Message } from '../core/context';
import { knowledgeKeys } from '../core/knowledge';
import type { AskResult } from './AskAssistant';

/** An entry offered instead of an answer: its id (for a button) and its title. */
export interface OfferedEntry {
  entryId: string;
  title: Message;
}

/**
 * What an answer to a team's question says, channel-neutral: each adapter lays it out (Slack: the long text in a
 * thread with the source and 👍/👎; Alexa: the short text spoken, the long one on a card; the terminal: lines).
 */
export type AnswerView =
  | {
      kind: 'answer';
      entryId: string;
      title: Message;
      /** The team's own case, said first. */
      context?: Message;
      /** Two or three sentences, speakable. */
      short: Message;
      /** For text channels. */
      long: Message;
      /** Where the onboarding looks at it ("Das prüfen wir in Schritt 4 …"). */
      step: Message;
      source: { url: string; line: Message };
    }
  | {
      kind: 'unknown';
      /** Why not, and whether the experts were told. */
      sorry: Message[];
      /** Up to two entries that come closest. */
      closest: OfferedEntry[];
      docs: { url: string; line: Message };
    };

export function answerView(result: AskResult): AnswerView {
  const { outcome } = result;
  if (outcome.kind === 'answer') {
    const keys = knowledgeKeys(outcome.entryId, outcome.context);
    return {
      kind: 'answer',
      entryId: outcome.entryId,
      title: { key: keys.title },
      ...(keys.context ? { context: { key: keys.context } } : {}),
      short: { key: keys.short },
      long: { key: keys.long },
      step: {
        key: 'ask.inStep',
        params: {
          step: STEP_IDS.indexOf(outcome.step) + 1,
          title: { key: `flow:steps.${outcome.step}.title` },
        },
      },
      source: { url: outcome.url, line: { key: 'ask.source', params: { url: outcome.url } } },
    };
  }
  const sorry: Message[] = [{ key: `ask.${outcome.reason}` }];
  if (outcome.reason !== 'empty')
    sorry.push({ key: result.recorded === false ? 'ask.notNoted' : 'ask.noted' });
  return {
    kind: 'unknown',
    sorry,
    closest: outcome.closest.map((entryId) => ({
      entryId,
      title: { key: knowledgeKeys(entryId as never).title },
    })),
    docs: { url: outcome.docsUrl, line: { key: 'ask.docs', params: { url: outcome.docsUrl } } },
  };
}
