import type { Locale, Message } from '../../../src/core/context';
import { render } from '../../../src/core/i18n';
import { openItemMessage } from '../../../src/core/open-items';
import { overviewMessages } from '../../../src/core/summary';
import { allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import {
  type ChannelSession,
  type SlackHarness,
  startSlackHarness,
  withoutStepMessages,
} from '../../helpers/slack/harness';
import { ANNA, BEN } from '../../helpers/slack/payloads';
import { seedInto } from '../../helpers/slack/seed';

/**
 * After the last step, in Slack: whatever the team sends (`weiter`, a typed answer, a mention, `start`) gets where it
 * stands, privately and briefly, with its open items and what it can do now; never "we have not started", and never
 * the finished steps, tips or the done summary again. `zurück` goes back to the last question.
 */

const WORDS = {
  de: { next: 'weiter', answer: 'Warenkorb und Checkout', start: 'start', back: 'zurück' },
  en: { next: 'next', answer: 'cart and checkout', start: 'start', back: 'back' },
} as const;

let h: SlackHarness;

afterEach(async () => {
  await h?.close();
});

describe.each(['de', 'en'] as Locale[])('a finished onboarding in Slack (%s)', (locale) => {
  const say = (message: Message) => render(locale, message, 'slack');
  const words = WORDS[locale];
  const team = 'slack:T1:C0DONE';

  /** Done with the canonical answers: two decline cases are not handled, so two items are open. */
  async function done(): Promise<ChannelSession> {
    h = await startSlackHarness({ defaultLocale: locale });
    const reply = await seedInto(h.store, 'C0DONE', 'done', { locale });
    expect(reply.done).toBe(true);
    expect(reply.openItems).toHaveLength(2);
    return h.channel('C0DONE');
  }

  /** Every wording that would tell a finished team that it has not begun. */
  const notStarted = () =>
    [
      { key: 'notice.notStarted' },
      { key: 'slack:notice.notStarted' },
      { key: 'slack:statusNotStarted' },
      { key: 'overview.notStarted' },
    ].map((m) => render(locale, m));

  /** The short status as the asker sees it: the five steps, the open items, what can be done now. */
  async function expectShortStatus(shown: string): Promise<void> {
    const status = await h.engine.handle(
      team,
      { type: 'STATUS' },
      { actor: { id: ANNA.id }, channel: 'test' },
    );
    for (const line of overviewMessages(status)) expect(shown).toContain(say(line));
    expect(shown).toContain(say({ key: 'overview.openItems', params: { count: 2 } }));
    for (const item of status.openItems) expect(shown).toContain(say(openItemMessage(item)));
    expect(shown).toContain(say({ key: 'overview.doneActions' }));
    for (const wording of notStarted()) expect(shown).not.toContain(wording);
  }

  it.each([
    { what: `/paysetup ${words.next}`, send: (s: ChannelSession) => s.command(words.next, BEN) },
    { what: `a typed answer ("${words.answer}")`, send: (s: ChannelSession) => s.command(words.answer, BEN) },
    { what: `"@paysetup ${words.next}"`, send: (s: ChannelSession) => s.mention(words.next, BEN) },
  ])('$what gets the short status, privately', async ({ send }) => {
    const session = await done();
    const before = await h.record('C0DONE');
    const mark = h.fake.mark();

    await send(session);

    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    const told = h.fake.since(mark, 'chat.postEphemeral');
    expect(told.map((c) => c.args.user)).toEqual([BEN.id]);
    await expectShortStatus(unescapeMrkdwn(allText(told[0]?.args.blocks)));
    expect((await h.record('C0DONE'))?.context.answers).toEqual(before?.context.answers);
  });

  it('/paysetup start welcomes the team back and tells the asker where it stands, without any step or summary again', async () => {
    const session = await done();
    const mark = h.fake.mark();

    await session.command(words.start);

    const posted = h.fake.since(mark, 'chat.postMessage').map((c) => unescapeMrkdwn(allText(c.args.blocks)));
    expect(posted).toEqual([say({ key: 'notice.start.resumedDone' })]);
    const told = h.fake.since(mark, 'chat.postEphemeral');
    expect(told.map((c) => c.args.user)).toEqual([ANNA.id]);
    await expectShortStatus(unescapeMrkdwn(allText(told[0]?.args.blocks)));
    expect(session.currentQuestion()).toBeNull();
  });

  it(`/paysetup ${words.back} goes back to the last question`, async () => {
    const session = await done();
    const mark = h.fake.mark();

    await session.command(words.back);

    expect(withoutStepMessages(h.fake.since(mark, 'chat.postMessage')).map((c) => c.args.text)).toEqual([
      say({ key: 'notice.moved' }),
      say({ key: 'flow:questions.production_validated.prompt' }),
    ]);
    expect(session.currentQuestion()?.questionId).toBe('production_validated');
    expect((await h.record('C0DONE'))?.state).toBe('launch');
  });
});
