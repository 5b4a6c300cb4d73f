import type { Locale } from '../../../src/core/context';
import { render } from '../../../src/core/i18n';
import { listAll } from '../../../src/store/list-all';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import {
  type ChannelSession,
  isStepMessage,
  type SlackHarness,
  startSlackHarness,
} from '../../helpers/slack/harness';
import { driveOnboarding, NOTHING_OPEN } from '../../helpers/slack/onboarding-driver';
import {
  ANNA,
  BEN,
  BOT_USER,
  botMessageEvent,
  eventCallback,
  messageEvent,
  slashCommandFields,
} from '../../helpers/slack/payloads';

/**
 * The thread layout (the default): one message per step in the channel, the step's questions in its thread; typed
 * answers and mentions in the thread; `/paysetup layout kanal|thread` (German) and `layout channel|thread` (English).
 */

const WORDS = {
  de: { placement: 'Warenkorb und Kasse', layoutChannel: 'layout kanal', layoutThread: 'layout thread' },
  en: { placement: 'cart and checkout', layoutChannel: 'layout channel', layoutThread: 'layout thread' },
} as const;

describe.each([
  { locale: 'de' as Locale, slackLocale: 'de-DE' },
  { locale: 'en' as Locale, slackLocale: 'en-US' },
])('the thread layout ($locale)', ({ locale, slackLocale }) => {
  let h: SlackHarness;
  const words = WORDS[locale];
  const say = (key: string, params?: Record<string, string | number>) =>
    render(locale, { key, ...(params ? { params } : {}) }, 'slack');

  beforeEach(async () => {
    h = await startSlackHarness({ defaultLocale: locale });
    h.fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale });
    h.fake.users.set(BEN.id, { id: BEN.id, name: BEN.username, locale: slackLocale });
  });

  afterEach(async () => {
    await h?.close();
  });

  /** A started channel: its first step's message and the question in its thread. */
  async function started(channel: string): Promise<{ session: ChannelSession; step: string }> {
    const session = h.channel(channel);
    await session.command('start');
    const step = session.topLevel()[0];
    if (!step) throw new Error('no step message');
    return { session, step: step.ts };
  }

  it('takes an answer typed in the step thread, without a mention, and asks the next question there', async () => {
    const { session, step } = await started('C0TYPED');
    expect(session.currentQuestion()?.questionId).toBe('placement');

    await session.type(words.placement, step, BEN);

    const record = await h.record('C0TYPED');
    expect(record?.context.answers.placement?.value).toEqual(['cart', 'checkout']);
    expect(record?.context.answers.placement?.by.name).toBe(BEN.username);
    const next = session.currentQuestion();
    expect(next?.questionId).toBe('processing');
    expect(next?.threadTs).toBe(step);
    expect(session.topLevel()).toHaveLength(1);
    // The step message shows the new position.
    const shown = unescapeMrkdwn(allText(session.topLevel()[0]?.blocks));
    expect(shown).toContain(
      render(locale, { key: 'cli.questionCounterOpen', params: { position: 2 } }, 'slack'),
    );
    expect(h.logger.problems()).toEqual([]);
  });

  it('says nothing to talk in the thread it does not understand, and nothing to the channel without a mention', async () => {
    const { session, step } = await started('C0CHAT');
    const mark = h.fake.mark();

    await session.type(
      locale === 'de' ? 'Weiß jemand, wer das entscheidet?' : 'Does anyone know who decides?',
      step,
    );
    await session.type(words.placement); // in the channel, no mention: people talk there
    await h.sender.event(eventCallback(botMessageEvent('C0CHAT', words.placement, step))); // the bot's own
    await h.sender.event(
      eventCallback(messageEvent(ANNA, 'C0CHAT', `<@${BOT_USER}> ${words.placement}`, step)),
    );
    await h.idle();

    expect(h.fake.since(mark).filter((c) => c.method !== 'users.info')).toEqual([]);
    expect((await h.record('C0CHAT'))?.context.answers).toEqual({});
  });

  it('acknowledges a message in the channel itself without writing anything, not even a delivery claim', async () => {
    await started('C0QUIET');
    const before = (await listAll(h.store, 'delivery:')).length;
    const response = await h.channel('C0QUIET').type(words.placement);
    expect(response.status).toBe(200);
    expect((await listAll(h.store, 'delivery:')).length).toBe(before);
    // A reply in a thread is a delivery like any other: claimed once.
    const { step } = await started('C0QUIET2');
    await h.channel('C0QUIET2').type(words.placement, step);
    expect((await listAll(h.store, 'delivery:')).length).toBeGreaterThan(before);
  });

  it('takes a mention in the thread and answers privately in that thread', async () => {
    const { session, step } = await started('C0MENTION');

    await session.mention('status', ANNA, step);

    const status = session.ephemerals(ANNA).at(-1);
    expect(status?.args.thread_ts).toBe(step);
    expect(unescapeMrkdwn(allText(status?.args.blocks))).toContain(say('slack:statusTitle'));

    await session.mention(words.placement, ANNA, step);
    expect(session.currentQuestion()?.questionId).toBe('processing');
    expect(session.currentQuestion()?.threadTs).toBe(step);
  });

  it('keeps the step message after a restart of the server: the next question goes into the same thread', async () => {
    const store = new MemoryStore();
    await h.close();
    h = await startSlackHarness({ defaultLocale: locale, store });
    h.fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale });
    const { step } = await started('C0RESTARTED');
    const first = h.channel('C0RESTARTED').currentQuestion();
    if (!first) throw new Error('no question');
    await h.close();

    // Another process on the same store, and a fake Slack that still has the messages.
    h = await startSlackHarness({ defaultLocale: locale, store });
    const session = h.channel('C0RESTARTED');
    await session.mention(words.placement, ANNA);

    expect(session.currentQuestion()?.threadTs).toBe(step);
    expect(session.topLevel()).toEqual([]); // no second step message
    expect(h.fake.callsOf('chat.update').filter((u) => u.args.ts === step)).toHaveLength(1);
  });

  it('posts the step message once when two people start at the same moment and Slack retries one of them', async () => {
    const session = h.channel('C0RACE');
    const anna = slashCommandFields('start', ANNA, { channel: 'C0RACE' }, h.fake.responseUrl('a'));
    const ben = slashCommandFields('start', BEN, { channel: 'C0RACE' }, h.fake.responseUrl('b'));
    await Promise.all([
      h.sender.command(anna),
      h.sender.command(ben),
      h.sender.command(anna, { retryNum: 1, retryReason: 'http_timeout' }),
    ]);
    await h.idle();

    const steps = session.topLevel();
    expect(steps).toHaveLength(1);
    expect(h.fake.callsOf('chat.postMessage').filter(isStepMessage)).toHaveLength(1);
    const questions = session.posted().filter((m) => m.askedQuestionId === 'placement');
    expect(questions.length).toBeGreaterThanOrEqual(1);
    for (const question of questions) expect(question.threadTs).toBe(steps[0]?.ts);
  });

  it(`switches to the flat layout with /paysetup ${words.layoutChannel} and back with ${words.layoutThread}`, async () => {
    const { session, step } = await started('C0SWITCH');

    await session.command(words.layoutChannel, BEN);

    const notice = session.topLevel().at(-1);
    expect(notice?.text).toContain(say('slack:layout.set.channel', { by: BEN.username }).slice(0, 30));
    await session.mention(words.placement);
    expect(session.currentQuestion()?.questionId).toBe('processing');
    expect(session.currentQuestion()?.threadTs).toBeUndefined();

    await session.command(words.layoutChannel);
    expect(unescapeMrkdwn(allText(session.ephemerals(ANNA).at(-1)?.args.blocks))).toBe(
      say('slack:layout.already.channel'),
    );

    await session.command(words.layoutThread);
    await session.command('start');
    expect(session.currentQuestion()?.questionId).toBe('processing');
    expect(session.currentQuestion()?.threadTs).toBe(step);
  });

  it('explains the layout command when the layout is not one it knows', async () => {
    const session = h.channel('C0USAGE');
    await session.command('layout bunt');
    expect(unescapeMrkdwn(allText(session.ephemerals(ANNA).at(-1)?.args.blocks))).toBe(
      say('slack:layout.usage'),
    );
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('keeps the flat layout working for a team that chose it: every question in the channel', async () => {
    const session = h.channel('C0FLAT');
    await session.useLayout('channel');
    await session.command('start');

    const run = await driveOnboarding(session, { pick: NOTHING_OPEN, maxTurns: 12 });

    expect(run.visits.length).toBe(12);
    expect(session.posted().every((m) => m.threadTs === undefined)).toBe(true);
    expect(h.fake.calls.filter(isStepMessage)).toEqual([]);
    const questions = session.topLevel().filter((m) => m.askedQuestionId !== null);
    // The questions answered, and the one asked after them.
    expect(questions.map((m) => m.askedQuestionId).slice(0, -1)).toEqual(run.visits.map((v) => v.questionId));
  });
});
