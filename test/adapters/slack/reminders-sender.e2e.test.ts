import type { SlackNudgeSender } from '../../../src/adapters/slack/reminders/SlackNudgeSender';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Nudge } from '../../../src/core/reminders/nudge';
import { SWEEP_ACTOR, SWEEP_CHANNEL } from '../../../src/reminders/sweep';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { nudgePosts, remindersOf, sweepWith } from '../../helpers/slack/reminders';
import { seedChannel } from '../../helpers/slack/seed';

/**
 * The Slack NudgeSender against the fake Web API: a 429 waited out for this team only, channels the bot cannot post
 * to switching that team's reminders off, and `wasSent` finding a nudge by its metadata after a sweep died.
 */

/** Monday 1 March 2027, 10:00 in Berlin; the teams start then and do nothing. */
const MONDAY = new Date('2027-03-01T09:00:00Z');
/** Friday, 10:00 in Berlin: every team seeded on Monday is due. */
const FRIDAY = new Date('2027-03-05T09:00:00Z');

let h: SlackHarness;
let now: Date;

beforeEach(async () => {
  now = FRIDAY;
  h = await startSlackHarness({ now: () => now });
});

afterEach(async () => {
  await h?.close();
});

async function seedStalled(...channels: string[]): Promise<string[]> {
  for (const channel of channels) await seedChannel(h.store, channel, 'processing', { now: () => MONDAY });
  return channels.map((channel) => teamKeyFromSlack('T1', channel));
}

function nudgeOf(team: string, nudgeId = 'n1'): Nudge {
  return {
    team,
    nudgeId,
    locale: 'de',
    step: 1,
    stepId: 'setup',
    questionId: 'processing',
    owner: null,
    reason: 'stalled',
    number: 1,
    idleDays: 4,
    target: null,
    daysToTarget: null,
    openItems: 0,
  };
}

