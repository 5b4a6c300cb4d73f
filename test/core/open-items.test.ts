import type { DialogInput } from '../../src/core/events';
import { render } from '../../src/core/i18n';
import { openItemMessage, openItems } from '../../src/core/open-items';
import type { Reply } from '../../src/core/reply';
import { answerFor, flow, testEngine } from '../helpers/dialog';

/**
 * Open items are what stands between a team and its launch. The bot must never give a false all-clear: every skipped
 * question, skipped or failed test, unticked item of a skipped checklist and gap in the answers stays on the list
 * until it is closed, and "ready to launch" is said only when the list is empty.
 */

const TEAM = 'test:open-items';
const REFUND_REASON = 'Erstattungen laufen über JTL-Wawi, Test folgt nächste Woche';
const TAX_REASON = 'Steuerberater meldet sich nächste Woche';

const setup = () => testEngine(TEAM);

/**
 * A team that handles every decline case, but skips the refund test and the Seller Central checklist with one
 * item (tax status) left unticked; everything else answered the canonical way.
 */
async function finishWithOpenItems(
  send: (input: DialogInput | DialogInput[]) => Promise<Reply>,
): Promise<Reply> {
  let reply = await send({ type: 'START' });
  const pick = {
    decline_handling: ['soft_retry', 'hard_update', 'other_method'],
    pending_authorization: 'no',
  };
  for (let turn = 0; !reply.done && turn < 80; turn += 1) {
    const id = reply.question?.id;
    if (!id) throw new Error(`no question in ${reply.state}`);
    if (id === 'test_refund') reply = await send({ type: 'SKIP', questionId: id, reason: REFUND_REASON });
    else if (id === 'seller_central') {
      const ticks = answerFor(flow, id).filter(
        (input) => input.type === 'CHECK' && input.itemId !== 'tax_status',
      );
      await send(ticks);
      reply = await send({ type: 'SKIP', questionId: id, reason: TAX_REASON });
    } else reply = await send(answerFor(flow, id, pick));
  }
  return reply;
}

