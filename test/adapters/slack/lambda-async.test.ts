import { randomUUID } from 'node:crypto';
import type { SlackHandover } from '../../../src/adapters/slack/handover';
import { createSlackLambdaHandler } from '../../../src/adapters/slack/lambda';
import type { Locale } from '../../../src/core/context';
import { DialogEngine } from '../../../src/core/engine';
import { render, text } from '../../../src/core/i18n';
import { LinkService } from '../../../src/linking/LinkService';
import { listAll } from '../../../src/store/list-all';
import { MemoryStore } from '../../../src/store/MemoryStore';
import type { KeyValueStore } from '../../../src/store/port';
import { answerFor, flow } from '../../helpers/dialog';
import { allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import { CaptureLogger } from '../../helpers/slack/capture-logger';
import { FakeSlackApi, type RecordedCall } from '../../helpers/slack/fake-slack-api';
import type { ChannelSession, PostedMessage } from '../../helpers/slack/harness';
import { withoutStepMessages } from '../../helpers/slack/harness';
import { httpApiEvent } from '../../helpers/slack/http-api';
import { type LambdaSlackHarness, startLambdaSlackHarness } from '../../helpers/slack/lambda-harness';
import { slackOnLambda } from '../../helpers/slack/lambda-pair';
import { driveOnboarding, NOTHING_OPEN } from '../../helpers/slack/onboarding-driver';
import {
  ANNA,
  appMentionEvent,
  eventCallback,
  slashCommandFields,
  urlVerificationBody,
  viewSubmissionPayload,
} from '../../helpers/slack/payloads';
import { seedInto } from '../../helpers/slack/seed';
import { nowSeconds, SIGNING_SECRET, signedHeaders } from '../../helpers/slack/signing';
import { type Dynalite, startDynalite, uniquePartition } from '../../store/dynalite';

/**
 * Slack on AWS Lambda as serverless.yml deploys it: the HTTP function answers at once and hands the work to the
 * worker function (an asynchronous invocation; here a queue the test runs when it decides), both on one DynamoDB
 * table (dynalite), both built from their environment with the secrets read from (a fake) SSM, requests arriving as
 * API Gateway HTTP API events, against the fake Slack Web API.
 */

let dynamo: Dynalite;

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo?.close();
});

/** A fresh deployment: its own partition of the table, its own fake Slack. */
async function deploy(): Promise<LambdaSlackHarness> {
  const partition = uniquePartition('lambda');
  return startLambdaSlackHarness({ storeUrl: dynamo.url(partition), store: dynamo.store({ partition }) });
}

const commandBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';
/** What the bot posted, the thread layout's step messages left out. */
const posts = (h: LambdaSlackHarness) => withoutStepMessages(h.fake.callsOf('chat.postMessage'));

/** Keys of the team's records and marks in the store, claims left out. */
async function teamKeys(store: KeyValueStore): Promise<string[]> {
  return (await listAll(store, '')).map((row) => row.key).filter((key) => !key.startsWith('delivery:'));
}

/** The questions the engine itself asks for these answers, in order. */
async function expectedQuestions(): Promise<string[]> {
  const engine = new DialogEngine({ store: new MemoryStore() });
  const meta = { actor: { id: 'U', name: 'u' }, channel: 'test' };
  let reply = await engine.handle('expected', { type: 'START' }, meta);
  const asked: string[] = [];
  for (let turn = 0; reply.question && turn < 100; turn += 1) {
    asked.push(reply.question.id);
    for (const input of answerFor(flow, reply.question.id, NOTHING_OPEN))
      reply = await engine.handle('expected', input, meta);
  }
  return asked;
}

