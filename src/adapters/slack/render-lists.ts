import type { types } from '@slack/bolt';
import type { Locale } from '../../core/context';
import { formatDate, render, renderParam, text } from '../../core/i18n';
import { openItemMessage } from '../../core/open-items';
import type { Reply } from '../../core/reply';
import { overviewMessages } from '../../core/summary';
import { actionId } from './action-ids';
import { button, chunks, context, md, plain, section, withButton, withinTextLimit } from './blocks';
import { escapeMrkdwn } from './escape';
import { clip, LIMITS } from './limits';
import { plainMessage, progressText, type SlackMessage } from './render-blocks';

type KnownBlock = types.KnownBlock;

/** Lists for the person who asked: where the team stands with its open items, and the numbered answers. */

/** At most this many open items or answers get their own row with a button; the rest are listed in one section. */
const ROWS_WITH_BUTTONS = 40;

/**
 * Where the team stands, for the person who asked: the five steps, the open items each with a button that goes back
 * to it, and after the last step what can be done.
 */
export function statusMessage(locale: Locale, reply: Reply): SlackMessage {
  if (reply.state === 'welcome') return plainMessage(text(locale, 'slack:statusNotStarted'));
  const items = reply.openItems.map((item) => `• ${md(locale, openItemMessage(item))}`);
  const build = (lines: string[]): KnownBlock[] => {
    const blocks: KnownBlock[] = [
      section(`*${escapeMrkdwn(text(locale, 'slack:statusTitle'))}*`),
      section(
        overviewMessages(reply)
          .map((m) => md(locale, m))
          .join('\n'),
      ),
      context(escapeMrkdwn(progressText(locale, reply.progress))),
    ];
    if (reply.openItems.length === 0) blocks.push(section(md(locale, { key: 'overview.noOpenItems' })));
    else {
      blocks.push(
        section(`*${md(locale, { key: 'overview.openItems', params: { count: reply.openItems.length } })}*`),
      );
      // One button per question: three unticked items of one checklist are closed in the same place.
      const withButtonFor = new Set<string>();
      reply.openItems.slice(0, ROWS_WITH_BUTTONS).forEach((item, i) => {
        const line = lines[i] ?? '';
        const first = !withButtonFor.has(item.questionId);
        withButtonFor.add(item.questionId);
        blocks.push(
          item.number !== undefined && first
            ? withButton(
                line,
                button(text(locale, 'slack:button.openItem'), actionId('change', item.questionId)),
              )
            : section(line),
        );
      });
      for (const chunk of chunks(lines.slice(ROWS_WITH_BUTTONS), LIMITS.sectionText - 10))
        blocks.push(section(chunk));
    }
    if (reply.done) blocks.push(context(md(locale, { key: 'overview.doneActions' })));
    return blocks;
  };
  const summary = [plain(locale, { key: 'notice.status' }), progressText(locale, reply.progress)].join(' ');
  return {
    text: clip(summary, LIMITS.sectionText),
    blocks: withinTextLimit(items, build).slice(0, LIMITS.blocksPerMessage),
  };
}

/** The numbered answer list, each answer with a button to change it. */
export function answersMessage(locale: Locale, reply: Reply): SlackMessage {
  const answers = reply.answers ?? [];
  if (answers.length === 0) return plainMessage(text(locale, 'cli.answersEmpty'));
  const lines = answers.map((a) =>
    escapeMrkdwn(
      text(locale, 'cli.answerLine', {
        number: a.number,
        question: render(locale, a.prompt),
        answer: renderParam(locale, a.answer),
        by: a.by,
        date: formatDate(locale, a.at),
      }),
    ),
  );
  const build = (fitted: string[]): KnownBlock[] => {
    const blocks: KnownBlock[] = [section(`*${md(locale, { key: 'notice.answers' })}*`)];
    answers.slice(0, ROWS_WITH_BUTTONS).forEach((a, i) => {
      blocks.push(
        withButton(
          fitted[i] ?? '',
          button(text(locale, 'slack:button.change'), actionId('change', a.questionId)),
        ),
      );
    });
    for (const chunk of chunks(fitted.slice(ROWS_WITH_BUTTONS), LIMITS.sectionText - 10))
      blocks.push(section(chunk));
    blocks.push(context(md(locale, { key: 'cli.answersHint' })));
    return blocks;
  };
  return {
    text: clip(plain(locale, { key: 'notice.answers' }), LIMITS.sectionText),
    blocks: withinTextLimit(lines, build).slice(0, LIMITS.blocksPerMessage),
  };
}
