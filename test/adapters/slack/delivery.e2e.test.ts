import { render, text } from '../../../src/core/i18n';
import { listAll } from '../../../src/store/list-all';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import { GatedStore } from '../../helpers/slack/gated-store';
import {
  type ChannelSession,
  type PostedMessage,
  type SlackHarness,
  startSlackHarness,
  withoutStepMessages,
} from '../../helpers/slack/harness';
import {
  ANNA,
  appMentionEvent,
  BEN,
  eventCallback,
  slashCommandFields,
  urlVerificationBody,
} from '../../helpers/slack/payloads';
import { nowSeconds } from '../../helpers/slack/signing';

/**
 * What Slack's delivery does to an app: retried deliveries, double clicks, clicks on old messages, two people at once,
 * forged or replayed requests, and the URL check when the Events API is switched on.
 */

let h: SlackHarness;
let gated: GatedStore;

beforeEach(async () => {
  gated = new GatedStore(new MemoryStore());
  h = await startSlackHarness({ store: gated });
});

afterEach(async () => {
  await h.close();
});

const TEAM = 'team:slack:T1:';

/** `/paysetup start` and the first answer: the channel is at "processing" (a single choice). */
async function atProcessing(
  channel: string,
): Promise<{ session: ChannelSession; placement: PostedMessage; processing: PostedMessage }> {
  const session = h.channel(channel);
  await session.command('start');
  const placement = session.currentQuestion();
  if (placement?.questionId !== 'placement') throw new Error('expected the placement question');
  await session.submitChoices(placement, 'placement', ['cart']);
  const processing = session.currentQuestion();
  if (processing?.questionId !== 'processing') throw new Error('expected the processing question');
  return { session, placement, processing };
}

/** Questions posted since a mark (by the question the message asked). */
function questionsPostedSince(session: ChannelSession, mark: number): string[] {
  return session
    .posted()
    .filter((m) => m.seq > mark && m.askedQuestionId !== null)
    .map((m) => m.askedQuestionId as string);
}