describe.each([
  { locale: 'de' as Locale, slackLocale: 'de-DE' },
  { locale: 'en' as Locale, slackLocale: 'en-US' },
])('a whole onboarding on Lambda ($locale)', ({ locale, slackLocale }) => {
  let h: LambdaSlackHarness;
  let session: ChannelSession;
  let visits: Awaited<ReturnType<typeof driveOnboarding>>['visits'];

  beforeAll(async () => {
    h = await deploy();
    h.fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale });
    session = h.channel('C0LAMBDA');
    const ack = await session.command('start', ANNA);
    expect(ack).toMatchObject({ status: 200, text: '' });
    ({ visits } = await driveOnboarding(session, { pick: NOTHING_OPEN }));
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('reaches done by clicking through every question the engine asks, and celebrates once', async () => {
    expect(visits.map((v) => v.questionId)).toEqual(await expectedQuestions());
    expect((await h.record('C0LAMBDA'))?.state).toBe('done');
    expect(session.currentQuestion()).toBeNull();
    const ready = render(locale, { key: 'done.ready' }, 'slack');
    const texts = posts(h).map((c) => unescapeMrkdwn(allText(c.args.blocks)));
    expect(texts.filter((t) => t.includes(ready))).toHaveLength(1);
  });

  it(`speaks ${locale}, guessed from the user's Slack locale`, () => {
    expect(posts(h)[0]?.args.text).toBe(text(locale, 'notice.start.started'));
    for (const visit of visits)
      expect(unescapeMrkdwn(allText(visit.message.blocks))).toContain(
        text(locale, `flow:questions.${visit.questionId}.prompt`),
      );
  });

  it('posts each question once; every modal closed with a plain acknowledgement', () => {
    const asked = session.posted().filter((m) => m.askedQuestionId !== null);
    expect(asked.map((m) => m.askedQuestionId)).toEqual(visits.map((v) => v.questionId));
    const modals = visits.flatMap((v) => v.modalAcks);
    expect(modals.length).toBeGreaterThanOrEqual(5);
    expect(modals.every((ack) => ack === '')).toBe(true);
  });

  it('did the work in the worker: every hand-over ran, nothing refused, no problem logged', () => {
    expect(h.later.pending).toBe(0);
    expect(h.results.length).toBeGreaterThanOrEqual(visits.length);
    expect(h.results.every((r) => r.ok && r.status === 200)).toBe(true);
    expect(h.logger.problems()).toEqual([]);
    // The worker's Web API calls carry the token read from SSM.
    expect(new Set(h.fake.calls.map((c) => c.token))).toEqual(
      new Set(['xoxb-2000000000-3000000000-lambdaTestToken']),
    );
    expect(h.ssm.requests.every((r) => r.WithDecryption === true)).toBe(true);
  });
});

describe('the answer comes before the work', () => {
  let h: LambdaSlackHarness;
  beforeEach(async () => {
    h = await deploy();
  });
  afterEach(async () => {
    await h.close();
  });

  it('a command: answered 200 with nothing done yet, the worker queued; the work follows when it runs', async () => {
    const response = await h.sender.command(
      slashCommandFields('start', ANNA, { channel: 'C0ORDER' }, h.fake.responseUrl('c')),
    );

    expect(response).toMatchObject({ status: 200, text: '' });
    expect(h.later.pending).toBe(1);
    // Nothing posted, not even asked: the HTTP function never calls Slack. Nothing recorded but the claim.
    expect(h.fake.calls).toEqual([]);
    expect(await teamKeys(h.store)).toEqual([]);
    expect(await h.record('C0ORDER')).toBeNull();

    await h.idle();
    expect(posts(h).map((c) => c.args.text)[0]).toBe(text('de', 'notice.start.started'));
    expect((await h.record('C0ORDER'))?.state).toBe('setup');
  });

  it('a mention with umlauts, as a plain (not base64) JSON body: the same', async () => {
    await seedInto(h.store, 'C0UMLAUT', 'processing');
    const raw = JSON.stringify(eventCallback(appMentionEvent(ANNA, 'C0UMLAUT', 'zurück')));

    const response = await h.http(httpApiEvent(raw, 'application/json', { base64: false }));

    expect(response.statusCode).toBe(200);
    expect(h.later.pending).toBe(1);
    expect(h.fake.calls).toEqual([]);
    expect((await h.record('C0UMLAUT'))?.context.cursor).toBe('processing');
    await h.idle();
    expect((await h.record('C0UMLAUT'))?.context.cursor).toBe('placement');
    expect(posts(h).map((c) => c.args.text)).toEqual([
      text('de', 'notice.moved'),
      text('de', 'flow:questions.placement.prompt'),
    ]);
  });

  it('url_verification is answered with the challenge, and nothing is handed over', async () => {
    const raw = JSON.stringify(urlVerificationBody('challenge-Größe'));
    const response = await h.http(httpApiEvent(raw, 'application/json'));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: 'challenge-Größe' });
    expect(h.later.pending).toBe(0);
  });

  it('a forged request gets a 401 and nothing is handed over', async () => {
    const raw = commandBody(
      slashCommandFields('start', ANNA, { channel: 'C0FORGE' }, h.fake.responseUrl('c')),
    );
    const response = await h.http(httpApiEvent(raw, FORM, { secret: 'forged-forged-forged-forged-0000' }));
    expect(response.statusCode).toBe(401);
    expect(h.later.pending).toBe(0);
  });
});

