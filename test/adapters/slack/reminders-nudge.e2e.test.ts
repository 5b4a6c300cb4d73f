import { escapeMrkdwn } from '../../../src/adapters/slack/escape';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { formatDate, render, renderParam, text } from '../../../src/core/i18n';
import { promptParam } from '../../../src/core/wording';
import type { RecordedCall } from '../../helpers/slack/fake-slack-api';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { ANNA, BEN } from '../../helpers/slack/payloads';
import { nudgePosts, remindersOf, sweepWith } from '../../helpers/slack/reminders';
import { seedChannel } from '../../helpers/slack/seed';

/**
 * A team that stalls is nudged in its channel: the owner mentioned, where it stopped, the next question, the days to
 * its target; the nudge's buttons snooze, stop or continue, through signed clicks like any other.
 */

const DAY = 86_400_000;
/** Monday 1 March 2027, 10:00 in Berlin. */
const MONDAY = new Date('2027-03-01T09:00:00Z');
/** Friday of the same week, 10:00 in Berlin: four working days later, past the three that make a team stalled. */
const FRIDAY = new Date('2027-03-05T09:00:00Z');

let h: SlackHarness;
let now: Date;

afterEach(async () => {
  await h?.close();
});

const words = {
  de: { owner: 'verantwortlich', target: 'ziel' },
  en: { owner: 'owner', target: 'target' },
} as const;

/** A channel that started on Monday with Ben as owner of step 1 and a target date, and did nothing since. */
async function stalledTeam(locale: Locale, channel: string): Promise<string> {
  now = MONDAY;
  const session = h.channel(channel);
  await session.command('start', ANNA);
  await session.command(`${words[locale].owner} <@${BEN.id}|${BEN.username}>`, ANNA);
  await session.command(`${words[locale].target} 2027-04-30`, ANNA);
  now = FRIDAY;
  return teamKeyFromSlack('T1', channel);
}

function blocksOf(call: RecordedCall | undefined): Record<string, unknown>[] {
  return (call?.args.blocks as Record<string, unknown>[] | undefined) ?? [];
}

function sectionTexts(blocks: Record<string, unknown>[]): string {
  return blocks
    .flatMap((b) => [
      (b.text as { text?: string } | undefined)?.text ?? '',
      ...((b.elements as { text?: string; type?: string }[] | undefined) ?? [])
        .filter((e) => e.type === 'mrkdwn')
        .map((e) => e.text ?? ''),
    ])
    .join('\n');
}

function buttonsOf(blocks: Record<string, unknown>[]): { id: string; label: string }[] {
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as { action_id: string; text: { text: string } }[]) ?? [])
    .map((e) => ({ id: e.action_id, label: e.text.text }));
}