describe('a retried delivery (X-Slack-Retry-Num, same body)', () => {
  it('of a click is not applied again and posts nothing', async () => {
    const { session, processing } = await atProcessing('C0RETRY1');
    const click = session.clickPayload(processing, 'ps:choose:processing:capture_at_order', ANNA);
    expect((await h.sender.interact(click)).status).toBe(200);
    await h.idle();
    const before = await h.record('C0RETRY1');
    const mark = h.fake.mark();

    for (const retryNum of [1, 2]) {
      const retry = await h.sender.interact(click, { retryNum, retryReason: 'http_timeout' });
      expect(retry.status).toBe(200);
    }
    await h.idle();

    expect(h.fake.since(mark)).toEqual([]);
    const after = await h.record('C0RETRY1');
    expect(after?.context.answers).toEqual(before?.context.answers);
    expect(after?.context.revisions).toEqual([]);
  });

  it('that arrives while the first is still running applies once and posts once', async () => {
    const { session, processing } = await atProcessing('C0RETRY2');
    const click = session.clickPayload(processing, 'ps:choose:processing:capture_at_order', ANNA);
    const mark = h.fake.mark();
    // Both deliveries load the same version of the record before either saves (http_timeout retries fire at 3 s).
    gated.barrier(TEAM, 2);
    const [first, retry] = await Promise.all([
      h.sender.interact(click),
      h.sender.interact(click, { retryNum: 1, retryReason: 'http_timeout' }),
    ]);
    await h.idle();

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(gated.mismatches).toBeGreaterThanOrEqual(1); // the race really happened
    expect(questionsPostedSince(session, mark)).toEqual(['pending_authorization']);
    expect(h.fake.since(mark, 'chat.postEphemeral')).toEqual([]);
    expect(withoutStepMessages(h.fake.since(mark, 'chat.update')).length).toBeLessThanOrEqual(1);
    const record = await h.record('C0RETRY2');
    expect(record?.context.answers.processing?.value).toBe('capture_at_order');
    expect(record?.context.revisions).toEqual([]);
  });

  it('of a slash command is not applied again and posts nothing', async () => {
    const session = h.channel('C0RETRY3');
    const fields = slashCommandFields('start', ANNA, { channel: 'C0RETRY3' }, h.fake.responseUrl('cmd'));
    await h.sender.command(fields);
    await h.idle();
    const posted = h.fake.callsOf('chat.postMessage').length;
    expect(posted).toBeGreaterThan(0);
    const mark = h.fake.mark();

    await h.sender.command(fields, { retryNum: 1, retryReason: 'http_timeout' });
    await h.idle();

    expect(h.fake.since(mark).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect(session.posted()).toHaveLength(posted);
  });

  it('of a mention is not applied again and posts nothing', async () => {
    const { session } = await atProcessing('C0RETRY4');
    const envelope = eventCallback(appMentionEvent(ANNA, 'C0RETRY4', 'zurück'));
    await h.sender.event(envelope);
    await h.idle();
    expect(session.currentQuestion()?.questionId).toBe('placement');
    const before = await h.record('C0RETRY4');
    const mark = h.fake.mark();

    await h.sender.event(envelope, { retryNum: 1, retryReason: 'http_timeout' });
    await h.idle();

    expect(h.fake.since(mark).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect((await h.record('C0RETRY4'))?.context.cursor).toBe(before?.context.cursor);
  });

  // `bericht` and `link` do not go through the engine (no turn to replay): the edge's own mark of the delivery keeps
  // the Events API's retry from posting the whole plan again or handing out a second code.
  it.each([
    { line: 'bericht', method: 'chat.postMessage' },
    { line: 'link', method: 'chat.postEphemeral' },
  ])('of "@paysetup $line" does not answer twice', async ({ line, method }) => {
    await atProcessing('C0RETRY5');
    const envelope = eventCallback(appMentionEvent(ANNA, 'C0RETRY5', line));
    const mark = h.fake.mark();
    await h.sender.event(envelope);
    await h.idle();
    expect(h.fake.since(mark, method)).toHaveLength(1);

    await h.sender.event(envelope, { retryNum: 1, retryReason: 'http_timeout' });
    await h.idle();

    expect(h.fake.since(mark, method)).toHaveLength(1);
  });
});

describe('a double click', () => {
  // The engine reports the second click as "already answered by anna"; Slack recognizes it as the same person's own
  // double click (SlackDialog.isOwnDoubleClick) and says nothing, rather than telling anna that anna answered.
  it('one after the other posts nothing more and tells the clicker nothing', async () => {
    const { session, processing } = await atProcessing('C0DOUBLE1');
    await session.click(processing, 'ps:choose:processing:capture_at_order', ANNA);
    const mark = h.fake.mark();

    await session.click(processing, 'ps:choose:processing:capture_at_order', ANNA);

    expect(h.fake.since(mark)).toEqual([]);
  });

  it('with both clicks in flight at once applies once and posts the next question once', async () => {
    const { session, processing } = await atProcessing('C0DOUBLE2');
    const mark = h.fake.mark();
    gated.barrier(TEAM, 2);
    await Promise.all([
      h.sender.interact(session.clickPayload(processing, 'ps:choose:processing:capture_at_order', ANNA)),
      h.sender.interact(session.clickPayload(processing, 'ps:choose:processing:capture_at_order', ANNA)),
    ]);
    await h.idle();

    expect(gated.mismatches).toBeGreaterThanOrEqual(1);
    expect(questionsPostedSince(session, mark)).toEqual(['pending_authorization']);
    expect(withoutStepMessages(h.fake.since(mark, 'chat.update')).length).toBeLessThanOrEqual(1);
    expect(h.fake.since(mark, 'chat.postEphemeral')).toEqual([]);
    const record = await h.record('C0DOUBLE2');
    expect(record?.context.answers.processing?.value).toBe('capture_at_order');
    expect(record?.context.revisions).toEqual([]);
  });
});

describe('a click on an earlier question', () => {
  it('changes nothing and tells the clicker, privately, which question is current', async () => {
    const { session, processing } = await atProcessing('C0STALE');
    await session.click(processing, 'ps:choose:processing:capture_at_order', ANNA);
    expect(session.currentQuestion()?.questionId).toBe('pending_authorization');
    const before = await h.record('C0STALE');
    const mark = h.fake.mark();

    // Ben scrolls up and clicks another choice on the processing message, whose buttons he still sees.
    await session.click(processing, 'ps:choose:processing:capture_at_shipment', BEN);

    const after = await h.record('C0STALE');
    expect(after?.context.answers).toEqual(before?.context.answers);
    expect(after?.context.cursor).toBe('pending_authorization');
    expect(after?.state).toBe(before?.state);
    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    expect(h.fake.since(mark, 'chat.update')).toEqual([]);
    const told = h.fake.since(mark, 'chat.postEphemeral');
    expect(told).toHaveLength(1);
    expect(told[0]?.args).toMatchObject({ channel: 'C0STALE', user: BEN.id });
    const shown = unescapeMrkdwn(allText(told[0]?.args.blocks));
    expect(shown).toContain(text('de', 'slack:current'));
    expect(shown).toContain(text('de', 'flow:questions.pending_authorization.prompt'));
    expect(shown).toContain(ANNA.username); // who answered it
  });
});

describe('two teammates answering at once', () => {
  it('lets one win and tells the other, privately, who answered', async () => {
    const { session, processing } = await atProcessing('C0RACE');
    const mark = h.fake.mark();
    gated.barrier(TEAM, 2);
    await Promise.all([
      h.sender.interact(session.clickPayload(processing, 'ps:choose:processing:capture_at_order', ANNA)),
      h.sender.interact(session.clickPayload(processing, 'ps:choose:processing:capture_at_shipment', BEN)),
    ]);
    await h.idle();

    expect(gated.mismatches).toBeGreaterThanOrEqual(1);
    const record = await h.record('C0RACE');
    const answer = record?.context.answers.processing;
    const winner = answer?.by.id === ANNA.id ? ANNA : BEN;
    const loser = winner === ANNA ? BEN : ANNA;
    expect(answer?.value).toBe(winner === ANNA ? 'capture_at_order' : 'capture_at_shipment');
    expect(record?.context.revisions).toEqual([]);
    expect(questionsPostedSince(session, mark)).toEqual(['pending_authorization']);

    const ephemerals = h.fake.since(mark, 'chat.postEphemeral');
    expect(ephemerals.map((c) => c.args.user)).toEqual([loser.id]);
    const told = unescapeMrkdwn(allText(ephemerals[0]?.args.blocks));
    // In Slack's wording, which points to `/paysetup antworten` to see and change answers.
    expect(told).toContain(
      render(
        'de',
        {
          key: 'notice.answer.already',
          params: {
            by: winner.username,
            answer: { key: `flow:questions.processing.choices.${String(answer?.value)}` },
          },
        },
        'slack',
      ),
    );
    expect(told).toContain('/paysetup antworten');
  });
});

describe('request signatures', () => {
  const forgeries = [
    { name: 'signed with another secret', options: { secret: 'not-the-signing-secret-0000000000' } },
    { name: 'with a timestamp older than five minutes', options: { timestamp: nowSeconds() - 6 * 60 } },
    {
      name: 'changed after signing',
      options: { tamper: (raw: string) => raw.replace('start', 'neu%20starten') },
    },
  ];

  it.each(forgeries)(
    'rejects a slash command $name with 401: nothing stored, nothing posted',
    async ({ options }) => {
      const fields = slashCommandFields('start', ANNA, { channel: 'C0FORGED' }, h.fake.responseUrl('cmd'));
      const response = await h.sender.command(fields, options);
      await h.idle();

      expect(response.status).toBe(401);
      expect(await listAll(h.store, '')).toEqual([]);
      expect(h.fake.calls).toEqual([]);
    },
  );

  it.each(forgeries)('rejects a mention $name with 401', async ({ options }) => {
    const response = await h.sender.event(eventCallback(appMentionEvent(ANNA, 'C0FORGED', 'start')), options);
    await h.idle();
    expect(response.status).toBe(401);
    expect(await listAll(h.store, '')).toEqual([]);
    expect(h.fake.calls).toEqual([]);
  });

  it('rejects a click without signature headers with 401', async () => {
    const { session, processing } = await atProcessing('C0NOSIG');
    const before = await listAll(h.store, '');
    const mark = h.fake.mark();
    const raw = new URLSearchParams({
      payload: JSON.stringify(
        session.clickPayload(processing, 'ps:choose:processing:capture_at_order', ANNA),
      ),
    }).toString();
    const response = await fetch(h.sender.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: raw,
    });
    await h.idle();
    expect(response.status).toBe(401);
    expect(await listAll(h.store, '')).toEqual(before);
    expect(h.fake.since(mark)).toEqual([]);
  });

  it('accepts a request signed four minutes ago (inside the five-minute window)', async () => {
    const fields = slashCommandFields('start', ANNA, { channel: 'C0LATE' }, h.fake.responseUrl('cmd'));
    const response = await h.sender.command(fields, { timestamp: nowSeconds() - 4 * 60 });
    await h.idle();
    expect(response.status).toBe(200);
    expect(h.channel('C0LATE').currentQuestion()?.questionId).toBe('placement');
  });
});

describe('url_verification', () => {
  it('echoes the challenge of a signed request', async () => {
    const response = await h.sender.event(
      urlVerificationBody('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
    expect(h.fake.calls).toEqual([]);
  });

  it('refuses an unsigned one', async () => {
    const response = await h.sender.event(urlVerificationBody('x'), {
      secret: 'wrong-secret-wrong-secret-000000',
    });
    expect(response.status).toBe(401);
  });
});