describe('no double post under retries (X-Slack-Retry-Num)', () => {
  let h: LambdaSlackHarness;
  beforeEach(async () => {
    h = await deploy();
  });
  afterEach(async () => {
    await h.close();
  });

  it('a command redelivered while its worker is still queued, and again after it ran: posted once', async () => {
    const fields = slashCommandFields('start', ANNA, { channel: 'C0RETRY1' }, h.fake.responseUrl('c'));
    expect((await h.sender.command(fields)).status).toBe(200);
    const retry = await h.sender.command(fields, { retryNum: 1, retryReason: 'http_timeout' });

    expect(retry).toMatchObject({ status: 200, text: '' });
    expect(h.later.pending).toBe(1);
    await h.idle();
    const welcome = posts(h).filter((c) => c.args.text === text('de', 'notice.start.started'));
    expect(welcome).toHaveLength(1);

    const late = await h.sender.command(fields, { retryNum: 2, retryReason: 'http_timeout' });
    expect(late.status).toBe(200);
    expect(h.later.pending).toBe(0);
    await h.idle();
    expect(posts(h).filter((c) => c.args.text === text('de', 'notice.start.started'))).toHaveLength(1);
    expect(h.logger.matching(/delivered again; claimed before, ignored/)).toHaveLength(2);
  });

  it('a mention redelivered while its worker is running (its post held): posted once', async () => {
    await seedInto(h.store, 'C0RETRY2', 'processing');
    const envelope = eventCallback(appMentionEvent(ANNA, 'C0RETRY2', 'zurück'));
    expect((await h.sender.event(envelope)).status).toBe(200);
    const release = h.fake.hold('chat.postMessage');
    const running = h.later.drain();
    await h.fake.waitFor(() => h.fake.callsOf('chat.postMessage').length > 0, 'the worker to post');

    for (const retryNum of [1, 2]) {
      const retry = await h.sender.event(envelope, { retryNum, retryReason: 'http_timeout' });
      expect(retry.status).toBe(200);
    }
    expect(h.later.pending).toBe(0);
    release();
    await running;
    await h.idle();
    expect(posts(h).map((c) => c.args.text)).toEqual([
      text('de', 'notice.moved'),
      text('de', 'flow:questions.placement.prompt'),
    ]);
  });

  it('a hand-over that waited past the stale window is taken over by the redelivery; the late worker does nothing', async () => {
    await seedInto(h.store, 'C0STALE', 'processing');
    const envelope = eventCallback(appMentionEvent(ANNA, 'C0STALE', 'zurück'));
    await h.sender.event(envelope);
    expect(h.later.pending).toBe(1);
    // The worker never started (a lost invocation, say) and the claim is older than a minute.
    const key = `delivery:event:${String(envelope.event_id)}`;
    const claim = await h.store.get(key);
    const aged = { ...JSON.parse(claim?.value ?? '{}'), at: Date.now() - 2 * 60_000 };
    expect((await h.store.put(key, JSON.stringify(aged), claim?.version ?? null)).ok).toBe(true);

    const retry = await h.sender.event(envelope, { retryNum: 1, retryReason: 'http_timeout' });

    expect(retry.status).toBe(200);
    expect(h.later.pending).toBe(2);
    await h.idle();
    expect(posts(h).map((c) => c.args.text)).toEqual([
      text('de', 'notice.moved'),
      text('de', 'flow:questions.placement.prompt'),
    ]);
    expect(h.logger.matching(/handed over, but done or taken over meanwhile; ignored/)).toHaveLength(1);
  });
});

