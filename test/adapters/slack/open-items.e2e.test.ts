import type { Locale, Message } from '../../../src/core/context';
import type { DialogInput } from '../../../src/core/events';
import { displayLabel, render } from '../../../src/core/i18n';
import { type OpenItem, openItemMessage } from '../../../src/core/open-items';
import { findQuestion } from '../../../src/core/progress';
import { flow } from '../../helpers/dialog';
import { callViolations } from '../../helpers/slack/block-kit-limits';
import { actionIds, allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import type { RecordedCall } from '../../helpers/slack/fake-slack-api';
import { type ChannelSession, type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { type DriveResult, driveOnboarding, NOTHING_OPEN } from '../../helpers/slack/onboarding-driver';
import { ANNA } from '../../helpers/slack/payloads';

/**
 * Never a false all-clear, in Slack: a team skips the refund test with a reason (through the skip modal) and skips the
 * Seller Central checklist with one item left unticked. Done then says how many items are open and lists them as
 * tasks, the plan lists them too, and closing them later (from the status or the answer list) takes each off the
 * list until the team is ready, without the celebration of a first finish. The steps build on one another, in order.
 */

const REASONS = {
  de: {
    refund: 'Erstattungen laufen über JTL-Wawi, Test folgt nächste Woche',
    checklist: 'Die Kontaktdaten prüft der Kundenservice erst nach der Schulung',
  },
  en: {
    refund: 'Refunds run through our ERP, we test them next week',
    checklist: 'Customer service checks its contact details after the training',
  },
} as const;

const COMMANDS = {
  de: { status: 'status', answers: 'antworten', report: 'bericht' },
  en: { status: 'status', answers: 'answers', report: 'report' },
} as const;

const checklist = findQuestion(flow, 'seller_central');
if (checklist?.kind !== 'checklist') throw new Error('seller_central is a checklist');
/** The item the team leaves unticked. */
const LEFT_OPEN = checklist.items.at(-1) as string;

const shown = (call: RecordedCall | undefined) => unescapeMrkdwn(allText(call?.args.blocks));

describe.each([
  { locale: 'de' as Locale, slackLocale: 'de-DE' },
  { locale: 'en' as Locale, slackLocale: 'en-US' },
])('open items in Slack ($locale)', ({ locale, slackLocale }) => {
  const say = (message: Message) => render(locale, message, 'slack');
  const team = 'slack:T1:C0OPEN';
  const reasons = REASONS[locale];
  const commands = COMMANDS[locale];
  let h: SlackHarness;
  let session: ChannelSession;
  let run: DriveResult;
  /** Everything posted to the channel so far, as read. */
  const channelTexts = () => h.fake.callsOf('chat.postMessage').map((c) => shown(c));
  const ready = () => say({ key: 'done.ready' });

  beforeAll(async () => {
    h = await startSlackHarness({ defaultLocale: 'de' });
    h.fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale });
    session = h.channel('C0OPEN');
    await session.command('start');
    const moves: Record<string, DialogInput[]> = {
      test_refund: [{ type: 'SKIP', questionId: 'test_refund', reason: reasons.refund }],
      seller_central: [
        ...checklist.items
          .filter((item) => item !== LEFT_OPEN)
          .map(
            (itemId): DialogInput => ({ type: 'CHECK', questionId: 'seller_central', itemId, checked: true }),
          ),
        { type: 'SKIP', questionId: 'seller_central', reason: reasons.checklist },
      ],
    };
    run = await driveOnboarding(session, { pick: NOTHING_OPEN, moves });
  });

  afterAll(async () => {
    await h?.close();
  });

  /** The team's open items as the engine has them now. */
  async function itemsNow(): Promise<OpenItem[]> {
    return (await h.engine.status(team))?.items ?? [];
  }

  it('reaches done with exactly the two items it left open', async () => {
    expect((await h.record('C0OPEN'))?.state).toBe('done');
    expect(await itemsNow()).toEqual([
      expect.objectContaining({ kind: 'skipped', questionId: 'test_refund', reason: reasons.refund }),
      expect.objectContaining({
        kind: 'unticked',
        questionId: 'seller_central',
        itemId: LEFT_OPEN,
        reason: reasons.checklist,
      }),
    ]);
  });

  it('says "2 items open" when done and lists them as tasks, never "ready to launch"', async () => {
    const items = await itemsNow();
    const finale = (run.visits.at(-1)?.posts ?? []).map((c) => shown(c));
    const done = finale.find((t) => t.includes(say({ key: 'done.withOpen', params: { count: 2 } })));
    expect(done).toBeDefined();
    for (const item of items) expect(done).toContain(`• ${say(openItemMessage(item))}`);
    // The summary counts both skips.
    const answers = Object.values((await h.record('C0OPEN'))?.context.answers ?? {});
    const passed = answers.filter((a) => (a.value as { status?: string }).status === 'passed').length;
    expect(done).toContain(
      say({ key: 'done.summary', params: { count: answers.length, passed, skipped: 2 } }),
    );
    expect(channelTexts().filter((t) => t.includes(ready()))).toEqual([]);
  });

  it('marks the skipped test and the skipped checklist as skipped, the unticked item as open', () => {
    const refund = run.visits.find((v) => v.questionId === 'test_refund');
    const answered = shown(refund?.updates.at(-1));
    expect(
      refund?.modals.map(
        (m) => JSON.parse(String((m.args.view as { private_metadata: string }).private_metadata)).kind,
      ),
    ).toEqual(['skip']);
    expect(answered).toContain('⏭️');
    expect(answered).toContain(reasons.refund);
    expect(answered).not.toContain('✅');
    expect(actionIds(refund?.updates.at(-1)?.args.blocks)).toEqual([]);

    const list = run.visits.find((v) => v.questionId === 'seller_central');
    const form = shown(list?.updates.at(-1));
    expect(form).toContain('⏭️');
    for (const item of checklist.items) {
      const label = displayLabel(locale, `flow:questions.seller_central.items.${item}`);
      expect(form).toContain(`${item === LEFT_OPEN ? '⬜' : '✅'} ${label}`);
    }
    expect(actionIds(list?.updates.at(-1)?.args.blocks)).toEqual([]);
  });

  it('posts a plan whose open items are these two tasks', async () => {
    const items = await itemsNow();
    const mark = h.fake.mark();

    await session.command(commands.report);

    const plan = h.fake
      .since(mark, 'chat.postMessage')
      .map((c) => shown(c))
      .join('\n')
      .split('\n');
    const heading = plan.indexOf(`*${render(locale, { key: 'report.open' })}*`);
    expect(heading).toBeGreaterThanOrEqual(0);
    const section = plan.slice(heading + 1);
    const listed = section
      .slice(
        0,
        section.findIndex((line) => line.startsWith('*')),
      )
      .filter((l) => l.trim());
    expect(listed).toEqual(items.map((item) => `☐ ${render(locale, openItemMessage(item))}`));
  });

  it('closes the skipped test from the status message: one fewer, back at done, no second celebration', async () => {
    await session.command(commands.status);
    const status = session.lastEphemeral(ANNA);
    expect(unescapeMrkdwn(allText(status.blocks))).toContain(
      say({ key: 'overview.openItems', params: { count: 2 } }),
    );
    expect(actionIds(status.blocks)).toEqual(['ps:change:test_refund', 'ps:change:seller_central']);
    const mark = h.fake.mark();

    await session.click(status, 'ps:change:test_refund', ANNA);

    const again = session.currentQuestion();
    expect(again?.questionId).toBe('test_refund');
    expect(h.fake.since(mark, 'chat.postMessage').map((c) => c.args.text)).toEqual([
      say({
        key: 'notice.revisit.started',
        params: { question: { key: 'flow:questions.test_refund.prompt' } },
      }),
      say({ key: 'flow:questions.test_refund.prompt' }),
    ]);
    const passed = h.fake.mark();

    await session.click(again as NonNullable<typeof again>, 'ps:passed:test_refund', ANNA);

    const remaining = await itemsNow();
    expect(remaining.map((item) => item.questionId)).toEqual(['seller_central']);
    const posted = h.fake.since(passed, 'chat.postMessage').map((c) => shown(c));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(say({ key: 'done.withOpenAgain', params: { count: 1 } }));
    expect(posted[0]).toContain(say(openItemMessage(remaining[0] as OpenItem)));
    expect(posted[0]).not.toContain(say({ key: 'done.withOpen', params: { count: 1 } }));
    expect(session.currentQuestion()).toBeNull();
    expect((await h.record('C0OPEN'))?.state).toBe('done');

    await session.command(commands.status);
    const after = session.lastEphemeral(ANNA);
    expect(unescapeMrkdwn(allText(after.blocks))).toContain(
      say({ key: 'overview.openItems', params: { count: 1 } }),
    );
    expect(actionIds(after.blocks)).toEqual(['ps:change:seller_central']);
  });

  it('closes the checklist item from the answer list: nothing open, ready again without the celebration', async () => {
    await session.command(commands.answers);
    const answers = session.lastEphemeral(ANNA);
    expect(actionIds(answers.blocks)).toContain('ps:change:seller_central');

    await session.click(answers, 'ps:change:seller_central', ANNA);

    const again = session.currentQuestion();
    expect(again?.questionId).toBe('seller_central');
    // Only the item left open can be ticked; the others are shown as ticked.
    expect(actionIds(again?.blocks).filter((id) => id.startsWith('ps:tick:'))).toEqual([
      `ps:tick:seller_central:${LEFT_OPEN}`,
    ]);
    const mark = h.fake.mark();

    await session.click(again as NonNullable<typeof again>, `ps:tick:seller_central:${LEFT_OPEN}`, ANNA);

    expect(await itemsNow()).toEqual([]);
    const posted = h.fake.since(mark, 'chat.postMessage').map((c) => shown(c));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(say({ key: 'done.readyAgain' }));
    expect(channelTexts().filter((t) => t.includes(ready()))).toEqual([]);
    const record = await h.record('C0OPEN');
    expect(record?.state).toBe('done');
    expect(record?.context.skips).toEqual({});

    await session.command(commands.status);
    const status = unescapeMrkdwn(allText(session.lastEphemeral(ANNA).blocks));
    expect(status).toContain(say({ key: 'overview.noOpenItems' }));
    expect(status).toContain(say({ key: 'overview.doneActions' }));
  });

  it('kept every message within Block Kit limits and told no one of a problem', () => {
    expect(callViolations(h.fake.calls)).toEqual([]);
    expect(h.logger.problems()).toEqual([]);
  });
});