describe('open items', () => {
  test('a finished team with a skipped test and an unticked item hears "N open items", not "ready to launch"', async () => {
    const { send } = setup();
    const done = await finishWithOpenItems(send);
    expect(done.done).toBe(true);
    expect(done.openItems.map((item) => [item.kind, item.questionId])).toEqual([
      ['skipped', 'test_refund'],
      ['unticked', 'seller_central'],
    ]);
    const keys = done.messages.map((m) => m.key);
    expect(keys).toContain('done.withOpen');
    expect(keys).not.toContain('done.ready');
    const headline = done.messages.find((m) => m.key === 'done.withOpen');
    expect(headline?.params).toEqual({ count: 2 });
    // The items follow the headline, as tasks in the imperative with the reason given.
    for (const locale of ['de', 'en'] as const) {
      const lines = done.openItems.map((item) => render(locale, openItemMessage(item)));
      expect(lines[0]).toBe(
        render(locale, {
          key: 'open.skipped',
          params: { task: { key: 'flow:questions.test_refund.task' }, reason: REFUND_REASON },
        }),
      );
      expect(lines[1]).toContain(render(locale, { key: 'flow:questions.seller_central.tasks.tax_status' }));
      expect(lines[1]).toContain(TAX_REASON);
      // Not the question's text: a task.
      expect(lines[0]).not.toContain(render(locale, { key: 'flow:questions.test_refund.prompt' }));
    }
    expect(render('de', done.openItems[0] ? openItemMessage(done.openItems[0]) : { key: '' })).toBe(
      `Erstattungstest durchführen – übersprungen: ${REFUND_REASON}`,
    );
  });

  test('closing an open item later moves it off the list, without starting over, and the celebration stays unsaid', async () => {
    const { send, engine } = setup();
    await finishWithOpenItems(send);
    const answers = await send({ type: 'ANSWERS' });
    const refund = answers.answers?.find((a) => a.questionId === 'test_refund');
    expect(refund).toBeDefined();
    const back = await send({ type: 'REVISIT', number: refund?.number as number });
    expect(back.outcome).toEqual({ kind: 'revisiting', questionId: 'test_refund' });
    expect(back.question?.id).toBe('test_refund');
    const passed = await send({ type: 'RECORD_TEST', questionId: 'test_refund', status: 'passed' });
    expect(passed.done).toBe(true);
    expect(passed.openItems.map((i) => i.questionId)).toEqual(['seller_central']);
    const keys = passed.messages.map((m) => m.key);
    expect(keys).toContain('done.withOpenAgain');
    expect(keys).not.toContain('done.withOpen');
    expect(keys).not.toContain('done.ready');
    expect(keys).not.toContain('step.completed');
    // Ticking the last item from another turn (any channel) closes the checklist: nothing is open any more.
    const checklist = answers.answers?.find((a) => a.questionId === 'seller_central');
    await send({ type: 'REVISIT', number: checklist?.number as number });
    const ticked = await send({
      type: 'CHECK',
      questionId: 'seller_central',
      itemId: 'tax_status',
      checked: true,
    });
    expect(ticked.openItems).toEqual([]);
    expect(ticked.messages.map((m) => m.key)).toContain('done.readyAgain');
    expect(ticked.messages.map((m) => m.key)).not.toContain('done.ready');
    const status = await engine.status(TEAM);
    expect(status).toMatchObject({ done: true, openItems: 0 });
  });

  test('every kind: skipped question, failed-then-skipped test, "no" then skipped, and gaps the answers reveal', async () => {
    const { send } = setup();
    let reply = await send({ type: 'START' });
    const pick = { decline_handling: ['none'], pending_authorization: 'unsure' };
    for (let turn = 0; reply.state !== 'test' && turn < 40; turn += 1) {
      const id = reply.question?.id as string;
      if (id === 'oms') reply = await send({ type: 'SKIP', questionId: id });
      else if (id === 'welcome_kit') {
        await send({ type: 'ANSWER', questionId: id, value: false });
        reply = await send({ type: 'SKIP', questionId: id, reason: 'kein Kit erhalten' });
      } else reply = await send(answerFor(flow, id, pick));
    }
    await send({
      type: 'RECORD_TEST',
      questionId: 'test_component',
      status: 'failed',
      note: 'Signatur falsch',
    });
    reply = await send({ type: 'SKIP', questionId: 'test_component', reason: 'Fix kommt' });
    const items = reply.openItems;
    expect(items.map((i) => (i.kind === 'gap' ? `gap:${i.gapId}` : `${i.kind}:${i.questionId}`))).toEqual([
      'gap:pending_authorization_unknown',
      'skipped:oms',
      'declined:welcome_kit',
      'gap:decline_soft_retry',
      'gap:decline_hard_update',
      'gap:decline_other_method',
      'failed:test_component',
    ]);
    const failed = items.at(-1);
    expect(failed).toMatchObject({ note: 'Signatur falsch', skipReason: 'Fix kommt' });
    expect(render('en', openItemMessage(failed as (typeof items)[number]))).toBe(
      'Run the component test – failed (Signatur falsch), skipped: Fix kommt',
    );
    // Each carries the number of its question in the answer list, for "change N".
    const list = (await send({ type: 'ANSWERS' })).answers ?? [];
    for (const item of items) {
      expect(item.number).toBe(list.find((entry) => entry.questionId === item.questionId)?.number);
    }
  });

  test('a question still ahead is not an open item, and neither is one answered as it should be', () => {
    const context = {
      locale: 'de' as const,
      cursor: 'placement',
      answers: {},
      checks: {},
      skips: {},
      revisions: [],
      startedAt: '2026-12-01T09:00:00.000Z',
      lastActivityAt: null,
      doneAt: null,
      snoozedUntil: null,
    };
    expect(openItems(flow, context)).toEqual([]);
  });
});
