import { WebClient } from '@slack/web-api';
import { createSlackReminders, type SlackReminders } from '../../src/adapters/slack/reminders';
import { teamKeyFromSlack } from '../../src/adapters/slack/team-key';
import type { Locale } from '../../src/core/context';
import { DialogEngine } from '../../src/core/engine';
import type { DialogInput } from '../../src/core/events';
import { formatDate, render, renderParam, text } from '../../src/core/i18n';
import { promptParam } from '../../src/core/wording';
import { QuestionLog } from '../../src/questions/QuestionLog';
import { claimDigest, DIGEST_LEASE_MS, digestDay, digestKey } from '../../src/reminders/digest';
import { MemoryStore } from '../../src/store/MemoryStore';
import { CaptureLogger } from '../helpers/slack/capture-logger';
import { FakeSlackApi, type RecordedCall } from '../helpers/slack/fake-slack-api';
import { seedChannel } from '../helpers/slack/seed';

/**
 * The experts' digest: on a working-day morning, once a day however many processes run it, the teams stalled longest
 * first, one line each (channel link, step and question, open items, days to target); nothing on weekends, holidays,
 * before 9:00, without DIGEST_CHANNEL, or when no team is stalled.
 */

const EXPERTS = 'C0EXPERTS';
/** Tuesday 9 March 2027, 9:30 in Berlin. */
const TUESDAY = new Date('2027-03-09T08:30:00Z');

let fake: FakeSlackApi;
let store: MemoryStore;
let now: Date;

beforeEach(async () => {
  fake = await new FakeSlackApi().start();
  store = new MemoryStore();
  now = TUESDAY;
});

afterEach(async () => {
  await fake.stop();
});

function deployment(options: { locale?: Locale; channel?: string | null } = {}) {
  const engine = new DialogEngine({ store, defaultLocale: options.locale ?? 'de', now: () => now });
  const logger = new CaptureLogger();
  const reminders: SlackReminders = createSlackReminders({
    client: new WebClient('xoxb-test', { slackApiUrl: fake.url }),
    engine,
    store,
    logger,
    defaultLocale: options.locale ?? 'de',
    ...(options.channel === null ? {} : { digestChannel: options.channel ?? EXPERTS }),
    sleep: async () => {},
  });
  return { engine, logger, reminders };
}

/** A channel that started (and stopped) at `at`, standing at `until`; then `inputs` at that time too. */
async function team(
  channel: string,
  at: string,
  until: string,
  inputs: DialogInput[] = [],
  locale: Locale = 'de',
): Promise<string> {
  const clock = () => new Date(at);
  await seedChannel(store, channel, until, { now: clock, locale });
  const key = teamKeyFromSlack('T1', channel);
  const engine = new DialogEngine({ store, now: clock });
  for (const input of inputs)
    await engine.handle(key, input, { actor: { id: 'U0ANNA', name: 'anna' }, channel: 'slack' });
  return key;
}

const digestPosts = () =>
  fake
    .callsOf('chat.postMessage')
    .filter(
      (c) =>
        c.response.ok === true &&
        (c.args.metadata as { event_type?: string } | undefined)?.event_type === 'paysetup_digest',
    );

function linesOf(call: RecordedCall | undefined): string[] {
  return ((call?.args.blocks as { type: string; text?: { text: string } }[] | undefined) ?? [])
    .filter((b) => b.type === 'section')
    .flatMap((b) => (b.text?.text ?? '').split('\n'))
    .filter((line) => line.startsWith('• '));
}

