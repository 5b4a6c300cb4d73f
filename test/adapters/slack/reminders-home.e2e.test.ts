import { formatInZone } from '../../../src/adapters/slack/reminders/render-reminders';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { formatDate, text } from '../../../src/core/i18n';
import { blockTexts, unescapeMrkdwn } from '../../helpers/slack/blocks';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { ANNA, appHomeOpenedEvent, BEN, eventCallback } from '../../helpers/slack/payloads';
import { remindersOf, sweepWith } from '../../helpers/slack/reminders';

/** The App Home shows, per channel, who owns the current step, the target with the days left, and the next nudge. */

/** Tuesday 2 March 2027, 10:00 in Berlin. */
const TUESDAY = new Date('2027-03-02T09:00:00Z');

let h: SlackHarness;
let now: Date;

afterEach(async () => {
  await h?.close();
});

describe.each([
  {
    locale: 'de' as Locale,
    slackLocale: 'de-DE',
    owner: 'verantwortlich',
    target: 'ziel',
    off: 'erinnern aus',
  },
  { locale: 'en' as Locale, slackLocale: 'en-US', owner: 'owner', target: 'target', off: 'remind off' },
])('the App Home ($locale)', ({ locale, slackLocale, ...say }) => {
  it('lists owner, target with days left, and the next reminder or why none', async () => {
    now = TUESDAY;
    h = await startSlackHarness({
      defaultLocale: locale,
      now: () => now,
      prepare: (fake) => {
        fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale, tz: 'America/New_York' });
        fake.users.set(BEN.id, { id: BEN.id, locale: slackLocale, displayName: 'Ben <Berger> & Co' });
        fake.memberships.set(ANNA.id, ['C0PLAN', 'C0QUIET', 'C0GONE']);
      },
    });
    const plan = h.channel('C0PLAN');
    await plan.command('start');
    await plan.command(`${say.owner} <@${BEN.id}>`);
    await plan.command(`${say.target} 2027-04-30`);
    const quiet = h.channel('C0QUIET');
    await quiet.command('start');
    await quiet.command(say.off);
    await h.channel('C0GONE').command('start');
    h.fake.failAlways('chat.postMessage', { kind: 'error', error: 'is_archived' }, { channel: 'C0GONE' });
    now = new Date('2027-03-08T15:00:00Z'); // the next Monday: C0GONE's nudge fails, its reminders go off
    await sweepWith(h, remindersOf(h), now);
    h.fake.clearFailures();

    await h.sender.event(eventCallback(appHomeOpenedEvent(ANNA)));
    await h.idle();

    const view = h.fake.callsOf('views.publish')[0]?.args.view as { blocks: unknown[] };
    const lines = blockTexts(view.blocks).map(unescapeMrkdwn);
    const lineOf = (channel: string) => lines.find((l) => l.startsWith(`*<#${channel}>*`)) ?? '';
    const status = await h.engine.status(teamKeyFromSlack('T1', 'C0PLAN'));
    const next = status?.reminders.nextNudgeAt as string;
    expect(next).not.toBeNull();
    expect(lineOf('C0PLAN')).toContain(
      [
        text(locale, 'slack:home.owner', { step: 1, owner: 'Ben <Berger> & Co' }),
        text(locale, 'slack:home.target', { date: formatDate(locale, '2027-04-30'), count: 53 }),
        text(locale, 'slack:home.nextNudge', { when: formatInZone(locale, next, 'America/New_York') }),
      ].join(' · '),
    );
    // The name is shown, never read as markup.
    expect(JSON.stringify(view)).toContain('Ben &lt;Berger&gt; &amp; Co');
    expect(lineOf('C0QUIET')).toContain(text(locale, 'slack:home.noOwner', { step: 1 }));
    expect(lineOf('C0QUIET')).toContain(text(locale, 'slack:home.remindersOff'));
    expect(lineOf('C0GONE')).toContain(text(locale, 'slack:home.remindersGone'));
  });
});
