import type { Message } from './context';
import type { InvalidReason, Outcome } from './outcome';
import { itemParam, promptParam } from './wording';

/** The hint that says what to change about a refused answer. */
function invalidHint(questionId: string, reason: InvalidReason): Message {
  switch (reason.code) {
    case 'format':
      return { key: `flow:questions.${questionId}.invalid` };
    case 'choice':
      return { key: 'answer.invalidChoice' };
    case 'exclusive':
      return {
        key: 'answer.exclusive',
        params: { choice: { key: `flow:questions.${questionId}.choices.${reason.choice}` } },
      };
    case 'vague':
      return { key: `flow:questions.${questionId}.vague` };
    case 'privateKey':
      return { key: 'answer.privateKey' };
    case 'wrongEnvironment':
      return { key: `answer.wrongEnvironment.${reason.expected}` };
  }
}

/**
 * What an outcome says, as one message in the common namespace; channels word it their own way through their
 * override namespace (`voice:notice.answer.recorded`). The adapters decide where it goes (privately, in place, aloud).
 */
export function outcomeMessage(outcome: Outcome): Message {
  switch (outcome.kind) {
    case 'started':
      return { key: 'notice.start.started' };
    case 'resumed':
      return { key: outcome.done ? 'notice.start.resumedDone' : 'notice.start.resumed' };
    case 'recorded':
      return outcome.cut
        ? {
            key: 'notice.answer.recordedCut',
            params: { answer: outcome.answer, by: outcome.by, max: outcome.cut },
          }
        : { key: 'notice.answer.recorded', params: { answer: outcome.answer, by: outcome.by } };
    case 'checked': {
      const [only] = outcome.items;
      if (outcome.items.length === 1 && only) {
        return {
          key: only.checked ? 'notice.check.ticked' : 'notice.check.unticked',
          params: { item: itemParam(outcome.questionId, only.itemId), by: outcome.by },
        };
      }
      const ticked = outcome.items.filter((item) => item.checked);
      return {
        key: 'notice.check.several',
        params: {
          count: ticked.length,
          items: { keys: ticked.map((item) => `flow:questions.${outcome.questionId}.items.${item.itemId}`) },
          by: outcome.by,
        },
      };
    }
    case 'skipped':
      if (outcome.cut && outcome.reason) {
        return {
          key: 'notice.skip.recordedCut',
          params: { by: outcome.by, reason: outcome.reason, max: outcome.cut },
        };
      }
      return outcome.reason
        ? { key: 'notice.skip.recordedBecause', params: { by: outcome.by, reason: outcome.reason } }
        : { key: 'notice.skip.recorded', params: { by: outcome.by } };
    case 'alreadyAnswered':
      return {
        key: 'notice.answer.already',
        params: { question: promptParam(outcome.questionId), by: outcome.by, answer: outcome.answer },
      };
    case 'notCurrent':
      return { key: 'notice.answer.notCurrent', params: { question: promptParam(outcome.questionId) } };
    case 'unknownQuestion':
      return { key: 'notice.answer.unknownQuestion' };
    case 'invalid':
      return {
        key: 'notice.answer.invalid',
        params: { hint: invalidHint(outcome.questionId, outcome.reason) },
      };
    case 'needsReason':
      return { key: 'notice.skip.needsReason' };
    case 'skipNotAllowed':
      return { key: 'notice.skip.notAllowed' };
    case 'nextBlocked':
      return { key: 'notice.next.blocked' };
    case 'moved':
      return { key: 'notice.moved' };
    case 'revisiting':
      return { key: 'notice.revisit.started', params: { question: promptParam(outcome.questionId) } };
    case 'cannotRevisit':
      return outcome.reason === 'unknownNumber'
        ? { key: 'notice.revisit.unknownNumber', params: { number: outcome.number ?? '?' } }
        : { key: 'notice.revisit.notReached' };
    case 'atStart':
      return { key: 'notice.back.atStart' };
    case 'notStarted':
      return { key: 'notice.notStarted' };
    case 'done':
      return { key: 'notice.done.already' };
    case 'restartConfirm':
      return { key: 'notice.restart.confirm' };
    case 'restarted':
      return { key: 'notice.restart.done' };
    case 'help':
      return { key: 'notice.help' };
    case 'status':
      return { key: 'notice.status' };
    case 'answers':
      return { key: 'notice.answers' };
    case 'localeChanged':
      return { key: 'notice.locale.changed' };
    case 'snoozed':
      return {
        key: 'notice.snooze.set',
        params: {
          until: { date: outcome.until, ...(outcome.timeZone ? { timeZone: outcome.timeZone } : {}) },
        },
      };
    case 'reminders':
      return { key: outcome.on ? 'notice.reminders.on' : 'notice.reminders.off' };
    case 'ownerSet':
      return outcome.owner === null
        ? { key: 'notice.owner.cleared', params: { step: outcome.step } }
        : { key: 'notice.owner.set', params: { step: outcome.step, owner: outcome.owner } };
    case 'targetSet':
      return outcome.date === null
        ? { key: 'notice.target.cleared' }
        : { key: 'notice.target.set', params: { date: { date: outcome.date } } };
    case 'calendarSet':
      return {
        key: 'notice.calendar.set',
        params: { timeZone: outcome.timeZone ?? '–', holidays: outcome.holidays ?? '–' },
      };
    case 'settingRefused':
      return { key: `notice.settingRefused.${outcome.setting}` };
    case 'nudge':
      return { key: outcome.ok ? 'notice.nudge.ok' : 'notice.nudge.stale' };
  }
}