describe.each(['de', 'en'] as const)('the digest (%s deployment)', (locale) => {
  it('lists the stalled teams, longest idle first, with step, question, open items and days to target', async () => {
    // Three weeks idle at the second question, with a target; a week idle in step 2; started yesterday; done.
    await team('C0OLD', '2027-02-15T10:00:00Z', 'processing', [{ type: 'SET_TARGET', date: '2027-04-30' }]);
    await team('C0MID', '2027-03-01T10:00:00Z', 'sandbox_key', [], 'en');
    await team('C0NEW', '2027-03-08T10:00:00Z', 'processing');
    await team('C0DONE', '2027-02-01T10:00:00Z', 'done');
    const { reminders } = deployment({ locale });

    const result = await reminders.digest(now);

    expect(result).toEqual({ kind: 'posted', date: '2027-03-09', stalled: 2, listed: 2 });
    const posts = digestPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe(EXPERTS);
    expect(posts[0]?.args.metadata).toEqual({
      event_type: 'paysetup_digest',
      event_payload: { date: '2027-03-09' },
    });
    const [old, mid, ...rest] = linesOf(posts[0]);
    expect(rest).toEqual([]);
    // The channel as a link (kept unescaped), the step and the question, in the deployment's language.
    expect(old?.startsWith('• <#C0OLD> – ')).toBe(true);
    expect(old).toContain(
      text(locale, 'slack:digest.step', {
        step: 1,
        title: render(locale, { key: 'flow:steps.setup.title' }),
      }),
    );
    expect(old).toContain(renderParam(locale, promptParam('processing'), 'slack'));
    expect(old).toContain(text(locale, 'status.items', { count: 0 }));
    expect(old).toContain(
      text(locale, 'slack:digest.target', { count: 52, date: formatDate(locale, '2027-04-30') }),
    );
    expect(old).toContain(text(locale, 'slack:digest.idle', { count: 16 }));
    expect(mid?.startsWith('• <#C0MID> – ')).toBe(true);
    expect(mid).toContain(
      text(locale, 'slack:digest.step', {
        step: 2,
        title: render(locale, { key: 'flow:steps.register.title' }),
      }),
    );
    expect(mid).toContain(text(locale, 'slack:digest.noTarget'));
    expect(mid).toContain(text(locale, 'slack:digest.idle', { count: 6 }));
    const heading = String(((posts[0]?.args.blocks ?? []) as { text?: { text: string } }[])[0]?.text?.text);
    expect(heading).toContain(text(locale, 'slack:digest.intro', { count: 2 }));
    if (locale === 'de') expect(heading).toContain('Teams ohne Fortschritt – 9. März 2027');
    else expect(heading).toContain('Stalled teams – 9 March 2027');
  });

  it("lists the week's unanswered questions, newest first, escaped, and leaves older ones out", async () => {
    await team('C0OLD', '2027-02-15T10:00:00Z', 'processing');
    const log = new QuestionLog(store);
    const asked = (days: number, textOf: string, channel = 'C0ASKS') =>
      log.record({
        team: teamKeyFromSlack('T1', channel),
        via: 'slack',
        locale: 'de',
        text: textOf,
        at: new Date(now.getTime() - days * 86_400_000).toISOString(),
        reason: 'unsure',
        closest: [],
      });
    await asked(10, 'zu alt für diese Woche');
    await asked(3, 'wie hoch sind die Gebühren <!channel>?');
    await asked(1, 'gibt es einen Shopware-Plugin?', 'C0OTHER');
    const { reminders } = deployment({ locale });

    expect(await reminders.digest(now)).toMatchObject({ kind: 'posted' });
    const blocks = (digestPosts()[0]?.args.blocks ?? []) as { text?: { text: string } }[];
    const all = blocks.map((b) => b.text?.text ?? '').join('\n');
    expect(all).toContain(text(locale, 'slack:digest.questions', { count: 2 }));
    const lines = linesOf(digestPosts()[0]).filter((line) => !line.startsWith('• <#C0OLD>'));
    expect(lines).toHaveLength(2);
    expect(lines[0]?.startsWith('• <#C0OTHER> – ')).toBe(true);
    expect(lines[1]).toContain('&lt;!channel&gt;');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('zu alt');
  });

  it('is posted for unanswered questions alone, when no team is stalled', async () => {
    await new QuestionLog(store).record({
      team: teamKeyFromSlack('T1', 'C0ASKS'),
      via: 'alexa',
      locale: 'en',
      text: 'what does Amazon charge',
      at: new Date(now.getTime() - 86_400_000).toISOString(),
      reason: 'outOfScope',
      closest: [],
    });
    const { reminders } = deployment({ locale });
    expect(await reminders.digest(now)).toMatchObject({ kind: 'posted', stalled: 0 });
    expect(linesOf(digestPosts()[0])).toHaveLength(1);
  });

  it('is posted once a day, even when two processes run it at the same moment', async () => {
    await team('C0OLD', '2027-02-15T10:00:00Z', 'processing');
    const first = deployment({ locale });
    const second = deployment({ locale });

    const results = await Promise.all([first.reminders.digest(now), second.reminders.digest(now)]);

    expect(results.map((r) => r.kind).sort()).toEqual(['posted', 'skipped']);
    expect(results).toContainEqual({ kind: 'skipped', reason: 'taken' });
    expect(digestPosts()).toHaveLength(1);
    // Later the same day: nothing; the next working day: the next digest.
    now = new Date('2027-03-09T15:00:00Z');
    expect(await first.reminders.digest(now)).toEqual({ kind: 'skipped', reason: 'taken' });
    now = new Date('2027-03-10T08:05:00Z');
    expect((await second.reminders.digest(now)).kind).toBe('posted');
    expect(digestPosts()).toHaveLength(2);
  });

  it.each([
    ['on a Saturday', '2027-03-13T10:00:00Z', { kind: 'skipped', reason: 'notWorkingDay' }],
    [
      'on Good Friday (a public holiday in Germany)',
      '2027-03-26T10:00:00Z',
      { kind: 'skipped', reason: 'notWorkingDay' },
    ],
    ['before 9:00 in Berlin', '2027-03-09T07:59:00Z', { kind: 'skipped', reason: 'tooEarly' }],
  ])('says nothing %s', async (_when, at, expected) => {
    await team('C0OLD', '2027-02-15T10:00:00Z', 'processing');
    now = new Date(at);
    expect(await deployment({ locale }).reminders.digest(now)).toEqual(expected);
    expect(fake.calls).toEqual([]);
    expect(await store.get(digestKey(at.slice(0, 10)))).toBeNull();
  });

  it('says nothing without DIGEST_CHANNEL', async () => {
    await team('C0OLD', '2027-02-15T10:00:00Z', 'processing');
    expect(await deployment({ locale, channel: null }).reminders.digest(now)).toEqual({
      kind: 'skipped',
      reason: 'noChannel',
    });
    expect(fake.calls).toEqual([]);
  });

  it('posts nothing when no team is stalled, and does not look again that day', async () => {
    await team('C0NEW', '2027-03-08T10:00:00Z', 'processing');
    const { reminders } = deployment({ locale });
    expect(await reminders.digest(now)).toEqual({ kind: 'empty', date: '2027-03-09' });
    expect(await reminders.digest(new Date(now.getTime() + 60_000))).toEqual({
      kind: 'skipped',
      reason: 'taken',
    });
    expect(fake.calls).toEqual([]);
  });

  it('lists at most 20 teams, then how many more', async () => {
    for (let i = 0; i < 25; i += 1)
      await team(
        `C0T${String(i).padStart(3, '0')}`,
        `2027-02-${String(10 + (i % 10)).padStart(2, '0')}T10:00:00Z`,
        'processing',
      );
    const result = await deployment({ locale }).reminders.digest(now);
    expect(result).toEqual({ kind: 'posted', date: '2027-03-09', stalled: 25, listed: 20 });
    const post = digestPosts()[0];
    expect(linesOf(post)).toHaveLength(20);
    expect(JSON.stringify(post?.args.blocks)).toContain(text(locale, 'slack:digest.more', { count: 5 }));
  });

  it('a post that failed is tried again by a later run the same day', async () => {
    await team('C0OLD', '2027-02-15T10:00:00Z', 'processing');
    fake.failNext('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    const { reminders, logger } = deployment({ locale });

    expect(await reminders.digest(now)).toMatchObject({ kind: 'failed', code: 'not_in_channel' });
    expect(logger.problems(/digest for 2027-03-09 not posted \(not_in_channel/)).toHaveLength(1);
    expect(await reminders.digest(new Date(now.getTime() + 60_000))).toMatchObject({ kind: 'posted' });
    expect(digestPosts()).toHaveLength(1);
  });
});

describe('a run that died while posting', () => {
  it('is taken over after the lease; the digest it had posted is not posted again', async () => {
    await team('C0OLD', '2027-02-15T10:00:00Z', 'processing');
    fake.clock = () => now;
    const { reminders } = deployment();
    await reminders.digest(now);
    expect(digestPosts()).toHaveLength(1);
    // As if that run had died after posting, before marking the day done.
    const stored = await store.get(digestKey('2027-03-09'));
    await store.put(
      digestKey('2027-03-09'),
      JSON.stringify({ state: 'pending', at: now.toISOString() }),
      stored?.version ?? null,
    );
    expect(await claimDigest(store, '2027-03-09', new Date(now.getTime() + 60_000))).toEqual({
      kind: 'taken',
    });

    now = new Date(now.getTime() + DIGEST_LEASE_MS + 60_000);
    expect(await reminders.digest(now)).toEqual({ kind: 'skipped', reason: 'taken' });
    expect(fake.callsOf('conversations.history')).toHaveLength(1);
    expect(digestPosts()).toHaveLength(1);
  });

  it('is taken over after the lease; a digest it never posted is posted now', async () => {
    await team('C0OLD', '2027-02-15T10:00:00Z', 'processing');
    fake.clock = () => now;
    await store.put(
      digestKey('2027-03-09'),
      JSON.stringify({ state: 'pending', at: now.toISOString() }),
      null,
    );
    now = new Date(now.getTime() + DIGEST_LEASE_MS + 60_000);
    expect((await deployment().reminders.digest(now)).kind).toBe('posted');
    expect(digestPosts()).toHaveLength(1);
  });
});

describe('digestDay', () => {
  it('is due on working days in the calendar it is given, from its working hours on', () => {
    const newYork = { timeZone: 'America/New_York', country: 'US', startHour: 9, endHour: 17 };
    expect(digestDay(new Date('2027-03-09T13:30:00Z'), newYork)).toEqual({ due: false, reason: 'tooEarly' });
    expect(digestDay(new Date('2027-03-09T14:30:00Z'), newYork)).toEqual({ due: true, date: '2027-03-09' });
    expect(digestDay(new Date('2027-07-05T15:00:00Z'), newYork)).toEqual({
      due: false,
      reason: 'notWorkingDay',
    });
  });
});
