import { performance } from 'node:perf_hooks';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { text } from '../../../src/core/i18n';
import { parseRecord, type TeamRecord } from '../../../src/core/record';
import { RedisStore } from '../../../src/store/RedisStore';
import { actionIds, allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import { type PostedMessage, type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { BEN, type SlackUser, slashCommandFields } from '../../helpers/slack/payloads';
import { seedChannel } from '../../helpers/slack/seed';
import { RedisServer, storeUrl, uniquePrefix } from '../../store/redis-helpers';

/**
 * The running server on Redis when Redis goes away mid-conversation: a redis-server of the test's own (persisting
 * every write, as a store must) is killed after an answer was recorded. Acks stay 200 and prompt (they come before the
 * store is asked anything), the delivery claims and the engine's write fail at once instead of waiting (no offline
 * queue), everyone hears "please try again" in their language, nothing is shown as saved, `/healthz` says 503. Then
 * redis-server comes back on the same port, and the same process carries on by itself: /healthz 200, the next click
 * recorded.
 */

let redis: RedisServer;
let store: RedisStore;
let h: SlackHarness;

afterEach(async () => {
  await h?.close();
  await store?.close();
  await redis?.stop();
});

const CHANNEL = 'C0REDIS';
const TEAM = teamKeyFromSlack('T1', CHANNEL);
const CLICKER: SlackUser = { id: 'U0CLICKER', username: 'clicker' };
/** Slack's budget for an acknowledgement. */
const ACK_BUDGET_MS = 3000;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Waits until `check` holds; how long that took. */
async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - start;
}

/** The first button that answers a question (a choice, yes, a tick, passed). */
function answerButton(question: PostedMessage): string {
  const id = actionIds(question.blocks).find((a) => /^ps:(choose|yes|tick|passed):/.test(a));
  if (!id) throw new Error(`no answer button on ${question.questionId}`);
  return id;
}

async function storedRecord(): Promise<TeamRecord | null> {
  const stored = await store.get(teamRecordKey(TEAM));
  const parsed = parseRecord(stored?.value ?? '');
  return parsed.kind === 'ok' ? parsed.record : null;
}

const ephemeralTexts = (user: SlackUser) =>
  h
    .channel(CHANNEL)
    .ephemerals(user)
    .map((call) => unescapeMrkdwn(allText(call.args.blocks)));

async function healthz(): Promise<{ status: number; body: { store?: string; reason?: string } }> {
  const response = await fetch(`${h.base}/healthz`);
  return { status: response.status, body: (await response.json()) as { store?: string; reason?: string } };
}

/**
 * The server on a redis-server of its own, the channel one answer into a conversation on it: the first question
 * answered by Anna through Slack, the next one (`pending_authorization`) asked.
 */
async function conversation(locale: Locale): Promise<PostedMessage> {
  redis = await RedisServer.start({ persist: true });
  store = await RedisStore.open(storeUrl(redis.url, uniquePrefix('outage')));
  h = await startSlackHarness({ store, defaultLocale: locale });
  h.fake.defaultLocale = locale === 'de' ? 'de-DE' : 'en-US';
  await seedChannel(store, CHANNEL, 'processing', { locale });
  const session = h.channel(CHANNEL);
  await session.command('start');
  const processing = session.currentQuestion();
  if (processing?.questionId !== 'processing') throw new Error('expected the processing question');
  await session.click(processing, answerButton(processing));
  expect((await storedRecord())?.context.answers.processing?.by.id).toBe('U0ANNA');
  const next = session.currentQuestion();
  if (next?.questionId !== 'pending_authorization') throw new Error('expected the next question');
  expect(await healthz()).toMatchObject({ status: 200 });
  return next;
}

/**
 * While Redis is away, one person clicks the next question's answer and another asks for the status, both at once:
 * both acks are prompt, both hear "please try again" in their language within Slack's budget, nothing is shown as
 * saved, and /healthz says 503 (with `reason` matching).
 */
async function outage(locale: Locale, next: PostedMessage, reason: RegExp): Promise<void> {
  const session = h.channel(CHANNEL);
  const mark = h.fake.mark();
  const started = performance.now();
  const [click, command] = await Promise.all([
    timed(() => h.sender.interact(session.clickPayload(next, answerButton(next), CLICKER))),
    timed(() =>
      h.sender.command(
        slashCommandFields('status', BEN, { channel: CHANNEL }, h.fake.responseUrl(`cmd-${CHANNEL}`)),
      ),
    ),
  ]);
  expect([click.value.status, command.value.status]).toEqual([200, 200]);
  expect(click.ms).toBeLessThan(500);
  expect(command.ms).toBeLessThan(500);
  const storeDown = text(locale, 'slack:storeDown');
  await until(
    () => ephemeralTexts(CLICKER).includes(storeDown) && ephemeralTexts(BEN).includes(storeDown),
    ACK_BUDGET_MS,
    'the "please try again" messages',
  );
  expect(performance.now() - started).toBeLessThan(ACK_BUDGET_MS);
  await h.idle();
  // Nothing was shown as saved: no update of the question, no new question.
  expect(h.fake.since(mark, 'chat.update')).toEqual([]);
  expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
  const down = await timed(() => healthz());
  expect(down.value).toMatchObject({ status: 503, body: { store: 'STORE_UNAVAILABLE' } });
  expect(down.value.body.reason).toMatch(reason);
  expect(down.ms).toBeLessThan(1000);
}

/** Redis is back: /healthz 200 without a restart, and the next click is recorded and moves the team on. */
async function recovered(next: PostedMessage): Promise<void> {
  const session = h.channel(CHANNEL);
  await until(async () => (await healthz()).status === 200, 6000, '/healthz 200 after the outage');
  await session.click(next, answerButton(next), CLICKER);
  expect((await storedRecord())?.context.answers.pending_authorization?.by.id).toBe(CLICKER.id);
  expect(session.currentQuestion()?.questionId).not.toBe('pending_authorization');
}

describe.each(['de', 'en'] as const)('in %s', (locale: Locale) => {
  it('redis-server killed mid-conversation: prompt acks, "please try again", /healthz 503; restarted, the same process carries on', async () => {
    const next = await conversation(locale);
    const before = await store.get(teamRecordKey(TEAM));
    await redis.kill();
    // Nothing waits for a Redis that is not there: every store call fails at once (no offline queue).
    await outage(locale, next, /not connected/);
    // Back on the same port with its data: the process reconnects by itself. The refused click left no trace.
    await redis.start();
    await until(async () => (await healthz()).status === 200, 6000, '/healthz 200 after the restart');
    expect(await store.get(teamRecordKey(TEAM))).toEqual(before);
    await recovered(next);
  });

  it('redis-server frozen mid-conversation: each store call gives up after its timeout, so "please try again" still comes in time; thawed, it carries on', async () => {
    const next = await conversation(locale);
    redis.freeze();
    try {
      await outage(locale, next, /did not answer/);
    } finally {
      redis.thaw();
    }
    await recovered(next);
  });
});
