import type { Message } from './context';
import type { Progress, QuestionView, Reply } from './reply';

/**
 * Where a team stands, as messages every channel can show: the progress bar's words, the question counter, and the
 * five steps with what is done and what is open. The terminal and Slack show every line; voice says it its own way.
 */

/**
 * A progress bar's parts, drawn by each channel with its own marks: how many of the steps are done, and the words
 * beside the bar ("Schritt 3 von 5 · …", "Alle 5 Schritte durchgearbeitet"; none before the start).
 */
export function progressBarParts(progress: Progress): {
  filled: number;
  empty: number;
  label: Message | null;
} {
  const filled = progress.completedSteps;
  const empty = progress.totalSteps - filled;
  if (progress.done)
    return { filled, empty, label: { key: 'cli.progressDone', params: { total: progress.totalSteps } } };
  if (progress.step === null || progress.stepId === null) return { filled, empty, label: null };
  return {
    filled,
    empty,
    label: {
      key: 'cli.progress',
      params: {
        number: progress.step,
        total: progress.totalSteps,
        step: { key: `flow:steps.${progress.stepId}.title` },
      },
    },
  };
}

/** "Frage 2 von 7", or "Frage 2" while the step's count still depends on an answer to come. */
export function questionCounter(question: QuestionView): Message {
  return question.count === null
    ? { key: 'cli.questionCounterOpen', params: { position: question.position } }
    : { key: 'cli.questionCounter', params: { position: question.position, count: question.count } };
}

/** One line per step: done (with its open items), being worked on (at which question), or still ahead. */
export function overviewMessages(reply: Reply): Message[] {
  return reply.overview.map((step) => {
    const base = { number: step.number, step: { key: `flow:steps.${step.step}.title` } };
    if (step.status === 'upcoming') return { key: 'overview.upcoming', params: base };
    if (step.status === 'started') {
      return step.open > 0
        ? { key: 'overview.startedWithOpen', params: { ...base, count: step.open } }
        : { key: 'overview.started', params: base };
    }
    if (step.status === 'done') {
      return step.open > 0
        ? { key: 'overview.doneWithOpen', params: { ...base, count: step.open } }
        : { key: 'overview.done', params: base };
    }
    const question = reply.question ? questionCounter(reply.question) : { key: 'overview.noQuestion' };
    return step.open > 0
      ? { key: 'overview.currentWithOpen', params: { ...base, question, count: step.open } }
      : { key: 'overview.current', params: { ...base, question } };
  });
}
