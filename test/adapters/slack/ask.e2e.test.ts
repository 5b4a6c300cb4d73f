import { LINKS } from '../../../flows/resources';
import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { render, text } from '../../../src/core/i18n';
import { Feedback } from '../../../src/questions/Feedback';
import { QuestionLog } from '../../../src/questions/QuestionLog';
import { actionIds, allText, findAction, unescapeMrkdwn } from '../../helpers/slack/blocks';
import type { RecordedCall } from '../../helpers/slack/fake-slack-api';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { ANNA, BEN, blockActionsPayload, buttonAction, type MessageRef } from '../../helpers/slack/payloads';
import { seedInto } from '../../helpers/slack/seed';

/**
 * Asking the assistant in Slack, the way a team does it: a mention that is a question is answered in a thread under
 * it with the source and "Hat das geholfen? 👍/👎" (the votes stored per entry), `/paysetup frage …` posts the
 * question and answers in its thread, a question without an answer gets an honest "I don't know" with the closest
 * entries as buttons and is recorded for the experts; the onboarding's current question stays as it was.
 */

const QUESTIONS = {
  de: {
    expiry: 'wie lange gilt eigentlich so eine autorisierung?',
    offTopic: 'wie wird das wetter morgen in köln?',
    unsure: 'wie teste ich das?',
  },
  en: {
    expiry: 'how long does an authorisation stay valid?',
    offTopic: 'what will the weather be like tomorrow in london?',
    unsure: 'how do I test this?',
  },
} as const;

