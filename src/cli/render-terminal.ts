import type { Locale, Message } from '../core/context';
import { render, renderParam, text } from '../core/i18n';
import type { Progress, QuestionView, Reply } from '../core/reply';

/** Renders the dialog's replies as plain terminal text: a progress bar, what happened, the question with numbered options. */

export function progressBar(locale: Locale, progress: Progress): string {
  const filled = progress.completedSteps;
  const bar = `[${'■'.repeat(filled)}${'□'.repeat(progress.totalSteps - filled)}]`;
  if (progress.done) return `${bar} ${text(locale, 'cli.progressDone', { total: progress.totalSteps })}`;
  if (progress.step === null || progress.stepId === null) return bar;
  return `${bar} ${text(locale, 'cli.progress', {
    number: progress.step,
    total: progress.totalSteps,
    step: text(locale, `flow:steps.${progress.stepId}.title`),
  })}`;
}

export function renderQuestion(locale: Locale, question: QuestionView): string {
  const lines = [
    `${text(locale, 'cli.questionCounter', { position: question.position, count: question.count })}: ${render(locale, question.prompt)}`,
  ];
  if (question.instructions) lines.push(render(locale, question.instructions));
  question.choices.forEach((choice, index) => {
    lines.push(`  ${index + 1}) ${render(locale, choice.label)}`);
  });
  question.items.forEach((item, index) => {
    const tick = item.checkedBy
      ? `[x] ${render(locale, item.label)} (${text(locale, 'cli.checkedBy', { by: item.checkedBy })})`
      : `[ ] ${render(locale, item.label)}`;
    lines.push(`  ${index + 1}) ${tick}`);
  });
  if (question.guidance) lines.push(render(locale, question.guidance));
  else if (question.answered) {
    lines.push(
      text(locale, 'cli.answeredBy', {
        answer: renderParam(locale, question.answered.answer),
        by: question.answered.by,
      }),
    );
  }
  const hint =
    question.skip === 'free'
      ? `${text(locale, `input.${question.kind}`)} ${text(locale, 'input.optional')}`
      : text(locale, `input.${question.kind}`);
  lines.push(`(${hint})`);
  return lines.join('\n');
}

export function renderMessages(locale: Locale, messages: Message[]): string[] {
  return messages.map((message) => render(locale, message));
}

/** A whole reply, ready to print. */
export function renderReply(reply: Reply, options: { help?: string } = {}): string {
  const l = reply.locale;
  const lines: string[] = [];
  if (reply.notice) lines.push(render(l, reply.notice));
  if (options.help) lines.push(options.help);
  for (const message of reply.messages) lines.push(`• ${render(l, message)}`);
  lines.push('', progressBar(l, reply.progress));
  if (reply.question) lines.push(renderQuestion(l, reply.question));
  return lines.join('\n');
}
