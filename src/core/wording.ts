import type { AnswerValue, Question } from '../../flows/types';
import type { Actor, Param } from './context';
import { isTestResult } from './progress';

/**
 * How dialog data becomes message parameters: keys into the locale files rather than sentences,
 * so every channel and language renders them its own way.
 */

export function actorName(actor: Actor): string {
  return actor.name?.trim() || actor.id;
}

export function promptParam(questionId: string | null): Param {
  return questionId ? { key: `flow:questions.${questionId}.prompt` } : '';
}

export function choiceKey(questionId: string, choiceId: string): string {
  return `flow:questions.${questionId}.choices.${choiceId}`;
}

export function itemParam(questionId: string, itemId: string): Param {
  return { key: `flow:questions.${questionId}.items.${itemId}` };
}

/** An answer as a message parameter: choices as their labels, several joined as in a sentence, text as typed. */
export function answerParam(question: Question, value: AnswerValue): Param {
  if (typeof value === 'boolean') return { key: value ? 'answer.yes' : 'answer.no' };
  if (Array.isArray(value)) return { keys: value.map((choice) => choiceKey(question.id, choice)) };
  if (isTestResult(value)) {
    return value.note
      ? { key: 'answer.test.failedWithNote', params: { note: value.note } }
      : { key: `answer.test.${value.status}` };
  }
  if (question.kind === 'single') return { key: choiceKey(question.id, value) };
  return value;
}