describe.each(['de', 'en'] as const)('asking in Slack (%s)', (locale: Locale) => {
  let h: SlackHarness;
  const q = QUESTIONS[locale];
  const CHANNEL = 'C0ASK';

  beforeEach(async () => {
    h = await startSlackHarness({ defaultLocale: locale });
    h.fake.defaultLocale = locale === 'de' ? 'de-DE' : 'en-US';
  });
  afterEach(async () => {
    await h.close();
  });

  const posts = (mark: number): RecordedCall[] =>
    h.fake.since(mark).filter((c) => c.method === 'chat.postMessage');
  const shown = (call: RecordedCall | undefined) => unescapeMrkdwn(allText(call?.args.blocks));

  it('answers a mention that is a question in a thread under it, with its source and 👍/👎, and leaves the current question alone', async () => {
    await seedInto(h.store, CHANNEL, 'oms', { locale });
    const session = h.channel(CHANNEL);
    await session.command('start');
    const before = await h.store.get(teamRecordKey(`slack:T1:${CHANNEL}`));
    const current = session.currentQuestion();
    expect(current?.questionId).toBe('oms');

    const mark = h.fake.mark();
    await session.mention(q.expiry, BEN);
    const answer = posts(mark);
    expect(answer).toHaveLength(1);
    const mention = h.fake.since(mark).find((c) => c.method === 'chat.postMessage')?.args.thread_ts as string;
    expect(typeof mention).toBe('string');
    const body = shown(answer[0]);
    expect(body).toContain(text(locale, 'knowledge:entries.authorization_expiry.title'));
    expect(body).toContain(text(locale, 'knowledge:entries.authorization_expiry.long'));
    expect(body).toContain(LINKS.asyncProcessing);
    expect(body).toContain(
      render(locale, { key: 'ask.inStep', params: { step: 1, title: { key: 'flow:steps.setup.title' } } }),
    );
    expect(actionIds(answer[0]?.args.blocks)).toEqual([
      'ps:kb-up:authorization_expiry',
      'ps:kb-down:authorization_expiry',
    ]);
    // Nothing of the onboarding changed: the same record, the same question.
    expect((await h.store.get(teamRecordKey(`slack:T1:${CHANNEL}`)))?.version).toBe(before?.version);
    expect(session.currentQuestion()?.questionId).toBe('oms');
    // And the team goes on answering it.
    await session.mention('Plentymarkets', ANNA);
    expect((await h.record(CHANNEL))?.context.answers.oms?.value).toBe('Plentymarkets');
  });

  it('stores 👍 and 👎 per entry, one vote per person that they may change, and thanks the voter privately', async () => {
    await seedInto(h.store, CHANNEL, 'oms', { locale });
    await h.channel(CHANNEL).command('start');
    const mark = h.fake.mark();
    await h.channel(CHANNEL).mention(q.expiry, BEN);
    const posted = posts(mark)[0];
    if (!posted) throw new Error('no answer');
    const answer: MessageRef = {
      channel: CHANNEL,
      ts: String(posted.response.ts),
      blocks: posted.args.blocks as unknown[],
      threadTs: String(posted.args.thread_ts),
    };
    const vote = async (actionId: string, user = BEN) => {
      const element = findAction(answer.blocks, actionId);
      await h.sender.interact(
        blockActionsPayload({
          user,
          message: answer,
          actions: [
            buttonAction({
              action_id: actionId,
              text: String((element?.element.text as { text?: string } | undefined)?.text),
            }),
          ],
          responseUrl: h.fake.responseUrl('vote'),
        }),
      );
      await h.idle();
    };
    const before = h.fake.mark();
    await vote('ps:kb-up:authorization_expiry');
    const thanks = h.fake.since(before).filter((c) => c.method === 'chat.postEphemeral');
    expect(thanks).toHaveLength(1);
    expect(thanks[0]?.args).toMatchObject({ user: BEN.id, thread_ts: answer.threadTs });
    expect(shown(thanks[0])).toBe(text(locale, 'slack:ask.thanks'));
    const feedback = new Feedback(h.store);
    expect(await feedback.of('authorization_expiry')).toEqual({ up: 1, down: 0 });
    await vote('ps:kb-down:authorization_expiry');
    expect(await feedback.of('authorization_expiry')).toEqual({ up: 0, down: 1 });
    await vote('ps:kb-up:authorization_expiry', ANNA);
    expect(await feedback.of('authorization_expiry')).toEqual({ up: 1, down: 1 });
  });

  it('/paysetup frage … posts the question and answers in its thread; a team that captures at shipment hears its case first', async () => {
    await seedInto(h.store, CHANNEL, 'pending_authorization', {
      locale,
      pick: { processing: 'capture_at_shipment' },
    });
    const session = h.channel(CHANNEL);
    await session.command('start');
    const mark = h.fake.mark();
    await session.command(`${locale === 'de' ? 'frage' : 'ask'} ${q.expiry}`);
    const [asked, answer] = posts(mark);
    expect(asked?.args.thread_ts).toBeUndefined();
    expect(shown(asked)).toContain(q.expiry);
    expect(answer?.args.thread_ts).toBe(asked?.response.ts);
    const body = shown(answer);
    const own = text(locale, 'knowledge:entries.authorization_expiry.context.capture_at_shipment');
    expect(body).toContain(own);
    expect(body.indexOf(own)).toBeLessThan(
      body.indexOf(text(locale, 'knowledge:entries.authorization_expiry.long')),
    );
  });

  it('says it does not know an off-topic question, records it for the experts, and offers nothing made up', async () => {
    await seedInto(h.store, CHANNEL, 'oms', { locale });
    await h.channel(CHANNEL).command('start');
    const mark = h.fake.mark();
    await h.channel(CHANNEL).mention(q.offTopic, BEN);
    const answer = posts(mark)[0];
    const body = shown(answer);
    expect(body).toContain(text(locale, 'ask.outOfScope'));
    expect(body).toContain(text(locale, 'ask.noted'));
    expect(actionIds(answer?.args.blocks)).toEqual([]);
    const logged = await new QuestionLog(h.store).list();
    expect(logged).toEqual([
      expect.objectContaining({
        team: `slack:T1:${CHANNEL}`,
        via: 'slack',
        user: BEN.id,
        reason: 'outOfScope',
        locale,
      }),
    ]);
    expect(logged[0]?.text).toBe(q.offTopic);
    expect(Number.isNaN(Date.parse(logged[0]?.at ?? ''))).toBe(false);
  });

  it('offers the closest entries as buttons when unsure, and a click shows that entry in the same thread', async () => {
    await seedInto(h.store, CHANNEL, 'oms', { locale });
    await h.channel(CHANNEL).command('start');
    const mark = h.fake.mark();
    await h.channel(CHANNEL).mention(q.unsure, BEN);
    const answer = posts(mark)[0];
    if (!answer) throw new Error('no answer');
    const offered = actionIds(answer.args.blocks);
    expect(offered).toHaveLength(2);
    expect(offered[0]).toBe('ps:kb-show:test_accounts');
    expect(offered.every((id) => id.startsWith('ps:kb-show:'))).toBe(true);
    expect(shown(answer)).toContain(text(locale, 'ask.unsure'));
    const first = offered[0] as string;
    const message: MessageRef = {
      channel: CHANNEL,
      ts: String(answer.response.ts),
      blocks: answer.args.blocks as unknown[],
      threadTs: String(answer.args.thread_ts),
    };
    const click = h.fake.mark();
    await h.channel(CHANNEL).click(message, first, BEN);
    const [entry] = posts(click);
    const entryId = first.slice('ps:kb-show:'.length);
    expect(entry?.args.thread_ts).toBe(message.threadTs);
    expect(shown(entry)).toContain(text(locale, `knowledge:entries.${entryId}.long`));
    expect(actionIds(entry?.args.blocks)).toEqual([`ps:kb-up:${entryId}`, `ps:kb-down:${entryId}`]);
  });

  it("in a step's thread, a colleague's question is left to the colleagues; `frage …` there is answered", async () => {
    await seedInto(h.store, CHANNEL, 'oms', { locale });
    const session = h.channel(CHANNEL);
    await session.command('start');
    const step = session.topLevel().find((m) => m.threadTs === undefined);
    if (!step) throw new Error('no step message');
    const quiet = h.fake.mark();
    await session.type(q.expiry, step.ts, BEN);
    expect(h.fake.since(quiet).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    const asked = h.fake.mark();
    await session.type(`${locale === 'de' ? 'frage' : 'ask'} ${q.expiry}`, step.ts, BEN);
    const answer = posts(asked);
    expect(answer).toHaveLength(1);
    expect(answer[0]?.args.thread_ts).toBe(step.ts);
    expect(shown(answer[0])).toContain(text(locale, 'knowledge:entries.authorization_expiry.title'));
  });
});