describe('modal submissions on Lambda', () => {
  let h: LambdaSlackHarness;
  beforeEach(async () => {
    h = await deploy();
  });
  afterEach(async () => {
    await h.close();
  });

  async function openModal(channel: string): Promise<{ session: ChannelSession; modal: RecordedCall }> {
    await seedInto(h.store, channel, 'sandbox_key');
    const session = h.channel(channel);
    await session.command('start');
    const message = session.currentQuestion() as PostedMessage;
    expect(message.questionId).toBe('sandbox_key');
    const mark = h.fake.mark();
    await session.click(message, 'ps:text:sandbox_key');
    const modal = h.fake.since(mark, 'views.open')[0];
    if (!modal) throw new Error('no modal opened');
    return { session, modal };
  }

  it('a wrong format is the answer itself (shown in the modal), decided within the budget; nothing handed over', async () => {
    const { session, modal } = await openModal('C0MODAL1');
    const before = h.later.sent.length;
    const mark = h.fake.mark();

    const started = Date.now();
    const ack = await session.submitModal(modal, 'not a key');

    expect(Date.now() - started).toBeLessThan(1500);
    const body = JSON.parse(ack.text) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors['ps:input']).toContain(text('de', 'notice.answer.invalid', { hint: '' }).trim());
    expect(h.later.sent.length).toBe(before);
    expect(h.fake.since(mark)).toEqual([]);
    expect((await h.record('C0MODAL1'))?.context.answers.sandbox_key).toBeUndefined();
  });

  it('a valid answer closes the modal (empty answer); the worker shows the reply the engine replays to it', async () => {
    const { session, modal } = await openModal('C0MODAL2');
    const value = String((answerFor(flow, 'sandbox_key')[0] as { value: unknown }).value);
    const before = h.later.sent.length;
    const payload = {
      ...(modal.args.view as Record<string, unknown>),
      ...(modal.response.view as Record<string, unknown>),
    };
    const submitted = viewSubmissionPayload({ user: ANNA, view: payload, value });
    const mark = h.fake.mark();

    const ack = await h.sender.interact(submitted);

    expect(ack).toMatchObject({ status: 200, text: '' });
    // Recorded before the answer (the refusal check needs the turn), shown only by the worker.
    expect((await h.record('C0MODAL2'))?.context.answers.sandbox_key?.value).toBe(value);
    expect(h.later.sent.length).toBe(before + 1);
    expect(h.fake.since(mark)).toEqual([]);
    await h.idle();
    expect(withoutStepMessages(h.fake.since(mark, 'chat.update'))).toHaveLength(1);
    expect(session.currentQuestion()?.questionId).toBe('merchant_id');
  });
  it('a refusal that comes after the budget: the modal closes, and the worker tells the person privately', async () => {
    const { session, modal } = await openModal('C0MODAL3');
    // The same deployment's HTTP function, with no time to wait for the engine.
    const hurried = createSlackLambdaHandler({
      engine: new DialogEngine({ store: h.store }),
      store: h.store,
      signingSecret: SIGNING_SECRET,
      logger: h.logger,
      defaultLocale: 'de',
      later: h.later,
      modalBudgetMs: 0,
    });
    const view = { ...(modal.args.view as object), ...(modal.response.view as object) };
    const submitted = viewSubmissionPayload({ user: ANNA, view, value: 'not a key' });
    const raw = new URLSearchParams({ payload: JSON.stringify(submitted) }).toString();

    const ack = await hurried(httpApiEvent(raw, FORM));

    expect(ack).toMatchObject({ statusCode: 200, body: '' });
    expect(h.later.pending).toBe(1);
    const before = session.ephemerals(ANNA).length;
    await h.idle();
    const told = session.ephemerals(ANNA).slice(before);
    expect(told).toHaveLength(1);
    expect(String(told[0]?.args.text)).toContain(text('de', 'notice.answer.invalid', { hint: '' }).trim());
    expect((await h.record('C0MODAL3'))?.context.answers.sandbox_key).toBeUndefined();
  });
});

