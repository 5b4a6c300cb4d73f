import { escapeMrkdwn } from '../../../src/adapters/slack/escape';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { formatDate, render, text } from '../../../src/core/i18n';
import { openItemMessage } from '../../../src/core/open-items';
import { viewViolations } from '../../helpers/slack/block-kit-limits';
import { blockTexts } from '../../helpers/slack/blocks';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { ANNA, appHomeOpenedEvent, eventCallback } from '../../helpers/slack/payloads';
import { seedChannel } from '../../helpers/slack/seed';

/** The App Home tab: every onboarding in a channel the user is a member of, with its step and its open items. */

let h: SlackHarness;

afterEach(async () => {
  await h?.close();
});

async function openHome(locale: string) {
  h.fake.users.set(ANNA.id, { id: ANNA.id, locale });
  const response = await h.sender.event(eventCallback(appHomeOpenedEvent(ANNA)));
  await h.idle();
  expect(response.status).toBe(200);
  const published = h.fake.callsOf('views.publish');
  expect(published).toHaveLength(1);
  return published[0];
}

describe.each([
  { slackLocale: 'de-DE', locale: 'de' as Locale },
  { slackLocale: 'en-US', locale: 'en' as Locale },
])('app_home_opened ($slackLocale)', ({ slackLocale, locale }) => {
  it("publishes the user's channels with their step and open items, in the user's language", async () => {
    h = await startSlackHarness();
    await seedChannel(h.store, 'C0HOME1', 'processing');
    // Not sure how pending authorizations are handled: an open item while the team is in step 2.
    await seedChannel(h.store, 'C0HOME2', 'sandbox_key', { pick: { pending_authorization: 'unsure' } });
    // Done with the first decline case only handled: two open items.
    await seedChannel(h.store, 'C0HOME3', 'done');
    await seedChannel(h.store, 'C0ELSE', 'processing'); // ANNA is not a member
    await seedChannel(h.store, 'C0HOME1', 'processing', { teamId: 'T2' }); // another workspace
    h.fake.memberships.set(ANNA.id, ['C0HOME1', 'C0HOME2', 'C0HOME3', 'C0NEW']);

    const publish = await openHome(slackLocale);

    expect(publish?.args.user_id).toBe(ANNA.id);
    expect(h.fake.callsOf('users.conversations')[0]?.args).toMatchObject({ user: ANNA.id });
    const view = publish?.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const lines = blockTexts(view.blocks);
    expect(lines[0]).toBe(text(locale, 'slack:home.title'));

    const status = async (channel: string) => {
      const s = await h.engine.status(teamKeyFromSlack('T1', channel));
      if (!s) throw new Error(`no status for ${channel}`);
      return s;
    };
    const one = await status('C0HOME1');
    const two = await status('C0HOME2');
    const three = await status('C0HOME3');
    expect([one.openItems, two.openItems, three.openItems]).toEqual([0, 1, 2]);
    const stepLabel = (n: number, step: string) =>
      text(locale, 'cli.progress', { number: n, total: 5, step: text(locale, `flow:steps.${step}.title`) });
    const openCount = (count: number) => text(locale, 'status.items', { count });
    /** The line of a channel, and the list of open items under it (when there is one). */
    const forChannel = (c: string) => lines.filter((l) => l.includes(`<#${c}>`));
    const listUnder = (c: string) => {
      const next = lines[lines.findIndex((l) => l.includes(`<#${c}>`)) + 1] ?? '';
      return next.includes('<#') ? null : next;
    };
    const asListed = (items: typeof two.items) =>
      items.map((item) => `• ${escapeMrkdwn(render(locale, openItemMessage(item)))}`).join('\n');

    expect(forChannel('C0HOME1')).toHaveLength(1);
    expect(forChannel('C0HOME1')[0]).toContain(stepLabel(1, 'setup'));
    expect(forChannel('C0HOME1')[0]).toContain(openCount(0));
    expect(listUnder('C0HOME1')).toBeNull();
    expect(forChannel('C0HOME2')[0]).toContain(stepLabel(2, 'register'));
    expect(forChannel('C0HOME2')[0]).toContain(openCount(1));
    expect(listUnder('C0HOME2')).toBe(asListed(two.items));
    expect(forChannel('C0HOME3')[0]).toBe(
      text(locale, 'slack:home.lineDone', {
        channel: '<#C0HOME3>',
        doneAt: formatDate(locale, three.doneAt ?? ''),
        open: openCount(2),
      }),
    );
    // The done team is not shown as ready: both unhandled decline cases are listed as tasks.
    expect(listUnder('C0HOME3')).toBe(asListed(three.items));
    expect(three.items.map((item) => item.kind)).toEqual(['gap', 'gap']);
    expect(forChannel('C0ELSE')).toEqual([]);
    expect(forChannel('C0NEW')).toEqual([]);
    expect(lines.filter((l) => l.includes('<#'))).toHaveLength(3);
    expect(viewViolations(view)).toEqual([]);
  });
});

it('tells a user with no started channel how to begin', async () => {
  h = await startSlackHarness();
  h.fake.memberships.set(ANNA.id, ['C0QUIET']);
  const publish = await openHome('de-DE');
  const view = publish?.args.view as { blocks: unknown[] };
  expect(blockTexts(view.blocks)).toContain(text('de', 'slack:home.empty'));
});

it('stays within 100 blocks when the user is in 150 onboarding channels', async () => {
  h = await startSlackHarness();
  const channels = Array.from({ length: 150 }, (_, i) => `C0MANY${String(i).padStart(3, '0')}`);
  for (const channel of channels) await seedChannel(h.store, channel, 'processing');
  h.fake.memberships.set(ANNA.id, channels);

  const publish = await openHome('de-DE');

  expect(viewViolations(publish?.args.view)).toEqual([]);
});

it('publishes nothing for the Messages tab', async () => {
  h = await startSlackHarness();
  const response = await h.sender.event(eventCallback({ ...appHomeOpenedEvent(ANNA), tab: 'messages' }));
  await h.idle();
  expect(response.status).toBe(200);
  expect(h.fake.callsOf('views.publish')).toEqual([]);
});
