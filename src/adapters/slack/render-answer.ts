import type { types } from '@slack/bolt';
import type { Locale } from '../../core/context';
import type { AnswerView } from '../../questions/answer-view';
import { actionId } from './action-ids';
import { button, context, md, plain, section } from './blocks';
import { escapeMrkdwn } from './escape';
import { clip, LIMITS } from './limits';
import type { SlackMessage } from './render-blocks';

type KnownBlock = types.KnownBlock;

/**
 * The answer to a team's own question, as it goes into the thread under the question: the entry's title and long
 * text (the team's own case first), where the onboarding looks at it and the source, and "Hat das geholfen? 👍/👎".
 * Without an answer: why not, the two closest entries as buttons, and the documentation link.
 */
export function answerMessage(locale: Locale, view: AnswerView): SlackMessage {
  if (view.kind === 'answer') {
    const body = [
      `*${md(locale, view.title)}*`,
      ...(view.context ? [md(locale, view.context)] : []),
      md(locale, view.long),
    ].join('\n');
    const blocks: KnownBlock[] = [
      section(body),
      context(`${md(locale, view.step)} · ${escapeMrkdwn(plain(locale, view.source.line))}`),
      section(escapeMrkdwn(plain(locale, { key: 'slack:ask.helpful' }))),
      {
        type: 'actions',
        block_id: 'ps:kb-feedback',
        elements: [
          button(plain(locale, { key: 'slack:ask.up' }), actionId('kb-up', view.entryId)),
          button(plain(locale, { key: 'slack:ask.down' }), actionId('kb-down', view.entryId)),
        ],
      },
    ];
    return {
      text: clip(`${plain(locale, view.title)}: ${plain(locale, view.short)}`, LIMITS.sectionText),
      blocks,
    };
  }
  const sorry = view.sorry.map((line) => md(locale, line)).join(' ');
  const blocks: KnownBlock[] = [section(sorry)];
  if (view.closest.length > 0) {
    blocks.push(section(md(locale, { key: 'ask.closest' })), {
      type: 'actions',
      block_id: 'ps:kb-closest',
      elements: view.closest.map((entry) =>
        button(plain(locale, entry.title), actionId('kb-show', entry.entryId)),
      ),
    });
  }
  blocks.push(context(escapeMrkdwn(plain(locale, view.docs.line))));
  return { text: clip(view.sorry.map((line) => plain(locale, line)).join(' '), LIMITS.sectionText), blocks };
}

/** The question as a channel post, when it came as a slash command (nothing to thread under otherwise). */
export function askedMessage(locale: Locale, name: string, question: string): SlackMessage {
  const line = plain(locale, {
    key: 'slack:ask.askedBy',
    params: { name: escapeMrkdwn(name), question: escapeMrkdwn(question) },
  });
  return { text: clip(line, LIMITS.sectionText), blocks: [section(line)] };
}
