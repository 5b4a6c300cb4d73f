import type { types } from '@slack/bolt';
import type { StepId } from '../../../../flows/types';
import type { Locale } from '../../../core/context';
import { render, text } from '../../../core/i18n';
import type { Reply } from '../../../core/reply';
import { overviewMessages } from '../../../core/summary';
import { context, md, section } from '../blocks';
import { escapeMrkdwn } from '../escape';
import { clip, LIMITS } from '../limits';
import { progressText, type SlackMessage } from '../render-blocks';

type KnownBlock = types.KnownBlock;

/**
 * The one message a step has in the channel (thread layout): its title and introduction, where it stands (at which
 * question, done, with how many open items) and the progress of all five steps. Its thread holds the step's questions.
 */
export function stepMessage(
  locale: Locale,
  step: StepId,
  reply: Pick<Reply, 'overview' | 'question' | 'progress'>,
): SlackMessage {
  const index = reply.overview.findIndex((s) => s.step === step);
  const number = index + 1;
  const title = text(locale, 'cli.progress', {
    number,
    total: reply.progress.totalSteps,
    step: text(locale, `flow:steps.${step}.title`),
  });
  const overview = overviewMessages(reply as Reply)[index];
  const where = overview ? render(locale, overview, 'slack') : '';
  const blocks: KnownBlock[] = [
    section(`*${escapeMrkdwn(title)}*`),
    section(md(locale, { key: `flow:steps.${step}.intro` })),
    context(escapeMrkdwn(`${where}\n${text(locale, 'slack:thread.hint')}`)),
    context(escapeMrkdwn(progressText(locale, reply.progress))),
  ];
  return { text: clip(where ? `${title} – ${where}` : title, LIMITS.sectionText), blocks };
}