describe.each([
  { locale: 'de' as Locale, slackLocale: 'de-DE' },
  { locale: 'en' as Locale, slackLocale: 'en-US' },
])('a nudge in Slack ($locale)', ({ locale, slackLocale }) => {
  beforeEach(async () => {
    h = await startSlackHarness({
      defaultLocale: locale,
      now: () => now,
      prepare: (fake) => {
        fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale });
        fake.users.set(BEN.id, { id: BEN.id, locale: slackLocale, displayName: 'Ben Berger' });
      },
    });
  });

  it('is posted by the sweep: owner mentioned, where the team stopped, the next question, the target days', async () => {
    const team = await stalledTeam(locale, 'C0NUDGE');
    const cursor = (await h.record('C0NUDGE'))?.context.cursor;
    expect(cursor).toBeTruthy();
    const reminders = remindersOf(h);

    const report = await sweepWith(h, reminders, now);

    expect(report.entries.map((e) => [e.team, e.outcome])).toEqual([[team, 'sent']]);
    const posts = nudgePosts(h, 'C0NUDGE');
    expect(posts).toHaveLength(1);
    const post = posts[0] as RecordedCall;
    expect(post.args.metadata).toEqual({
      event_type: 'paysetup_nudge',
      event_payload: { team, nudge: 'n1' },
    });
    const body = sectionTexts(blocksOf(post));
    // The owner by mention (a real one: unescaped), never the whole channel.
    expect(body).toContain(`<@${BEN.id}>`);
    expect(String(post.args.text)).toContain(`<@${BEN.id}>`);
    expect(JSON.stringify(post.args)).not.toMatch(/<!(channel|here|everyone)>|&lt;@/);
    // Where it stopped, for how long (Monday 10:00 to Friday 10:00: four working days), what comes next, the target.
    const title = render(locale, { key: 'flow:steps.setup.title' });
    expect(body).toContain(escapeMrkdwn(text(locale, 'nudge.stopped', { count: 4, step: 1, title })));
    expect(body).toContain(escapeMrkdwn(renderParam(locale, promptParam(cursor as string), 'slack')));
    const target = formatDate(locale, '2027-04-30');
    expect(body).toContain(escapeMrkdwn(text(locale, 'nudge.target', { count: 56, date: target })));
    // In the team's language, word for word.
    if (locale === 'de') {
      expect(body).toContain(`Guten Tag <@${BEN.id}>, Ihr Team ist seit 4 Arbeitstagen bei Schritt 1`);
      expect(body).toContain('bleiben noch 56 Tage');
    } else {
      expect(body).toContain(`Hello <@${BEN.id}>, your team has not moved on from step 1`);
      expect(body).toContain('56 days are left until the target date, 30 April 2027');
    }
    expect(buttonsOf(blocksOf(post))).toEqual([
      { id: `ps:nudge-continue:${cursor}`, label: text(locale, 'nudge.continue') },
      { id: `ps:nudge-snooze:${cursor}:1`, label: text(locale, 'nudge.snoozeDay') },
      { id: `ps:nudge-snooze:${cursor}:7`, label: text(locale, 'nudge.snoozeWeek') },
      { id: `ps:nudge-stop:${cursor}`, label: text(locale, 'nudge.stop') },
    ]);
    // The owner's name was looked up once (users.info) and stored with the owner.
    expect((await h.engine.status(team))?.reminders.owner).toEqual({
      step: 1,
      name: 'Ben Berger',
      id: BEN.id,
    });
    // Sent once: the same sweep again has nothing due.
    await sweepWith(h, reminders, now);
    expect(nudgePosts(h, 'C0NUDGE')).toHaveLength(1);
  });

  it('addresses the team when nobody owns the step, and never the channel', async () => {
    now = MONDAY;
    await h.channel('C0NOOWNER').command('start', ANNA);
    now = FRIDAY;
    await sweepWith(h, remindersOf(h), now);
    const post = nudgePosts(h, 'C0NOOWNER')[0];
    const body = sectionTexts(blocksOf(post));
    expect(body.startsWith(text(locale, 'nudge.helloTeam'))).toBe(true);
    expect(JSON.stringify(post?.args)).not.toMatch(/<!|<@/);
  });

  it('names an owner who is no Slack user by name, as typed and escaped', async () => {
    now = MONDAY;
    const session = h.channel('C0NAMED');
    await session.command('start', ANNA);
    // As Slack sends "owner @Kim&Co" with the command text escaped.
    await session.command(`${words[locale].owner} @Kim&amp;Co`, ANNA);
    now = FRIDAY;
    const owner = (await h.engine.status(teamKeyFromSlack('T1', 'C0NAMED')))?.reminders.owner;
    expect(owner).toEqual({ step: 1, name: 'Kim&Co', id: 'name:kim&co' });
    await sweepWith(h, remindersOf(h), now);
    const post = nudgePosts(h, 'C0NAMED')[0];
    const body = sectionTexts(blocksOf(post));
    expect(body).toContain(text(locale, 'nudge.helloOwner', { owner: 'Kim&amp;Co' }));
    expect(JSON.stringify(post?.args)).not.toMatch(/<@|<!/);
  });

  it('Snooze 1 week: the next nudge moves past the snooze, the nudge says until when and by whom', async () => {
    const team = await stalledTeam(locale, 'C0SNOOZE');
    const reminders = remindersOf(h);
    await sweepWith(h, reminders, now);
    const session = h.channel('C0SNOOZE');
    const nudge = session.posted().at(-1);
    if (!nudge) throw new Error('no nudge posted');
    const cursor = (await h.record('C0SNOOZE'))?.context.cursor;
    const before = h.fake.mark();

    const response = await session.click(nudge, `ps:nudge-snooze:${cursor}:7`, ANNA);

    expect(response.status).toBe(200);
    const status = await h.engine.status(team);
    const snoozeEnd = now.getTime() + 7 * DAY;
    expect(status?.snoozedUntil).toBe(new Date(snoozeEnd).toISOString());
    expect(Date.parse(status?.reminders.nextNudgeAt ?? '')).toBeGreaterThanOrEqual(snoozeEnd);
    // The nudge, updated in place: the buttons gone, what was chosen, until when, by whom.
    const updates = h.fake.since(before, 'chat.update').filter((u) => u.args.ts === nudge.ts);
    expect(updates).toHaveLength(1);
    const updated = blocksOf(updates[0]);
    expect(buttonsOf(updated)).toEqual([]);
    const line = sectionTexts(updated);
    expect(line).toContain(formatDate(locale, new Date(snoozeEnd).toISOString()));
    expect(line).toContain(`<@${ANNA.id}>`); // who chose it
    expect(line).toContain(text(locale, 'nudge.helloOwner', { owner: `<@${BEN.id}>` })); // the owner's mention, kept
    const title = render(locale, { key: 'flow:steps.setup.title' });
    expect(line).toContain(escapeMrkdwn(text(locale, 'nudge.stopped', { count: 4, step: 1, title })));
    // Nothing else posted: the question is not asked again for a snooze.
    expect(h.fake.since(before, 'chat.postMessage')).toEqual([]);
    // During the snooze, a sweep sends nothing.
    await sweepWith(h, reminders, new Date(now.getTime() + 3 * DAY));
    expect(nudgePosts(h, 'C0SNOOZE')).toHaveLength(1);
  });

  it('Snooze 1 day moves the next nudge a day on', async () => {
    const team = await stalledTeam(locale, 'C0SNOOZE1');
    await sweepWith(h, remindersOf(h), now);
    const session = h.channel('C0SNOOZE1');
    const nudge = session.posted().at(-1);
    if (!nudge) throw new Error('no nudge posted');
    const cursor = (await h.record('C0SNOOZE1'))?.context.cursor;
    await session.click(nudge, `ps:nudge-snooze:${cursor}:1`, ANNA);
    const status = await h.engine.status(team);
    expect(status?.snoozedUntil).toBe(new Date(now.getTime() + DAY).toISOString());
    expect(Date.parse(status?.reminders.nextNudgeAt ?? '')).toBeGreaterThanOrEqual(now.getTime() + DAY);
  });

  it('Stop reminders: none planned (off), and a later sweep sends nothing', async () => {
    const team = await stalledTeam(locale, 'C0STOP');
    const reminders = remindersOf(h);
    await sweepWith(h, reminders, now);
    const session = h.channel('C0STOP');
    const nudge = session.posted().at(-1);
    if (!nudge) throw new Error('no nudge posted');
    const cursor = (await h.record('C0STOP'))?.context.cursor;
    const before = h.fake.mark();

    await session.click(nudge, `ps:nudge-stop:${cursor}`, ANNA);

    const status = await h.engine.status(team);
    expect(status?.reminders.none).toBe('off');
    expect(status?.reminders.off).toBe('asked');
    expect(status?.reminders.nextNudgeAt).toBeNull();
    const update = h.fake.since(before, 'chat.update').find((u) => u.args.ts === nudge.ts);
    expect(buttonsOf(blocksOf(update))).toEqual([]);
    expect(sectionTexts(blocksOf(update))).toContain(`<@${ANNA.id}>`);
    // A month later (Tuesday 6 April, 10:00 in Berlin): nothing.
    now = new Date('2027-04-06T08:00:00Z');
    await sweepWith(h, reminders, now);
    expect(nudgePosts(h, 'C0STOP')).toHaveLength(1);
  });

  it('Continue: the current question is posted again, as with /paysetup start', async () => {
    await stalledTeam(locale, 'C0CONT');
    await sweepWith(h, remindersOf(h), now);
    const session = h.channel('C0CONT');
    const nudge = session.posted().at(-1);
    if (!nudge) throw new Error('no nudge posted');
    const cursor = (await h.record('C0CONT'))?.context.cursor as string;
    const before = h.fake.mark();

    await session.click(nudge, `ps:nudge-continue:${cursor}`, ANNA);

    const question = session
      .posted()
      .filter((m) => m.seq > before)
      .at(-1);
    expect(question?.questionId).toBe(cursor);
    const update = h.fake.since(before, 'chat.update').find((u) => u.args.ts === nudge.ts);
    expect(buttonsOf(blocksOf(update))).toEqual([]);
    expect(sectionTexts(blocksOf(update))).toContain(
      text(locale, 'slack:nudgeAnswer.continued', { by: `<@${ANNA.id}>` }),
    );
  });

  it('a nudge clicked after the team finished: a clear private answer, nothing changed, the buttons gone', async () => {
    const team = await stalledTeam(locale, 'C0LATE');
    await sweepWith(h, remindersOf(h), now);
    const session = h.channel('C0LATE');
    const nudge = session.posted().at(-1);
    if (!nudge) throw new Error('no nudge posted');
    const cursor = (await h.record('C0LATE'))?.context.cursor;
    await seedChannel(h.store, 'C0LATE', 'done', { locale, now: () => now });
    const before = await h.record('C0LATE');
    const mark = h.fake.mark();

    await session.click(nudge, `ps:nudge-snooze:${cursor}:7`, BEN);

    const told = session.ephemerals(BEN).at(-1);
    expect(told?.args.text).toBe(escapeMrkdwn(text(locale, 'slack:nudgeAnswer.stale')));
    expect(await h.record('C0LATE')).toEqual(before);
    expect((await h.engine.status(team))?.snoozedUntil).toBeNull();
    const update = h.fake.since(mark, 'chat.update').find((u) => u.args.ts === nudge.ts);
    expect(buttonsOf(blocksOf(update))).toEqual([]);
    expect(sectionTexts(blocksOf(update))).toContain(escapeMrkdwn(text(locale, 'slack:nudgeAnswer.settled')));
  });

  it('a click delivered twice (a Slack retry) is applied and answered once', async () => {
    await stalledTeam(locale, 'C0TWICE');
    await sweepWith(h, remindersOf(h), now);
    const session = h.channel('C0TWICE');
    const nudge = session.posted().at(-1);
    if (!nudge) throw new Error('no nudge posted');
    const cursor = (await h.record('C0TWICE'))?.context.cursor;
    const payload = session.clickPayload(nudge, `ps:nudge-snooze:${cursor}:1`, ANNA);
    const mark = h.fake.mark();
    await h.sender.interact(payload);
    await h.idle();
    await h.sender.interact(payload, { retryNum: 1, retryReason: 'http_timeout' });
    await h.idle();
    expect(h.fake.since(mark, 'chat.update')).toHaveLength(1);
  });
});
