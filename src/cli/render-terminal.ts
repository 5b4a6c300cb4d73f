import type { Locale, Message } from '../core/context';
import { displayLabel, formatDate, render, renderParam, text } from '../core/i18n';
import { openItemMessage } from '../core/open-items';
import { outcomeMessage } from '../core/outcome-message';
import type { Progress, QuestionView, Reply } from '../core/reply';
import { overviewMessages, progressBarParts, questionCounter } from '../core/summary';

/**
 * Renders the dialog's replies as plain terminal text: what happened, what else there is to say, a progress bar, and
 * the question with its explanation and numbered options.
 */

export function progressBar(locale: Locale, progress: Progress): string {
  const { filled, empty, label } = progressBarParts(progress);
  const bar = `[${'■'.repeat(filled)}${'□'.repeat(empty)}]`;
  return label ? `${bar} ${render(locale, label)}` : bar;
}

/** The first sentence of a text: the explanation under a question, in brief ("hilfe" shows all of it). */
export function firstSentence(full: string): string {
  const end = /[.!?](?=\s+\p{Lu})/u.exec(full);
  return end ? full.slice(0, end.index + 1) : full;
}

/** What can be typed to answer a question of this kind. */
function answerHint(locale: Locale, question: QuestionView): string {
  const hint = text(locale, `input.${question.kind}`);
  return question.skip === 'free' ? `${hint} ${text(locale, 'input.optional')}` : hint;
}

export function renderQuestion(locale: Locale, question: QuestionView): string {
  const lines = [`${render(locale, questionCounter(question))}: ${render(locale, question.prompt)}`];
  lines.push(`  ${firstSentence(render(locale, question.help))}`);
  if (question.instructions) lines.push(render(locale, question.instructions));
  question.choices.forEach((choice, index) => {
    lines.push(`  ${index + 1}) ${displayLabel(locale, choice.label.key)}`);
  });
  question.items.forEach((item, index) => {
    const tick = item.checkedBy
      ? `[x] ${displayLabel(locale, item.label.key)} (${text(locale, 'cli.checkedBy', { by: item.checkedBy })})`
      : `[ ] ${displayLabel(locale, item.label.key)}`;
    lines.push(`  ${index + 1}) ${tick}`);
  });
  if (question.guidance) lines.push(render(locale, question.guidance));
  else if (question.skipped) {
    const { by, reason } = question.skipped;
    lines.push(
      reason ? text(locale, 'cli.skippedBy', { by, reason }) : text(locale, 'cli.skippedByNoReason', { by }),
    );
  } else if (question.answered) {
    lines.push(
      text(locale, 'cli.answeredBy', {
        answer: renderParam(locale, question.answered.answer),
        by: question.answered.by,
      }),
    );
  }
  lines.push(`(${answerHint(locale, question)})`);
  return lines.join('\n');
}

/** The question's whole explanation, how to answer it, and the commands: what "hilfe" shows inside a question. */
export function renderHelp(locale: Locale, question: QuestionView | null): string[] {
  const lines: string[] = [];
  if (question) {
    lines.push(`${render(locale, questionCounter(question))}: ${render(locale, question.prompt)}`);
    lines.push(render(locale, question.help));
    lines.push(text(locale, 'cli.helpAnswer', { hint: answerHint(locale, question) }));
  }
  lines.push(text(locale, 'cli.help'));
  return lines;
}

/** Open items with the number that changes them ("… („ändern 12“)"). */
function openItemLines(locale: Locale, reply: Reply): string[] {
  if (reply.openItems.length === 0) return [render(locale, { key: 'overview.noOpenItems' })];
  return [
    render(locale, { key: 'overview.openItems', params: { count: reply.openItems.length } }),
    ...reply.openItems.map((item) => {
      const line = render(locale, openItemMessage(item));
      return `  - ${item.number !== undefined ? text(locale, 'cli.openItem', { item: line, number: item.number }) : line}`;
    }),
  ];
}

/** Where the team stands: the five steps, the open items, and after the last step what can be done. */
export function renderStatus(reply: Reply): string[] {
  const l = reply.locale;
  if (reply.state === 'welcome') return [render(l, { key: 'overview.notStarted' })];
  return [
    ...overviewMessages(reply).map((m) => render(l, m)),
    ...openItemLines(l, reply),
    ...(reply.done ? [render(l, { key: 'overview.doneActions' })] : []),
  ];
}

/** The numbered answer list, for "ändern N". */
function renderAnswers(reply: Reply): string[] {
  const l = reply.locale;
  const answers = reply.answers ?? [];
  if (answers.length === 0) return [text(l, 'cli.answersEmpty')];
  return [
    ...answers.map((a) =>
      text(l, 'cli.answerLine', {
        number: a.number,
        question: render(l, a.prompt),
        answer: renderParam(l, a.answer),
        by: a.by,
        date: formatDate(l, a.at),
      }),
    ),
    text(l, 'cli.answersHint'),
  ];
}

/** A whole reply, ready to print. */
export function renderReply(reply: Reply): string {
  const l = reply.locale;
  const lines: string[] = [render(l, outcomeMessage(reply.outcome))];
  for (const message of reply.messages) lines.push(`• ${render(l, message)}`);
  switch (reply.outcome.kind) {
    case 'help':
      lines.push(...renderHelp(l, reply.question));
      break;
    case 'status':
    case 'done':
      lines.push(...renderStatus(reply));
      break;
    case 'resumed':
      if (reply.done) lines.push(...renderStatus(reply));
      break;
    case 'answers':
      lines.push(...renderAnswers(reply));
      break;
    default:
      break;
  }
  lines.push('', progressBar(l, reply.progress));
  if (reply.question && reply.outcome.kind !== 'help') lines.push(renderQuestion(l, reply.question));
  return lines.join('\n');
}

/** A message of the parser (a line it could not read), with the question asked again. */
export function renderProblem(locale: Locale, message: Message, question: QuestionView | null): string {
  return question
    ? `${render(locale, message)}\n${renderQuestion(locale, question)}`
    : render(locale, message);
}
