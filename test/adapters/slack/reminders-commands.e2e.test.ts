import { decodeSlackText, withoutBotMention } from '../../../src/adapters/slack/listeners/commands';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { formatDate, render, text } from '../../../src/core/i18n';
import { outcomeMessage } from '../../../src/core/outcome-message';
import { allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import type { RecordedCall } from '../../helpers/slack/fake-slack-api';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { ANNA, BEN } from '../../helpers/slack/payloads';

/**
 * The reminder settings typed in Slack, in both languages: snooze and stop, owners (a mention's display name looked
 * up once), the target date, the time zone and holidays; the time zone of the person who starts; the help.
 */

const DAY = 86_400_000;
/** Tuesday 2 March 2027, 10:00 in Berlin. */
const NOW = new Date('2027-03-02T09:00:00Z');

let h: SlackHarness;

afterEach(async () => {
  await h?.close();
});

const shown = (call: RecordedCall | undefined) => unescapeMrkdwn(allText(call?.args.blocks));

const phrases = {
  de: {
    tomorrow: 'erinnern morgen',
    inTwoDays: 'erinnern in 2 tagen',
    nextWeek: 'erinnern nächste woche',
    off: 'erinnern aus',
    on: 'erinnern an',
    owner: 'verantwortlich',
    target: 'ziel 15.02.2028',
    timezone: 'zeitzone America/New_York',
    holidays: 'feiertage DE-BY',
    help: 'hilfe',
  },
  en: {
    tomorrow: 'remind tomorrow',
    inTwoDays: 'remind in 2 days',
    nextWeek: 'remind next week',
    off: 'remind off',
    on: 'remind on',
    owner: 'owner',
    target: 'target 2028-02-15',
    timezone: 'timezone America/New_York',
    holidays: 'holidays DE-BY',
    help: 'help',
  },
} as const;

describe.each([
  { locale: 'de' as Locale, slackLocale: 'de-DE' },
  { locale: 'en' as Locale, slackLocale: 'en-US' },
])('/paysetup reminder settings ($locale)', ({ locale, slackLocale }) => {
  const say = phrases[locale];
  const team = (channel: string) => teamKeyFromSlack('T1', channel);

  beforeEach(async () => {
    h = await startSlackHarness({
      defaultLocale: locale,
      now: () => NOW,
      prepare: (fake) => {
        fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale, tz: 'Europe/Berlin' });
        fake.users.set(BEN.id, { id: BEN.id, locale: slackLocale, displayName: 'Ben Berger' });
      },
    });
  });

  async function started(channel: string) {
    const session = h.channel(channel);
    await session.command('start');
    return session;
  }

  it.each([
    ['tomorrow', 1],
    ['inTwoDays', 2],
    ['nextWeek', 7],
  ] as const)(
    '%s snoozes the reminders; the channel hears until when; the question is not asked again',
    async (phrase, days) => {
      const session = await started('C0SNZ');
      const mark = h.fake.mark();

      await session.command(say[phrase]);

      const until = new Date(NOW.getTime() + days * DAY).toISOString();
      const status = await h.engine.status(team('C0SNZ'));
      expect(status?.snoozedUntil).toBe(until);
      expect(Date.parse(status?.reminders.nextNudgeAt ?? '')).toBeGreaterThanOrEqual(Date.parse(until));
      const posts = h.fake.since(mark, 'chat.postMessage');
      expect(posts).toHaveLength(1);
      expect(shown(posts[0])).toBe(
        render(locale, outcomeMessage({ kind: 'snoozed', until, timeZone: 'Europe/Berlin' }), 'slack'),
      );
      expect(shown(posts[0])).toContain(formatDate(locale, until, 'Europe/Berlin'));
      expect(h.fake.since(mark, 'chat.postEphemeral')).toEqual([]);
    },
  );

  it('off stops the reminders (told to the channel), on starts them again', async () => {
    const session = await started('C0OFF');
    let mark = h.fake.mark();
    await session.command(say.off);
    let status = await h.engine.status(team('C0OFF'));
    expect(status?.reminders.none).toBe('off');
    expect(status?.reminders.off).toBe('asked');
    expect(shown(h.fake.since(mark, 'chat.postMessage')[0])).toBe(text(locale, 'notice.reminders.off'));

    mark = h.fake.mark();
    await session.command(say.on);
    status = await h.engine.status(team('C0OFF'));
    expect(status?.reminders.off).toBeNull();
    expect(status?.reminders.nextNudgeAt).not.toBeNull();
    expect(shown(h.fake.since(mark, 'chat.postMessage')[0])).toBe(text(locale, 'notice.reminders.on'));
  });

  it('owner @ben: the mention is resolved to the display name (users.info, once), shown to the channel', async () => {
    const session = await started('C0OWN');
    const mark = h.fake.mark();

    await session.command(`${say.owner} <@${BEN.id}|${BEN.username}>`);
    await session.command(`${say.owner} 4 <@${BEN.id}>`);

    const status = await h.engine.status(team('C0OWN'));
    expect(status?.reminders.owners).toEqual([
      { step: 1, name: 'Ben Berger', id: BEN.id },
      { step: 4, name: 'Ben Berger', id: BEN.id },
    ]);
    expect(status?.reminders.owner).toEqual({ step: 1, name: 'Ben Berger', id: BEN.id });
    expect(h.fake.since(mark, 'users.info').map((c) => c.args.user)).toEqual([BEN.id]);
    const posts = h.fake.since(mark, 'chat.postMessage');
    expect(posts.map(shown)).toEqual([
      text(locale, 'notice.owner.set', { step: 1, owner: 'Ben Berger' }),
      text(locale, 'notice.owner.set', { step: 4, owner: 'Ben Berger' }),
    ]);
  });

  it('owner by a mention of the bot: "@paysetup owner @ben" names Ben, not the bot', async () => {
    const session = await started('C0MENT');
    await session.mention(`${say.owner} <@${BEN.id}>`);
    const status = await h.engine.status(team('C0MENT'));
    expect(status?.reminders.owner).toEqual({ step: 1, name: 'Ben Berger', id: BEN.id });
  });

  it('owner @channel is refused privately, and nothing is stored', async () => {
    const session = await started('C0GRP');
    const before = await h.record('C0GRP');
    const mark = h.fake.mark();

    await session.command(`${say.owner} <!channel>`);

    expect(await h.record('C0GRP')).toEqual(before);
    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    const refusal = h.fake.since(mark, 'chat.postEphemeral');
    expect(refusal).toHaveLength(1);
    expect(shown(refusal[0])).toContain(text(locale, 'input.ownerMention'));
  });

  it('target: the date is stored, the days to it counted, the channel told', async () => {
    const session = await started('C0TGT');
    const mark = h.fake.mark();
    await session.command(say.target);
    const status = await h.engine.status(team('C0TGT'));
    expect(status?.reminders.target).toBe('2028-02-15');
    expect(status?.reminders.daysToTarget).toBe(350);
    expect(shown(h.fake.since(mark, 'chat.postMessage')[0])).toBe(
      text(locale, 'notice.target.set', { date: formatDate(locale, '2028-02-15') }),
    );
  });

  it('a date that does not exist is refused privately', async () => {
    const session = await started('C0BAD');
    const mark = h.fake.mark();
    await session.command(locale === 'de' ? 'ziel 31.02.2028' : 'target 2028-02-31');
    expect((await h.engine.status(team('C0BAD')))?.reminders.target).toBeNull();
    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    expect(shown(h.fake.since(mark, 'chat.postEphemeral')[0])).toContain(
      text(locale, 'notice.settingRefused.target'),
    );
  });

  it('time zone and holidays: stored, and the channel told', async () => {
    const session = await started('C0CAL');
    const mark = h.fake.mark();
    await session.command(say.timezone);
    await session.command(say.holidays);
    const status = await h.engine.status(team('C0CAL'));
    expect(status?.reminders.timeZone).toBe('America/New_York');
    expect(status?.reminders.holidays).toBe('DE-BY');
    const posts = h.fake.since(mark, 'chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(shown(posts[0])).toContain('America/New_York');
    expect(shown(posts[1])).toContain('DE-BY');
  });

  it('help lists the reminder commands', async () => {
    const session = await started('C0HELP');
    const mark = h.fake.mark();
    await session.command(say.help);
    const help = shown(h.fake.since(mark, 'chat.postEphemeral')[0]);
    expect(help).toBe(text(locale, 'slack:help'));
    for (const phrase of [say.tomorrow, say.off, `${say.owner} @anna`, say.timezone.split(' ')[0] ?? '-'])
      expect(help).toContain(phrase);
  });

  it('a status shows when the next reminder comes, on the team’s own clock', async () => {
    const session = await started('C0STAT');
    await session.command(say.timezone);
    const mark = h.fake.mark();
    await session.command('status');
    const status = await h.engine.status(team('C0STAT'));
    const next = status?.reminders.nextNudgeAt as string;
    // Three working days after Tuesday 10:00 in Berlin, in working hours in New York: Friday, 9:00 there.
    expect(next).toBe('2027-03-05T14:00:00.000Z');
    const shownStatus = shown(h.fake.since(mark, 'chat.postEphemeral')[0]);
    expect(shownStatus).toContain(
      locale === 'de' ? 'nächste Erinnerung: Fr., 5. März um 09:00' : 'next reminder: Fri 5 March',
    );
    expect(shownStatus).toMatch(/09:00 (GMT-5|EST)/);
  });
});

