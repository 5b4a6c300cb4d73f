import type { Flow, StepId } from '../../flows/types';
import type { DialogContext, Message } from './context';
import { answerList, isTestResult, lookup, questionsOf } from './progress';

/**
 * What still stands between a team and its launch: every skipped question, failed or skipped test, unticked item of
 * a skipped checklist, "no" on a question that needs a "yes", and gap the answers reveal. One pure function that the
 * status, the done summary, the report, the App Home and the voice all use, so they never disagree.
 */
export type OpenItem =
  | { kind: 'skipped'; questionId: string; step: StepId; number?: number; reason?: string }
  | {
      kind: 'failed';
      questionId: string;
      step: StepId;
      number?: number;
      note?: string;
      /** The failed test was then skipped, with this reason. */
      skipReason?: string;
    }
  | { kind: 'declined'; questionId: string; step: StepId; number?: number; skipReason?: string }
  | { kind: 'unticked'; questionId: string; itemId: string; step: StepId; number?: number; reason?: string }
  | { kind: 'gap'; questionId: string; gapId: string; step: StepId; number?: number };

/**
 * The open items of a team, in flow order. Questions not reached yet are not open items: they are still ahead.
 * `number` is the question's place in the answer list, for "change N".
 */
export function openItems(flow: Flow, context: DialogContext): OpenItem[] {
  const numbers = new Map(answerList(flow, context).map((entry) => [entry.questionId, entry.number]));
  const gaps = flow.gaps(lookup(context));
  const items: OpenItem[] = [];
  for (const step of flow.steps) {
    for (const question of questionsOf(flow, step, context)) {
      const base = { questionId: question.id, step, ...numbered(numbers.get(question.id)) };
      const skip = context.skips[question.id];
      const answer = context.answers[question.id]?.value;
      const skipReason = skip?.reason ? { skipReason: skip.reason } : {};
      if (question.kind === 'checklist') {
        const ticks = context.checks[question.id] ?? {};
        if (skip) {
          for (const itemId of question.items.filter((item) => !ticks[item])) {
            items.push({
              kind: 'unticked',
              ...base,
              itemId,
              ...(skip.reason ? { reason: skip.reason } : {}),
            });
          }
        }
      } else if (answer !== undefined && isTestResult(answer) && answer.status === 'failed') {
        items.push({ kind: 'failed', ...base, ...(answer.note ? { note: answer.note } : {}), ...skipReason });
      } else if (answer === false && question.kind === 'yesno' && question.mustBeYes) {
        items.push({ kind: 'declined', ...base, ...skipReason });
      } else if (skip) {
        items.push({ kind: 'skipped', ...base, ...(skip.reason ? { reason: skip.reason } : {}) });
      }
      for (const gap of gaps.filter((g) => g.questionId === question.id)) {
        items.push({ kind: 'gap', ...base, gapId: gap.id });
      }
    }
  }
  return items;
}

const numbered = (number: number | undefined) => (number === undefined ? {} : { number });

/** The task an open item asks for, in the imperative ("Erstattungstest durchführen"). */
export function taskKey(item: OpenItem): string {
  switch (item.kind) {
    case 'unticked':
      return `flow:questions.${item.questionId}.tasks.${item.itemId}`;
    case 'gap':
      return `flow:gaps.${item.gapId}`;
    default:
      return `flow:questions.${item.questionId}.task`;
  }
}

/** An open item as a line: the task, and why it is open ("– übersprungen: …", "– fehlgeschlagen: …"). */
export function openItemMessage(item: OpenItem): Message {
  const task = { key: taskKey(item) };
  switch (item.kind) {
    case 'skipped':
    case 'unticked':
      return item.reason
        ? { key: 'open.skipped', params: { task, reason: item.reason } }
        : { key: 'open.skippedNoReason', params: { task } };
    case 'failed':
      if (item.skipReason) {
        return item.note
          ? { key: 'open.failedSkipped', params: { task, note: item.note, reason: item.skipReason } }
          : { key: 'open.failedNoNoteSkipped', params: { task, reason: item.skipReason } };
      }
      return item.note
        ? { key: 'open.failed', params: { task, note: item.note } }
        : { key: 'open.failedNoNote', params: { task } };
    case 'declined':
      return item.skipReason
        ? { key: 'open.declinedSkipped', params: { task, reason: item.skipReason } }
        : { key: 'open.declined', params: { task } };
    case 'gap':
      return { key: 'open.gap', params: { task } };
  }
}
