import { LogLevel } from '@slack/bolt';
import { text } from '../../../src/core/i18n';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { allText } from '../../helpers/slack/blocks';
import { isStepMessage, type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { ANNA, BEN, slashCommandFields } from '../../helpers/slack/payloads';
import { seedInto } from '../../helpers/slack/seed';

/** When Slack's Web API or the store fails: rate limits waited out, channel problems dropped, a store outage survived. */

let h: SlackHarness;

afterEach(async () => {
  await h?.close();
});

describe('a 429 on chat.postMessage', () => {
  it('is waited out with Retry-After (sleep 1000 ms), then posted on the retry, and never holds up an ack', async () => {
    const waits: { ms: number; release: () => void }[] = [];
    h = await startSlackHarness({
      // A sleep the test releases: while it waits, the app must still acknowledge other requests.
      sleep: (ms) => new Promise<void>((resolve) => waits.push({ ms, release: resolve })),
    });
    const session = h.channel('C0RATE');
    h.fake.failNext('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 1 });

    const first = await h.sender.command(
      slashCommandFields('start', ANNA, { channel: 'C0RATE' }, h.fake.responseUrl('c')),
    );
    expect(first.status).toBe(200);
    await h.fake.waitFor(() => waits.length > 0, 'the app to wait out Retry-After');

    expect(waits.map((w) => w.ms)).toEqual([1000]);
    expect(h.fake.callsOf('chat.postMessage').map((c) => c.status)).toEqual([429]);
    // While the app waits, another request is acknowledged and answered.
    const other = await h.sender.command(
      slashCommandFields('hilfe', BEN, { channel: 'C0OTHER' }, h.fake.responseUrl('o')),
    );
    expect(other.status).toBe(200);
    await h.fake.waitFor(
      () => h.fake.callsOf('chat.postEphemeral').some((c) => c.args.user === BEN.id),
      'help for Ben',
    );
    expect(waits).toHaveLength(1); // still waiting

    waits[0]?.release();
    await h.idle();

    const posts = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0RATE');
    // The first message once refused and then posted, the rest (at least the question) posted at once.
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(posts.map((c) => c.status)).toEqual([429, ...posts.slice(1).map(() => 200)]);
    expect(posts[1]?.args.text).toBe(posts[0]?.args.text); // the same message (the first step's), retried
    expect(posts[1] && isStepMessage(posts[1])).toBe(true);
    expect(posts[2]?.args.text).toBe(text('de', 'notice.start.started'));
    expect(posts[2]?.args.thread_ts).toBe(posts[1]?.response.ts);
    expect(session.currentQuestion()?.questionId).toBe('placement');
    expect(h.logger.matching(/chat\.postMessage rate-limited; waiting 1000 ms/)).toHaveLength(1);
  });

  it('gives up after three waits with an error line, and the turn still ends', async () => {
    h = await startSlackHarness();
    h.fake.failAlways('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 2 });

    await h.channel('C0STORM').command('start');

    // Every message of the turn (the welcome, the question, …) tried 1 + 3 times: bounded, no storm.
    const calls = h.fake.callsOf('chat.postMessage');
    const messages = [...new Set(calls.map((c) => String(c.args.text)))];
    expect(messages.length).toBeGreaterThanOrEqual(2);
    // The first step's message could not be posted: the welcome and the question went to the channel instead.
    expect(calls[0] && isStepMessage(calls[0])).toBe(true);
    expect(messages).toContain(text('de', 'notice.start.started'));
    for (const message of messages) expect(calls.filter((c) => c.args.text === message)).toHaveLength(4);
    expect(calls).toHaveLength(messages.length * 4);
    expect(h.sleeps).toEqual(Array(messages.length * 3).fill(2000));
    expect(h.logger.problems(/chat\.postMessage failed \(slack_webapi_rate_limited_error\)/)).toHaveLength(
      messages.length,
    );
  });
});

describe.each(['not_in_channel', 'channel_not_found', 'is_archived'])(
  'chat.postMessage failing with %s',
  (error) => {
    it('is tried once per message, logged with a clear line, and never retried', async () => {
      h = await startSlackHarness();
      await seedInto(h.store, 'C0GONE', 'processing');
      h.fake.failAlways('chat.postMessage', { kind: 'error', error });

      await h.channel('C0GONE').command('bericht'); // one message: the plan

      expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
      expect(h.sleeps).toEqual([]);
      const lines = h.logger.problems(new RegExp(error));
      expect(lines).toHaveLength(1);
      expect(lines[0]?.level).toBe(LogLevel.WARN);
      expect(lines[0]?.text).toMatch(/chat\.postMessage to channel C0GONE failed with .*not retrying/);
    });

    // Pinned on a src weakness (see report): SlackCalls drops the failed call, but SlackDialog.show() goes on posting
    // the turn's other messages into the same unreachable channel: `/paysetup start` makes three calls and three lines.
    it('stops the turn after the first refusal: exactly one call and one line for /paysetup start', async () => {
      h = await startSlackHarness();
      h.fake.failAlways('chat.postMessage', { kind: 'error', error });

      await h.channel('C0GONE').command('start');

      expect(h.fake.callsOf('chat.postMessage').map((c) => `${c.args.text}`.slice(0, 40))).toHaveLength(1);
      expect(h.logger.problems(new RegExp(error))).toHaveLength(1);
      expect(h.sleeps).toEqual([]);
    });
  },
);

describe('the store down', () => {
  async function downAfterFirstAnswer() {
    const store = new MemoryStore();
    h = await startSlackHarness({ store });
    const session = h.channel('C0DOWN');
    await session.command('start');
    const placement = session.currentQuestion();
    if (!placement) throw new Error('no question');
    await session.submitChoices(placement, 'placement', ['cart', 'checkout']);
    const processing = session.currentQuestion();
    if (processing?.questionId !== 'processing') throw new Error('expected processing');
    const before = await h.record('C0DOWN');
    store.setDown(true);
    return { store, session, processing, before };
  }

  it('tells the clicker, privately and in German, to try again; nothing answered before is lost', async () => {
    const { store, session, processing, before } = await downAfterFirstAnswer();
    const mark = h.fake.mark();

    await session.click(processing, 'ps:choose:processing:capture_at_order', ANNA);

    const told = h.fake.since(mark, 'chat.postEphemeral');
    expect(told.map((c) => c.args.user)).toEqual([ANNA.id]);
    expect(allText(told[0]?.args.blocks)).toBe(text('de', 'slack:storeDown'));
    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    expect(h.logger.problems(/STORE_UNAVAILABLE/)).toHaveLength(1);

    store.setDown(false);
    const after = await h.record('C0DOWN');
    expect(after).toEqual(before);
    expect(after?.context.answers.placement?.value).toEqual(['cart', 'checkout']);
  });

  it.each(['status', 'start', 'bericht', 'link', 'hilfe'])(
    'answers /paysetup %s with the storeDown notice',
    async (line) => {
      const { store, session, before } = await downAfterFirstAnswer();
      const mark = h.fake.mark();

      const response = await session.command(line);

      expect(response.status).toBe(200);
      const told = h.fake.since(mark, 'chat.postEphemeral');
      expect(told.map((c) => [c.args.user, allText(c.args.blocks)])).toEqual([
        [ANNA.id, text('de', 'slack:storeDown')],
      ]);
      expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
      store.setDown(false);
      expect(await h.record('C0DOWN')).toEqual(before);
    },
  );

  // Pinned on a src weakness (see report): with the team's record out of reach, SlackDialog.failed() and runCommand()
  // fall back to the server's default language; the user's own Slack locale (users.info, which the adapter already
  // asks for new teams) would tell an English-speaking team in English.
  it("tells an English-speaking team in English, from the user's Slack locale", async () => {
    const store = new MemoryStore();
    h = await startSlackHarness({ store, defaultLocale: 'de' });
    h.fake.users.set(ANNA.id, { id: ANNA.id, locale: 'en-US' });
    const session = h.channel('C0DOWNEN');
    await session.command('start');
    const placement = session.currentQuestion();
    if (!placement) throw new Error('no question');
    store.setDown(true);
    const mark = h.fake.mark();

    await session.submitChoices(placement, 'placement', ['cart']);
    await session.command('status');

    const told = h.fake.since(mark, 'chat.postEphemeral').map((c) => allText(c.args.blocks));
    expect(told).toEqual([text('en', 'slack:storeDown'), text('en', 'slack:storeDown')]);
  });

  it('lets the channel go on where it was once the store is back', async () => {
    const { store, session, processing } = await downAfterFirstAnswer();
    await session.click(processing, 'ps:choose:processing:capture_at_order', ANNA);
    store.setDown(false);

    await session.click(processing, 'ps:choose:processing:capture_at_order', ANNA);

    expect(session.currentQuestion()?.questionId).toBe('pending_authorization');
    expect((await h.record('C0DOWN'))?.context.answers.processing?.value).toBe('capture_at_order');
  });
});
