import { amazonPayFlow } from '../../flows/amazon-pay';
import type { AnswerValue, Flow, Question } from '../../flows/types';
import type { Actor } from '../../src/core/context';
import { DialogEngine } from '../../src/core/engine';
import type { DialogEvent, DialogInput } from '../../src/core/events';
import { findQuestion } from '../../src/core/progress';
import { MemoryStore } from '../../src/store/MemoryStore';

/** Shared helpers for driving the dialog in tests: stamped events and canonical answers per question. */

export const ANNA: Actor = { id: 'U_ANNA', name: 'Anna' };
export const BEN: Actor = { id: 'U_BEN', name: 'Ben' };

export function stamped(input: DialogInput, by: Actor = ANNA, at = '2026-11-27T10:00:00.000Z'): DialogEvent {
  return { ...input, by, at, channel: 'test' } as DialogEvent;
}

/** An answer that fits and completes the question (for choices: the first choice, or `pick`). */
export function validAnswer(question: Question, pick?: Record<string, AnswerValue>): DialogInput[] {
  const chosen = pick?.[question.id];
  switch (question.kind) {
    case 'single':
      return [{ type: 'ANSWER', questionId: question.id, value: chosen ?? (question.choices[0] as string) }];
    case 'multi':
      return [{ type: 'ANSWER', questionId: question.id, value: chosen ?? [question.choices[0] as string] }];
    case 'yesno':
      return [{ type: 'ANSWER', questionId: question.id, value: chosen ?? true }];
    case 'text':
      return [{ type: 'ANSWER', questionId: question.id, value: chosen ?? sampleText(question) }];
    case 'checklist':
      return question.items.map((itemId) => ({
        type: 'CHECK',
        questionId: question.id,
        itemId,
        checked: true,
      }));
    case 'testcase':
      return [{ type: 'RECORD_TEST', questionId: question.id, status: 'passed' }];
  }
}

function sampleText(question: Question): string {
  if (question.kind !== 'text') return '';
  switch (question.format) {
    case 'sandboxPublicKeyId':
      return 'SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK';
    case 'livePublicKeyId':
      return 'LIVE-AHEGSJCM3L6KNIPQ2UXDAUEK';
    case 'merchantId':
      return 'A2EXAMPLE1234';
    case 'httpsUrl':
      return 'https://shop.example.com/amazon-pay/ipn';
    case 'free':
      return 'Eine Fehlermeldung und andere Zahlungsarten';
  }
}

/** The events that answer whatever question is current until the flow is done. */
export function answerFor(flow: Flow, questionId: string, pick?: Record<string, AnswerValue>): DialogInput[] {
  const question = findQuestion(flow, questionId);
  if (!question) throw new Error(`unknown question ${questionId}`);
  return validAnswer(question, pick);
}

export const flow = amazonPayFlow;

/**
 * The step 1 answers that bring every test case and every tip: all placements and channels, capture at shipment, both
 * payment kinds, a custom shop with a back end that has no SDK, no decline handling yet. The longest path to done.
 */
export const EVERY_BRANCH: Record<string, AnswerValue> = {
  placement: ['cart', 'checkout', 'product_page', 'other'],
  processing: 'capture_at_shipment',
  platform: 'custom',
  backend: 'python',
  payments: 'both',
  channels: ['web', 'app', 'voice', 'other'],
  decline_handling: ['none'],
};

/**
 * An engine on a fresh in-memory store with a clock that ticks a second per call (2026-12-01 09:00 UTC onwards), and
 * `send` for one team as Anna: what the core tests drive a conversation with.
 */
export function testEngine(team: string) {
  let tick = 0;
  const store = new MemoryStore();
  const engine = new DialogEngine({ store, now: () => new Date(Date.UTC(2026, 11, 1, 9, 0, tick++)) });
  const send = (input: DialogInput | DialogInput[]) =>
    engine.handle(team, input, { actor: ANNA, channel: 'test' });
  return { engine, store, send };
}
