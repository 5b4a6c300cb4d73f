import type { types } from '@slack/bolt';
import type { Locale, Message } from '../../core/context';
import { displayLabel, render, renderParam, text } from '../../core/i18n';
import type { Progress, QuestionView, Reply } from '../../core/reply';
import { progressBarParts, questionCounter } from '../../core/summary';
import { actionId, type ModalKind, type ModalMetadata, VIEW_CALLBACK } from './action-ids';
import { button, chunks, context, md, plain, section, withinTextLimit } from './blocks';
import { escapeMrkdwn } from './escape';
import { clip, LIMITS } from './limits';

type ActionsBlockElement = types.ActionsBlockElement;
type KnownBlock = types.KnownBlock;
type View = types.View;

/** Reply → Block Kit: the question message, its answered form, notices, modals. Every text is clipped to its limit. */

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function progressText(locale: Locale, progress: Progress): string {
  const { filled, empty, label } = progressBarParts(progress);
  const bar = `${'🟩'.repeat(filled)}${'⬜'.repeat(empty)}`;
  return label ? `${bar} ${render(locale, label)}` : bar;
}

/** The blocks that let a team answer a question, by kind. */
function answerElements(locale: Locale, q: QuestionView): KnownBlock[] {
  const skipButton =
    q.skip === 'free'
      ? [button(text(locale, 'slack:button.skip'), actionId('skip', q.id))]
      : q.skip === 'reason'
        ? [button(text(locale, 'slack:button.skip'), actionId('skip-reason', q.id))]
        : [];
  const actions = (elements: ActionsBlockElement[]): KnownBlock => ({
    type: 'actions',
    block_id: `ps:${q.id}`,
    elements: elements.slice(0, LIMITS.elementsPerActions),
  });
  switch (q.kind) {
    case 'single':
      return [
        actions([
          ...q.choices.map((c) => button(displayLabel(locale, c.label.key), actionId('choose', q.id, c.id))),
          ...skipButton,
        ]),
      ];
    case 'multi':
      return [
        {
          type: 'actions',
          block_id: `ps:${q.id}:choices`,
          elements: [
            {
              type: 'checkboxes',
              action_id: actionId('multi', q.id),
              options: q.choices.map((c) => ({
                text: {
                  type: 'plain_text',
                  text: clip(displayLabel(locale, c.label.key), LIMITS.optionText),
                },
                value: c.id,
              })),
            },
          ],
        } as KnownBlock,
        actions([
          button(text(locale, 'slack:button.submit'), actionId('submit', q.id), 'primary'),
          ...skipButton,
        ]),
      ];
    case 'yesno':
      return [
        actions([
          button(text(locale, 'slack:button.yes'), actionId('yes', q.id), 'primary'),
          button(text(locale, 'slack:button.no'), actionId('no', q.id)),
          ...skipButton,
        ]),
      ];
    case 'text':
      return [
        actions([
          button(text(locale, 'slack:button.answer'), actionId('text', q.id), 'primary'),
          ...skipButton,
        ]),
      ];
    case 'checklist': {
      const items = q.items.map(
        (item): KnownBlock => ({
          type: 'section',
          block_id: `ps:${q.id}:${item.id}`,
          text: {
            type: 'mrkdwn',
            text: clip(
              item.checkedBy
                ? `✅ ${escapeMrkdwn(displayLabel(locale, item.label.key))} _(${escapeMrkdwn(text(locale, 'slack:checkedBy', { by: item.checkedBy }))})_`
                : `⬜ ${escapeMrkdwn(displayLabel(locale, item.label.key))}`,
              LIMITS.sectionText,
            ),
          },
          accessory: item.checkedBy
            ? button(text(locale, 'slack:button.untick'), actionId('untick', q.id, item.id))
            : button(text(locale, 'slack:button.tick'), actionId('tick', q.id, item.id), 'primary'),
        }),
      );
      // A checklist that may be skipped (with a reason) keeps its unticked items as open items.
      return skipButton.length > 0 ? [...items, actions(skipButton)] : items;
    }
    case 'testcase':
      return [
        actions([
          button(text(locale, 'slack:button.passed'), actionId('passed', q.id), 'primary'),
          button(text(locale, 'slack:button.failed'), actionId('failed', q.id), 'danger'),
          ...skipButton,
        ]),
      ];
  }
}

