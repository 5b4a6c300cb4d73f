import { text } from '../../../src/core/i18n';
import { allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import type { RecordedCall } from '../../helpers/slack/fake-slack-api';
import {
  type ChannelSession,
  type PostedMessage,
  type SlackHarness,
  startSlackHarness,
} from '../../helpers/slack/harness';
import { ANNA, BEN } from '../../helpers/slack/payloads';
import { seedInto } from '../../helpers/slack/seed';

/** Modals: a free-text answer, a failed test's note, a skip reason; a wrong format shown inside the modal. */

let h: SlackHarness;

beforeEach(async () => {
  h = await startSlackHarness();
});

afterEach(async () => {
  await h.close();
});

/** The channel at `questionId`, and the question message as posted after `/paysetup start` (it re-asks). */
async function at(
  channel: string,
  questionId: string,
): Promise<{ session: ChannelSession; message: PostedMessage }> {
  await seedInto(h.store, channel, questionId);
  const session = h.channel(channel);
  await session.command('start');
  const message = session.currentQuestion();
  if (message?.questionId !== questionId)
    throw new Error(`expected ${questionId}, got ${message?.questionId}`);
  return { session, message };
}

/** Clicks a button that opens a modal; returns the views.open call (checked against the click's trigger_id). */
async function open(
  session: ChannelSession,
  message: PostedMessage,
  actionId: string,
): Promise<RecordedCall> {
  const mark = h.fake.mark();
  const payload = session.clickPayload(message, actionId, ANNA);
  await h.sender.interact(payload);
  await h.idle();
  const opened = h.fake.since(mark, 'views.open');
  expect(opened).toHaveLength(1);
  expect(opened[0]?.args.trigger_id).toBe(payload.trigger_id);
  return opened[0] as RecordedCall;
}

it('shows a wrong format inside the modal, records nothing, posts nothing', async () => {
  const { session, message } = await at('C0MODAL1', 'sandbox_key');
  const modal = await open(session, message, 'ps:text:sandbox_key');
  const before = await h.record('C0MODAL1');
  const mark = h.fake.mark();

  const ack = await session.submitModal(modal, 'not a key');

  const body = JSON.parse(ack.text) as { response_action: string; errors: Record<string, string> };
  expect(body.response_action).toBe('errors');
  expect(Object.keys(body.errors)).toEqual(['ps:input']);
  expect(body.errors['ps:input']).toContain(text('de', 'notice.answer.invalid', { hint: '' }).trim());
  expect(h.fake.since(mark).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  expect((await h.record('C0MODAL1'))?.context.answers).toEqual(before?.context.answers);
});

// Pinned on a src bug, on one assumption about Slack (see report): the submission's idempotency key is
// `view:<id>:<hash>`, and the hash tracks the view's definition, which `response_action: errors` does not change. The
// corrected second submission of the same modal therefore carries the same key, the engine replays the first
// (invalid) reply, and the modal shows the same error again however the user corrects the value.
it('accepts the corrected value when the same modal is submitted again after an error', async () => {
  const { session, message } = await at('C0MODAL2', 'sandbox_key');
  const modal = await open(session, message, 'ps:text:sandbox_key');
  const first = await session.submitModal(modal, 'not a key');
  expect(JSON.parse(first.text).response_action).toBe('errors');

  const second = await session.submitModal(modal, 'SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK');

  expect(second.text).toBe('');
  expect((await h.record('C0MODAL2'))?.context.answers.sandbox_key?.value).toBe(
    'SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK',
  );
  expect(session.currentQuestion()?.questionId).toBe('merchant_id');
});

it('records a failed test with the note from the modal and keeps the team on the test, with guidance', async () => {
  const { session, message } = await at('C0MODAL3', 'test_component');
  const modal = await open(session, message, 'ps:failed:test_component');
  const view = modal.args.view as { title: { text: string }; blocks: { type: string; optional?: boolean }[] };
  expect(view.title.text).toBe(text('de', 'slack:modal.title.failed'));
  expect(view.blocks.find((b) => b.type === 'input')?.optional).toBe(true);

  const ack = await session.submitModal(modal, 'Button bleibt grau, Konsole: „Ungültige Signatur“');

  expect(ack.text).toBe('');
  const record = await h.record('C0MODAL3');
  expect(record?.context.answers.test_component?.value).toEqual({
    status: 'failed',
    note: 'Button bleibt grau, Konsole: „Ungültige Signatur“',
  });
  const current = session.currentQuestion();
  expect(current?.questionId).toBe('test_component');
  expect(unescapeMrkdwn(allText(current?.blocks))).toContain(
    text('de', 'flow:questions.test_component.guidance'),
  );
});

it('skips with the reason typed into the skip modal', async () => {
  const { session, message } = await at('C0MODAL4', 'welcome_kit');
  const modal = await open(session, message, 'ps:skip-reason:welcome_kit');
  expect(
    JSON.parse(String((modal.args.view as { private_metadata: string }).private_metadata)),
  ).toMatchObject({
    kind: 'skip',
    questionId: 'welcome_kit',
    channel: 'C0MODAL4',
    messageTs: message.ts,
  });

  await session.submitModal(modal, 'Das Welcome-Kit kommt erst nächste Woche');

  expect((await h.record('C0MODAL4'))?.context.skips.welcome_kit).toMatchObject({
    reason: 'Das Welcome-Kit kommt erst nächste Woche',
    by: { id: ANNA.id },
  });
  expect(session.currentQuestion()?.questionId).toBe('decline_handling');
});

it('opens no modal for an earlier question and says, privately, which one is current', async () => {
  const { session, message } = await at('C0MODAL5', 'oms');
  await session.command('überspringen');
  expect(session.currentQuestion()?.questionId).toBe('payments');
  const mark = h.fake.mark();

  await session.click(message, 'ps:text:oms', BEN);

  expect(h.fake.since(mark, 'views.open')).toEqual([]);
  const told = h.fake.since(mark, 'chat.postEphemeral');
  expect(told.map((c) => c.args.user)).toEqual([BEN.id]);
  expect(unescapeMrkdwn(allText(told[0]?.args.blocks))).toContain(
    text('de', 'flow:questions.payments.prompt'),
  );
});

it('a modal answer given after someone else answered meanwhile changes nothing and says so', async () => {
  const { session, message } = await at('C0MODAL6', 'oms');
  const modal = await open(session, message, 'ps:text:oms');
  await session.command('überspringen', BEN);
  const before = await h.record('C0MODAL6');
  const mark = h.fake.mark();

  const ack = await session.submitModal(modal, 'JTL-Wawi');

  expect(ack.status).toBe(200);
  expect((await h.record('C0MODAL6'))?.context.answers).toEqual(before?.context.answers);
  expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
  expect(h.fake.since(mark, 'chat.postEphemeral').map((c) => c.args.user)).toEqual([ANNA.id]);
});