/** Whether `check` comes true within a bounded number of looks (a few ms apart): an order, not a time, is asserted. */
async function eventually(check: () => Promise<boolean>, looks = 300): Promise<boolean> {
  for (let i = 0; i < looks; i += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

describe('rate limits', () => {
  it("waits out a 429's Retry-After for that team only, sends its nudge once, and the other team's goes on meanwhile", async () => {
    const [slow, fast] = await seedStalled('C0SLOW', 'C0FAST');
    h.fake.failNext(
      'chat.postMessage',
      { kind: 'rate-limited', retryAfterSeconds: 1 },
      { channel: 'C0SLOW' },
    );
    const waits: number[] = [];
    const held = gate();
    // The wait for Retry-After holds until the test lets it go: whatever else the sweep does meanwhile, it did
    // while this team waited.
    const reminders = remindersOf(h, {
      sleep: async (ms) => {
        waits.push(ms);
        await held.wait;
      },
    });

    const running = sweepWith(h, reminders, now);
    await h.fake.waitFor(() => waits.length === 1, 'the wait for Retry-After');

    // While that team waits (its wait is held), the other team's nudge is posted and recorded as sent ...
    expect(waits).toEqual([1000]);
    await h.fake.waitFor(() => nudgePosts(h, 'C0FAST').length === 1, 'the other team’s nudge');
    expect(await eventually(async () => (await h.engine.status(fast as string))?.reminders.sent === 1)).toBe(
      true,
    );
    // ... and a post issued only now, after the 429, goes through too (the client's queue is not paused).
    const third = teamKeyFromSlack('T1', 'C0THIRD');
    expect(await reminders.senderFor(third)?.send(nudgeOf(third))).toEqual({ kind: 'sent' });
    expect(nudgePosts(h, 'C0SLOW')).toHaveLength(0);
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0SLOW')).toHaveLength(1);
    held.open();
    const report = await running;

    expect(Object.fromEntries(report.entries.map((e) => [e.team, e.outcome]))).toEqual({
      [slow as string]: 'sent',
      [fast as string]: 'sent',
    });
    const posts = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0SLOW');
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(nudgePosts(h, 'C0SLOW')).toHaveLength(1);
    expect(h.logger.problems(/rate-limited; waiting 1000 ms/)).toHaveLength(1);
    expect((await h.engine.status(slow as string))?.reminders.sent).toBe(1);
  });

  it('a Retry-After past the bound fails the nudge at once; a sweep after the claim ran out sends it, once', async () => {
    const [team] = await seedStalled('C0LONG');
    h.fake.failNext(
      'chat.postMessage',
      { kind: 'rate-limited', retryAfterSeconds: 120 },
      { channel: 'C0LONG' },
    );
    const reminders = remindersOf(h);

    const first = await sweepWith(h, reminders, now);

    expect(first.entries.map((e) => e.outcome)).toEqual(['failed']);
    expect(first.entries[0]?.error).toMatch(/^ratelimited: .*Retry-After 120 s/);
    expect(h.sleeps).toEqual([]); // not waited: two minutes would hold the sweep up
    expect(nudgePosts(h, 'C0LONG')).toHaveLength(0);
    // Within the claim's lease, another sweep leaves it alone.
    now = new Date(FRIDAY.getTime() + 60_000);
    expect((await sweepWith(h, reminders, now)).entries.map((e) => e.outcome)).toEqual(['busy']);
    // After it, the channel is asked (the nudge is not there) and the nudge sent.
    now = new Date(FRIDAY.getTime() + 6 * 60_000);
    const later = await sweepWith(h, reminders, now);
    expect(later.entries.map((e) => e.outcome)).toEqual(['sent']);
    expect(h.fake.callsOf('conversations.history')).toHaveLength(1);
    expect(nudgePosts(h, 'C0LONG')).toHaveLength(1);
    expect((await h.engine.status(team as string))?.reminders.sent).toBe(1);
  });

  it('the reminders client never retries by itself: an HTTP 500 on the post is one call, and the nudge is left', async () => {
    await seedStalled('C0FLAKY');
    h.fake.failNext('chat.postMessage', { kind: 'http', status: 500 }, { channel: 'C0FLAKY' });
    const report = await sweepWith(h, remindersOf(h), now);
    expect(report.entries.map((e) => [e.outcome, e.error])).toEqual([
      ['failed', 'http_500: chat.postMessage: HTTP 500'],
    ]);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });
});

describe('channels the bot cannot post to', () => {
  it.each(['not_in_channel', 'channel_not_found', 'is_archived', 'channel_is_archived'])(
    '%s switches that team’s reminders off with a log line; the others are nudged',
    async (error) => {
      const [gone, fine] = await seedStalled('C0GONE', 'C0FINE');
      h.fake.failAlways('chat.postMessage', { kind: 'error', error }, { channel: 'C0GONE' });
      const reminders = remindersOf(h);

      const report = await sweepWith(h, reminders, now);

      expect(Object.fromEntries(report.entries.map((e) => [e.team, [e.outcome, e.error]]))).toEqual({
        [gone as string]: ['gone', error],
        [fine as string]: ['sent', undefined],
      });
      const status = await h.engine.status(gone as string);
      expect(status?.reminders.off).toBe('channelGone');
      expect(status?.reminders.none).toBe('off');
      expect(h.logger.problems(new RegExp(`${gone}: reminders switched off.*\\(${error}\\)`))).toHaveLength(
        1,
      );
      // Not tried again, however many sweeps follow.
      now = new Date('2027-03-15T09:00:00Z');
      await sweepWith(h, reminders, now);
      expect(h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0GONE')).toHaveLength(1);
    },
  );

  it('any other error leaves the nudge for a later sweep, reminders on', async () => {
    const [team] = await seedStalled('C0OTHER');
    h.fake.failNext('chat.postMessage', { kind: 'error', error: 'internal_error' }, { channel: 'C0OTHER' });
    const report = await sweepWith(h, remindersOf(h), now);
    expect(report.entries.map((e) => e.outcome)).toEqual(['failed']);
    const status = await h.engine.status(team as string);
    expect(status?.reminders.off).toBeNull();
    expect(status?.reminders.nextNudgeAt).not.toBeNull();
  });
});

describe('wasSent', () => {
  const nudgeFor = nudgeOf;

  it("finds a posted nudge by its metadata, not another team's, not one before `since`", async () => {
    const reminders = remindersOf(h);
    const team = teamKeyFromSlack('T1', 'C0SENT');
    const sender = reminders.senderFor(team);
    if (!sender) throw new Error('no sender for a Slack team');
    const since = new Date(now.getTime() - 60_000);

    expect(await sender.send(nudgeFor(team))).toEqual({ kind: 'sent' });

    expect(await sender.wasSent(nudgeFor(team), since)).toBe(true);
    expect(await sender.wasSent(nudgeFor(team, 'n2'), since)).toBe(false);
    // The same channel seen from another workspace (Slack Connect) is another team.
    expect(await sender.wasSent(nudgeFor(teamKeyFromSlack('T2', 'C0SENT')), since)).toBe(false);
    expect(await sender.wasSent(nudgeFor(teamKeyFromSlack('T1', 'C0ELSE')), since)).toBe(false);
    expect(await sender.wasSent(nudgeFor(team), new Date(now.getTime() + 60_000))).toBe(false);
    const history = h.fake.callsOf('conversations.history')[0];
    expect(history?.args).toMatchObject({ channel: 'C0SENT', include_all_metadata: 'true' });
    expect(reminders.senderFor('alexa:amzn1.ask.account.X')).toBeNull();
    expect(reminders.senderFor('cli:team')).toBeNull();
  });

  it('pages through the history (a bounded number of pages), and says unknown when it cannot read it', async () => {
    h.fake.historyPageSize = 2;
    const reminders = remindersOf(h);
    const team = teamKeyFromSlack('T1', 'C0BUSY');
    const sender = reminders.senderFor(team) as SlackNudgeSender;
    const since = new Date(now.getTime() - 60_000);
    await sender.send(nudgeFor(team));
    // Five other messages after it: the nudge is on the third page, newest first.
    for (let i = 0; i < 5; i += 1) await sender.send(nudgeFor(teamKeyFromSlack('T9', 'C0BUSY'), `n${i + 5}`));

    expect(await sender.wasSent(nudgeFor(team), since)).toBe(true);
    expect(h.fake.callsOf('conversations.history').map((c) => c.args.cursor ?? '')).toEqual(['', '2', '4']);

    h.fake.failNext('conversations.history', { kind: 'error', error: 'internal_error' });
    expect(await sender.wasSent(nudgeFor(team), since)).toBe('unknown');
    h.fake.failNext('conversations.history', { kind: 'error', error: 'channel_not_found' });
    expect(await sender.wasSent(nudgeFor(team), since)).toBe(false);
    // Beyond the pages it reads: it cannot tell.
    h.fake.historyPageSize = 1;
    for (let i = 0; i < 6; i += 1)
      await sender.send(nudgeFor(teamKeyFromSlack('T9', 'C0BUSY'), `n${i + 20}`));
    expect(await sender.wasSent(nudgeFor(team), since)).toBe('unknown');
  });

  it('a sweep that died after posting: the next one finds the nudge in the channel and does not post it again', async () => {
    const [team] = await seedStalled('C0CRASH');
    const reminders = remindersOf(h);
    // What the dead sweep did: claimed n1 and posted it, but never recorded it as sent.
    const claim = await h.engine.handle(
      team as string,
      { type: 'NUDGE_CLAIM', nudgeId: 'n1', leaseMs: h.engine.reminders.leaseMs },
      { actor: SWEEP_ACTOR, channel: SWEEP_CHANNEL },
    );
    expect(claim.outcome).toEqual({ kind: 'nudge', ok: true });
    await reminders.senderFor(team as string)?.send(nudgeFor(team as string));
    expect(nudgePosts(h, 'C0CRASH')).toHaveLength(1);

    now = new Date(FRIDAY.getTime() + 10 * 60_000);
    const report = await sweepWith(h, reminders, now);

    expect(report.entries.map((e) => e.outcome)).toEqual(['recovered']);
    expect(nudgePosts(h, 'C0CRASH')).toHaveLength(1);
    expect((await h.engine.status(team as string))?.reminders.sent).toBe(1);
  });
});