/** The message that asks a question: prompt, explanation, instructions, guidance, the inputs, and the progress bar. */
export function questionMessage(locale: Locale, q: QuestionView, progress: Progress): SlackMessage {
  const counter = render(locale, questionCounter(q));
  const blocks: KnownBlock[] = [
    section(`*${escapeMrkdwn(counter)}* · ${md(locale, q.prompt)}`),
    context(md(locale, q.help)),
  ];
  if (q.instructions) blocks.push(section(md(locale, q.instructions)));
  if (q.guidance) blocks.push(section(`⚠️ ${md(locale, q.guidance)}`));
  else if (q.answered) {
    blocks.push(
      context(
        escapeMrkdwn(
          text(locale, 'cli.answeredBy', {
            answer: renderParam(locale, q.answered.answer),
            by: q.answered.by,
          }),
        ),
      ),
    );
  }
  blocks.push(...answerElements(locale, q));
  blocks.push(context(escapeMrkdwn(progressText(locale, progress))));
  return { text: clip(render(locale, q.prompt), LIMITS.sectionText), blocks };
}

/** The question message once answered: what was asked, what was answered and by whom; no buttons left. */
export function answeredMessage(locale: Locale, q: QuestionView, notice: Message | null): SlackMessage {
  const summary = notice ? md(locale, notice) : '';
  // A skipped question is not shown as done: it stays an open item, and its mark says so.
  const mark = q.skipped ? '⏭️' : '✅';
  const blocks: KnownBlock[] = [section(`${md(locale, q.prompt)}\n${mark} ${summary}`)];
  if (q.kind === 'checklist') {
    const lines = q.items.map((item) =>
      item.checkedBy
        ? `✅ ${escapeMrkdwn(displayLabel(locale, item.label.key))} _(${escapeMrkdwn(item.checkedBy)})_`
        : `⬜ ${escapeMrkdwn(displayLabel(locale, item.label.key))}`,
    );
    blocks.push(context(lines.join('\n')));
  }
  return { text: clip(`${render(locale, q.prompt)} ${mark}`, LIMITS.sectionText), blocks };
}

/** Headings among the messages: a finished or reopened step, the done summary's first line. */
const BOLD =
  /^(?:step\.(?:completed|reopened)|done\.(?:ready|readyAgain|withOpen|withOpenAgain)|advice\.updated)$/;

/**
 * Messages without a question: a finished step with its advice, the next step's introduction, the done summary.
 * Open items go into one bulleted section (split only where a section is full), so none is ever left out; where
 * their reasons and notes together would pass Slack's text limit, the longest are shortened (the plan has them whole).
 */
export function infoMessage(locale: Locale, messages: Message[], progress?: Progress): SlackMessage {
  const bodies = messages.map((message) => md(locale, message));
  const isBullet = messages.map((message) => message.key.startsWith('open.'));
  const bullets = bodies.filter((_, i) => isBullet[i]).map((body) => `• ${body}`);
  const build = (lines: string[]): KnownBlock[] => {
    const blocks: KnownBlock[] = [];
    let pending: string[] = [];
    let next = 0;
    const flush = () => {
      for (const chunk of chunks(pending, LIMITS.sectionText - 10)) blocks.push(section(chunk));
      pending = [];
    };
    messages.forEach((message, i) => {
      if (isBullet[i]) {
        pending.push(lines[next] ?? '');
        next += 1;
        return;
      }
      flush();
      const body = bodies[i] ?? '';
      blocks.push(section(BOLD.test(message.key) ? `*${body}*` : body));
    });
    flush();
    if (progress) blocks.push(context(escapeMrkdwn(progressText(locale, progress))));
    return blocks;
  };
  return {
    text: clip(messages.map((m) => plain(locale, m)).join(' '), LIMITS.sectionText),
    blocks: withinTextLimit(bullets, build).slice(0, LIMITS.blocksPerMessage),
  };
}

/** A short message for one person (ephemeral): a notice, and the current question's prompt as a reminder. */
export function noticeMessage(
  locale: Locale,
  notice: Message,
  reply?: Pick<Reply, 'question'>,
): SlackMessage {
  const blocks: KnownBlock[] = [section(md(locale, notice))];
  if (reply?.question) {
    blocks.push(
      section(`${escapeMrkdwn(text(locale, 'slack:current'))} *${md(locale, reply.question.prompt)}*`),
    );
  }
  return { text: clip(plain(locale, notice), LIMITS.sectionText), blocks };
}

