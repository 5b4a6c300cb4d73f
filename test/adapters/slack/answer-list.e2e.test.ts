import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale, Message } from '../../../src/core/context';
import { formatDate, render, renderParam, text } from '../../../src/core/i18n';
import type { AnswerView } from '../../../src/core/reply';
import { callViolations } from '../../helpers/slack/block-kit-limits';
import { actionIds, allText, interactiveElements, unescapeMrkdwn } from '../../helpers/slack/blocks';
import {
  type ChannelSession,
  type SlackHarness,
  startSlackHarness,
  withoutStepMessages,
} from '../../helpers/slack/harness';
import { ANNA, BEN } from '../../helpers/slack/payloads';
import { seedInto } from '../../helpers/slack/seed';

/**
 * The answer list and changing an answer, in Slack: `/paysetup antworten` lists every answer numbered, each with a
 * "Change" button; the button, or `/paysetup ändern N`, posts that question again, and after the new answer the team
 * goes on at the question it was at, without hearing finished steps again.
 */

const COMMANDS = {
  de: { answers: 'antworten', change: 'ändern', notANumber: 'ändern 0' },
  en: { answers: 'answers', change: 'change', notANumber: 'change 0' },
} as const;

/** The channel's onboarding is in step 2, at its second question. */
const AT = 'sandbox_key';

let h: SlackHarness;

afterEach(async () => {
  await h?.close();
});