describe('the worker trusts nothing it is handed unchecked', () => {
  let h: LambdaSlackHarness;
  beforeEach(async () => {
    h = await deploy();
  });
  afterEach(async () => {
    await h.close();
  });

  const job = (raw: string, headers: Record<string, string>, claim: string | null = randomUUID()) =>
    ({
      kind: 'slack-delivery',
      body: raw,
      headers: { 'content-type': FORM, ...headers },
      claim,
    }) satisfies SlackHandover;
  const signedLower = (raw: string, options: { secret?: string; timestamp?: number } = {}) => {
    const signed = signedHeaders(raw, options);
    return {
      'x-slack-signature': signed['X-Slack-Signature'],
      'x-slack-request-timestamp': signed['X-Slack-Request-Timestamp'],
    };
  };
  const raw = () =>
    commandBody(slashCommandFields('start', ANNA, { channel: 'C0WORK' }, h.fake.responseUrl('c')));

  it.each([
    {
      name: 'a body signed with another secret',
      sign: { secret: 'another-secret-another-secret-00' },
      reason: 'SIGNATURE_MISMATCH',
    },
    {
      name: 'a hand-over older than five minutes',
      sign: { timestamp: nowSeconds() - 301 },
      reason: 'TIMESTAMP_OUT_OF_RANGE',
    },
  ])('refuses $name and does nothing', async ({ sign, reason }) => {
    const body = raw();
    expect(await h.worker(job(body, signedLower(body, sign)))).toEqual({ ok: false, reason });
    expect(h.fake.calls).toEqual([]);
    expect(await teamKeys(h.store)).toEqual([]);
  });

  it('refuses what is no hand-over at all', async () => {
    expect(await h.worker({ body: 'payload=x' })).toEqual({ ok: false, reason: 'shape' });
    expect(await h.worker(null)).toEqual({ ok: false, reason: 'shape' });
  });

  it('a correctly signed request with a claim that is not its own (taken, or never taken by this token): ignored', async () => {
    const fields = slashCommandFields('start', ANNA, { channel: 'C0WORK' }, h.fake.responseUrl('c'));
    await h.sender.command(fields);
    const [handed] = h.later.sent;
    expect(handed?.claim).toEqual(expect.any(String));
    // The same signed body handed over once more with a made-up token: the claim is not its.
    await h.worker({ ...(handed as SlackHandover), claim: randomUUID() });
    expect(h.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(h.logger.matching(/handed over, but done or taken over meanwhile; ignored/)).toHaveLength(1);
    await h.idle();
    expect(posts(h).filter((c) => c.args.text === text('de', 'notice.start.started'))).toHaveLength(1);
  });
});

it('a hand-over that fails is a 500 (Slack retries), and the released claim lets the redelivery through', async () => {
  const partition = uniquePartition('lambda-fail');
  const store = dynamo.store({ partition });
  const sent: SlackHandover[] = [];
  let fail = true;
  const logger = new CaptureLogger();
  const http = createSlackLambdaHandler({
    engine: new DialogEngine({ store }),
    store,
    signingSecret: SIGNING_SECRET,
    logger,
    defaultLocale: 'de',
    later: {
      send: async (job) => {
        if (fail) throw Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' });
        sent.push(job);
      },
    },
  });
  const raw = JSON.stringify(eventCallback(appMentionEvent(ANNA, 'C0FAIL', 'start')));

  expect((await http(httpApiEvent(raw, 'application/json'))).statusCode).toBe(500);
  expect(logger.problems(/could not hand the event over \(TooManyRequestsException\)/)).toHaveLength(1);
  fail = false;
  expect((await http(httpApiEvent(raw, 'application/json', { retryNum: 1 }))).statusCode).toBe(200);
  expect(sent).toHaveLength(1);
});

it('a slow store does not hold up the answer: after 500 ms the delivery is handed over, and done once', async () => {
  /** Claims (and only claims) take 1.5 s to land. */
  class SlowClaims extends MemoryStore {
    override async put(...args: Parameters<MemoryStore['put']>) {
      if (args[0].startsWith('delivery:')) await new Promise((resolve) => setTimeout(resolve, 1500));
      return super.put(...args);
    }
  }
  const store = new SlowClaims();
  const fake = await new FakeSlackApi().start();
  try {
    const lambda = slackOnLambda({
      engine: new DialogEngine({ store }),
      links: new LinkService({ store }),
      store,
      config: { signingSecret: SIGNING_SECRET, botToken: 'xoxb-test', apiUrl: fake.url },
      logger: new CaptureLogger(),
      defaultLocale: 'de',
      sleep: async () => {},
    });
    const raw = commandBody(slashCommandFields('start', ANNA, { channel: 'C0SLOW' }, fake.responseUrl('c')));
    const started = Date.now();
    const response = await lambda.http(httpApiEvent(raw, FORM));
    expect(Date.now() - started).toBeLessThan(1200);
    expect(response.statusCode).toBe(200);
    expect(lambda.later.pending).toBe(1);
    await lambda.later.drain();
    expect(
      fake.callsOf('chat.postMessage').filter((c) => c.args.text === text('de', 'notice.start.started')),
    ).toHaveLength(1);
  } finally {
    await fake.stop();
  }
});