/** A message of one text from the locale files (mrkdwn: `*bold*`, `code`); `&`, `<`, `>` in it are shown as such. */
export function plainMessage(textMd: string): SlackMessage {
  const escaped = escapeMrkdwn(textMd);
  return { text: clip(escaped, LIMITS.sectionText), blocks: [section(escaped)] };
}

/**
 * Long Markdown (the integration plan) as messages of sections of at most 3000 characters, split at line ends. Each
 * message stays under ~11,000 characters in all: Slack refuses much longer ones (`msg_blocks_too_long`, near 13k).
 */
export function longMessages(markdown: string): SlackMessage[] {
  const mrkdwn = escapeMrkdwn(markdown)
    .replace(/^#{1,3} (.*)$/gm, '*$1*')
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/^(\s*)- \[x\] /gm, '$1☑ ')
    .replace(/^(\s*)- \[ \] /gm, '$1☐ ')
    .replace(/^(\s*)- /gm, '$1• ');
  const sections: string[] = [];
  let chunk = '';
  for (const raw of mrkdwn.split('\n')) {
    const line = clip(raw, LIMITS.sectionText - 10);
    if (chunk.length + line.length + 1 > LIMITS.sectionText - 10) {
      sections.push(chunk);
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk.trim()) sections.push(chunk);
  const messages: SlackMessage[] = [];
  let blocks: KnownBlock[] = [];
  let size = 0;
  const flush = () => {
    if (blocks.length === 0) return;
    const first = (blocks[0] as { text?: { text?: string } }).text?.text ?? '';
    messages.push({ text: clip(first.split('\n')[0] ?? '', LIMITS.sectionText), blocks });
    blocks = [];
    size = 0;
  };
  for (const body of sections) {
    if (size + body.length > LIMITS.messageText || blocks.length >= LIMITS.blocksPerMessage) flush();
    blocks.push(section(body));
    size += body.length;
  }
  flush();
  return messages;
}

/** The restart question, with its two buttons, for the person who asked. */
export function restartConfirmMessage(locale: Locale, notice: Message): SlackMessage {
  return {
    text: plain(locale, notice),
    blocks: [
      section(md(locale, notice)),
      {
        type: 'actions',
        elements: [
          button(text(locale, 'slack:button.restartConfirm'), actionId('restart-confirm'), 'danger'),
          button(text(locale, 'slack:button.restartCancel'), actionId('restart-cancel')),
        ],
      } as KnownBlock,
    ],
  };
}

/** A modal for a free-text answer, a failed test's note or a skip reason. */
export function modalView(locale: Locale, kind: ModalKind, q: QuestionView, metadata: ModalMetadata): View {
  const optional = kind === 'failed';
  return {
    type: 'modal',
    callback_id: VIEW_CALLBACK,
    private_metadata: JSON.stringify(metadata).slice(0, LIMITS.privateMetadata),
    title: { type: 'plain_text', text: clip(text(locale, `slack:modal.title.${kind}`), LIMITS.modalTitle) },
    submit: { type: 'plain_text', text: clip(text(locale, 'slack:modal.submit'), LIMITS.modalTitle) },
    close: { type: 'plain_text', text: clip(text(locale, 'slack:modal.close'), LIMITS.modalTitle) },
    blocks: [
      section(`*${md(locale, q.prompt)}*`),
      ...(kind === 'answer' && q.kind === 'text'
        ? [context(md(locale, { key: `flow:questions.${q.id}.invalid` }))]
        : []),
      {
        type: 'input',
        block_id: 'ps:input',
        optional,
        label: {
          type: 'plain_text',
          text: clip(text(locale, `slack:modal.label.${kind}`), LIMITS.plainInputLabel),
        },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: kind !== 'answer',
          max_length: 500,
          ...(q.answered && kind === 'answer' && typeof q.answered.value === 'string'
            ? { initial_value: q.answered.value }
            : {}),
        },
      } as KnownBlock,
    ],
  };
}

/** What a modal shows when its submission cannot be matched to a team's question (nothing was saved). */
export function unreadableModalView(locale: Locale): View {
  return {
    type: 'modal',
    callback_id: VIEW_CALLBACK,
    title: {
      type: 'plain_text',
      text: clip(text(locale, 'slack:modal.title.unreadable'), LIMITS.modalTitle),
    },
    close: { type: 'plain_text', text: clip(text(locale, 'slack:modal.dismiss'), LIMITS.modalTitle) },
    blocks: [section(text(locale, 'slack:modal.unreadable'))],
  };
}