describe.each(['de', 'en'] as Locale[])('the answer list in Slack (%s)', (locale) => {
  const say = (message: Message) => render(locale, message, 'slack');
  const commands = COMMANDS[locale];

  async function atSandboxKey(channel: string): Promise<ChannelSession> {
    h = await startSlackHarness({ defaultLocale: locale });
    await seedInto(h.store, channel, AT, { locale });
    return h.channel(channel);
  }

  /** The numbered answers as the engine lists them (a read: nothing is written). */
  async function answersOf(channel: string): Promise<AnswerView[]> {
    const reply = await h.engine.handle(
      teamKeyFromSlack('T1', channel),
      { type: 'ANSWERS' },
      { actor: { id: ANNA.id }, channel: 'test' },
    );
    return reply.answers ?? [];
  }

  /** What the channel was posted since `mark`, as read. */
  const postedSince = (mark: number) =>
    h.fake.since(mark, 'chat.postMessage').map((c) => unescapeMrkdwn(allText(c.args.blocks)));
  const stepCompleted = (n: number, step: string) =>
    say({ key: 'step.completed', params: { number: n, step: { key: `flow:steps.${step}.title` } } });

  it(`/paysetup ${commands.answers}: every answer numbered, each with a button to change it, for the asker only`, async () => {
    const session = await atSandboxKey('C0LIST');
    const answers = await answersOf('C0LIST');
    expect(answers.map((a) => a.number)).toEqual(answers.map((_, i) => i + 1));
    // Every question the team answered so far (steps 1 and 2 up to the current question), once.
    const answered = Object.keys((await h.record('C0LIST'))?.context.answers ?? {});
    expect(answers.map((a) => a.questionId).sort()).toEqual([...answered].sort());
    expect(answered).toContain('sandbox_account');
    const mark = h.fake.mark();

    await session.command(commands.answers, BEN);

    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    expect(h.fake.since(mark, 'chat.postEphemeral').map((c) => c.args.user)).toEqual([BEN.id]);
    const list = session.lastEphemeral(BEN);
    const shown = unescapeMrkdwn(allText(list.blocks));
    expect(shown).toContain(say({ key: 'notice.answers' }));
    for (const a of answers) {
      expect(shown).toContain(
        text(locale, 'cli.answerLine', {
          number: a.number,
          question: render(locale, a.prompt),
          answer: renderParam(locale, a.answer),
          by: a.by,
          date: formatDate(locale, a.at),
        }),
      );
    }
    expect(actionIds(list.blocks)).toEqual(answers.map((a) => `ps:change:${a.questionId}`));
    const labels = interactiveElements(list.blocks).map((e) => (e.element.text as { text?: string }).text);
    expect(new Set(labels)).toEqual(new Set([text(locale, 'slack:button.change')]));
    expect(shown).toContain(say({ key: 'cli.answersHint' }));
    expect(callViolations(h.fake.calls)).toEqual([]);
  });

  it('"Change" posts that question again; the new answer takes the team back to where it was', async () => {
    const session = await atSandboxKey('C0CHANGE');
    await session.command(commands.answers);
    const list = session.lastEphemeral(ANNA);
    const mark = h.fake.mark();

    await session.click(list, 'ps:change:processing', ANNA);

    expect(withoutStepMessages(h.fake.since(mark, 'chat.postMessage')).map((c) => c.args.text)).toEqual([
      say({
        key: 'notice.revisit.started',
        params: { question: { key: 'flow:questions.processing.prompt' } },
      }),
      say({ key: 'flow:questions.processing.prompt' }),
    ]);
    const again = session.currentQuestion();
    expect(again?.questionId).toBe('processing');
    expect(unescapeMrkdwn(allText(again?.blocks))).toContain(
      text(locale, 'cli.answeredBy', {
        answer: renderParam(locale, { key: 'flow:questions.processing.choices.capture_at_order' }),
        by: ANNA.username,
      }),
    );
    const answered = h.fake.mark();

    await session.click(again as NonNullable<typeof again>, 'ps:choose:processing:capture_at_shipment', BEN);

    const record = await h.record('C0CHANGE');
    expect(record?.context.answers.processing).toMatchObject({
      value: 'capture_at_shipment',
      by: { id: BEN.id },
    });
    expect(record?.context.revisions.map((r) => r.questionId)).toEqual(['processing']);
    expect(record?.context.cursor).toBe(AT);
    // Back at the question the team was at, with no finished step announced again; only the advice that changed.
    expect(session.currentQuestion()?.questionId).toBe(AT);
    const posted = postedSince(answered);
    expect(posted.filter((t) => t.includes(stepCompleted(1, 'setup')))).toEqual([]);
    expect(posted.join('\n')).toContain(
      say({ key: 'advice.updated', params: { step: { key: 'flow:steps.setup.title' } } }),
    );
    expect(posted.join('\n')).toContain(say({ key: 'flow:tips.capture_at_shipment' }));
    expect(posted.at(-1)).toContain(say({ key: `flow:questions.${AT}.prompt` }));
    expect(h.logger.problems()).toEqual([]);
  });

  it(`/paysetup ${commands.change} 3 does the same by number`, async () => {
    const session = await atSandboxKey('C0BYNUMBER');
    const third = (await answersOf('C0BYNUMBER'))[2];
    if (!third) throw new Error('no third answer');
    const mark = h.fake.mark();

    await session.command(`${commands.change} 3`);

    const again = session.currentQuestion();
    expect(again?.questionId).toBe(third.questionId);
    expect(withoutStepMessages(h.fake.since(mark, 'chat.postMessage')).map((c) => c.args.text)).toEqual([
      say({ key: 'notice.revisit.started', params: { question: third.prompt } }),
      say(third.prompt),
    ]);
    // Another choice than the one recorded (the first).
    const choice = actionIds(again?.blocks).filter((id) =>
      id.startsWith(`ps:choose:${third.questionId}:`),
    )[1];
    if (!choice) throw new Error(`no second choice on ${third.questionId}`);
    const answered = h.fake.mark();

    await session.click(again as NonNullable<typeof again>, choice, ANNA);

    expect(session.currentQuestion()?.questionId).toBe(AT);
    const posted = postedSince(answered);
    expect(posted.filter((t) => t.includes(stepCompleted(1, 'setup')))).toEqual([]);
    expect(posted.at(-1)).toContain(say({ key: `flow:questions.${AT}.prompt` }));
    expect((await h.record('C0BYNUMBER'))?.context.answers[third.questionId]?.value).toBe(
      choice.split(':').at(-1),
    );
  });

  it(`/paysetup ${commands.change} 99: told privately that there is no such answer; nothing changes`, async () => {
    const session = await atSandboxKey('C0NONUMBER');
    const before = await h.record('C0NONUMBER');
    const mark = h.fake.mark();

    await session.command(`${commands.change} 99`);

    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    const told = unescapeMrkdwn(allText(session.lastEphemeral(ANNA).blocks));
    expect(told).toContain(say({ key: 'notice.revisit.unknownNumber', params: { number: 99 } }));
    expect(await h.record('C0NONUMBER')).toEqual(before);
  });

  it(`/paysetup ${commands.notANumber}: told privately, in Slack's words, how to name the answer`, async () => {
    const session = await atSandboxKey('C0NAN');
    const mark = h.fake.mark();

    await session.command(commands.notANumber);

    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    const told = unescapeMrkdwn(allText(session.lastEphemeral(ANNA).blocks));
    expect(told).toContain(say({ key: 'input.changeNumber' }));
    expect(told).toContain(`/paysetup ${commands.change} 3`);
  });
});