describe('the time zone of the person who starts', () => {
  it.each([
    { tz: 'America/New_York', expected: 'America/New_York' },
    { tz: 'Not/AZone', expected: 'Europe/Berlin' }, // not a zone this runtime knows: the default
    { tz: undefined, expected: 'Europe/Berlin' },
  ])('users.info tz $tz → the team’s time zone $expected', async ({ tz, expected }) => {
    h = await startSlackHarness({
      now: () => NOW,
      prepare: (fake) => fake.users.set(ANNA.id, { id: ANNA.id, locale: 'en-US', ...(tz ? { tz } : {}) }),
    });

    await h.channel('C0TZ').command('start');

    expect(h.fake.callsOf('users.info').map((c) => c.args.user)).toEqual([ANNA.id]);
    const status = await h.engine.status(teamKeyFromSlack('T1', 'C0TZ'));
    expect(status?.reminders.timeZone).toBe(expected);
    expect(status?.locale).toBe('en');
  });

  it('a later person’s time zone changes nothing', async () => {
    h = await startSlackHarness({
      now: () => NOW,
      prepare: (fake) => {
        fake.users.set(ANNA.id, { id: ANNA.id, locale: 'de-DE', tz: 'Europe/Berlin' });
        fake.users.set(BEN.id, { id: BEN.id, locale: 'en-US', tz: 'America/Los_Angeles' });
      },
    });
    await h.channel('C0TZ2').command('start', ANNA);
    await h.channel('C0TZ2').command('start', BEN);
    expect((await h.engine.status(teamKeyFromSlack('T1', 'C0TZ2')))?.reminders.timeZone).toBe(
      'Europe/Berlin',
    );
  });
});

describe('what Slack sends', () => {
  it('the bot’s own mention is taken off a mention’s text, other mentions stay', () => {
    expect(withoutBotMention('<@UBOT> owner <@U0BEN>', 'UBOT')).toBe('owner <@U0BEN>');
    expect(withoutBotMention('<@UBOT|paysetup> owner <@U0BEN|ben>', 'UBOT')).toBe('owner <@U0BEN|ben>');
    // Without the bot's id (auth.test not answered yet): the mention the text starts with.
    expect(withoutBotMention('<@UBOT> owner <@U0BEN>')).toBe('owner <@U0BEN>');
  });

  it('escaped text is read as typed; mentions stay as Slack wrote them', () => {
    expect(decodeSlackText('Shop &amp; App &lt;b&gt; <@U0BEN|ben>')).toBe('Shop & App <b> <@U0BEN|ben>');
  });
});
