import { request } from 'node:http';
import type { RequestEnvelope } from 'ask-sdk-model';
import { createLambdaHandler } from '../../../src/adapters/alexa/lambda';
import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { listAll } from '../../../src/store/list-all';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { type CapturedLog, heard, SKILL_ID, serveSkillOverHttp, t } from './harness';

/**
 * The request checks in front of the skill, through the real POST /alexa handler over HTTP (signature check off, as
 * for local testing, so that every other check is what decides): the timestamp window both ways, the skill id in the
 * context and in the session, the body limit with and without a declared length, and the same skill id rule on the
 * Lambda entry. Every refused request leaves the store exactly as it was and says why in a warning.
 */

const OTHER_SKILL = 'amzn1.ask.skill.99999999-9999-4999-8999-999999999999';
const LANGUAGES: { alexa: 'de-DE' | 'en-US'; locale: Locale }[] = [
  { alexa: 'de-DE', locale: 'de' },
  { alexa: 'en-US', locale: 'en' },
];

let users = 0;
/** A user no test has used, so that "a record was written" and "nothing was written" are about this request alone. */
function freshUser(): string {
  users += 1;
  return `amzn1.ask.account.HARDENING${users}`;
}

/** A timestamp as Alexa writes it (no milliseconds), `offsetMs` from now. */
const stamp = (offsetMs = 0): string => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d+Z$/, 'Z');

interface LaunchOptions {
  locale?: string;
  userId?: string;
  /** The id in `context.System.application`. */
  contextSkillId?: string;
  /** The id in `session.application`; null sends no session at all. */
  sessionSkillId?: string | null;
  /** null sends no timestamp at all. */
  timestamp?: string | null;
}

/** A LaunchRequest as Alexa sends it on the wire. */
function launch(options: LaunchOptions = {}): RequestEnvelope {
  const userId = options.userId ?? freshUser();
  const contextSkillId = options.contextSkillId ?? SKILL_ID;
  const sessionSkillId = options.sessionSkillId === undefined ? contextSkillId : options.sessionSkillId;
  const envelope = {
    version: '1.0',
    ...(sessionSkillId === null
      ? {}
      : {
          session: {
            new: true,
            sessionId: `amzn1.echo-api.session.${Math.random().toString(36).slice(2)}`,
            application: { applicationId: sessionSkillId },
            user: { userId },
            attributes: {},
          },
        }),
    context: {
      System: {
        application: { applicationId: contextSkillId },
        user: { userId },
        device: { deviceId: 'amzn1.ask.device.HARDENING', supportedInterfaces: {} },
        apiEndpoint: 'https://api.eu.amazonalexa.com',
      },
    },
    request: {
      type: 'LaunchRequest',
      requestId: `amzn1.echo-api.request.${Math.random().toString(36).slice(2)}`,
      ...(options.timestamp === null ? {} : { timestamp: options.timestamp ?? stamp() }),
      locale: options.locale ?? 'de-DE',
    },
  };
  return envelope as unknown as RequestEnvelope;
}

const userOf = (envelope: RequestEnvelope): string => envelope.context.System.user.userId;

interface Running {
  url: string;
  store: MemoryStore;
  logs: CapturedLog[];
  close(): Promise<void>;
}

/** The real handler over HTTP, on a store of its own. */
async function serve(): Promise<Running> {
  const store = new MemoryStore();
  return { store, ...(await serveSkillOverHttp(store)) };
}

interface Answer {
  status: number;
  text: string;
  /** The log lines written while the request was handled. */
  logs: CapturedLog[];
  /** Everything in the store before and after the request. */
  before: unknown;
  after: unknown;
}

async function send(running: Running, body: unknown): Promise<Answer> {
  const before = await listAll(running.store, '');
  const mark = running.logs.length;
  const response = await fetch(running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    logs: running.logs.slice(mark),
    before,
    after: await listAll(running.store, ''),
  };
}

const warnings = (answer: Answer): string[] =>
  answer.logs.filter((l) => l.level === 'warn').map((l) => l.text);

/** What Alexa would say: the speech of a 200 response. */
function spoken(answer: Answer): string {
  const body = JSON.parse(answer.text) as { response?: { outputSpeech?: { ssml?: string } } };
  return heard(body.response?.outputSpeech?.ssml);
}

/** Refused with `status`: nothing stored, and a warning matching `warning`. */
function expectRefused(answer: Answer, status: number, text: string, warning: RegExp): void {
  expect({ status: answer.status, text: answer.text }).toEqual({ status, text });
  expect(answer.after).toEqual(answer.before);
  expect(warnings(answer)).toEqual(expect.arrayContaining([expect.stringMatching(warning)]));
}

describe('POST /alexa: the timestamp window (150 seconds, both ways)', () => {
  let running: Running;
  beforeAll(async () => {
    running = await serve();
  });
  afterAll(() => running.close());

  const refused: [string, string | null, RegExp][] = [
    ['ten minutes ahead', stamp(10 * 60_000), /Timestamp verification failed: in the future/],
    ['a year ahead', stamp(365 * 24 * 3600_000), /Timestamp verification failed: in the future/],
    ['ten minutes old', stamp(-10 * 60_000), /Timestamp verification failed: too old/],
    ['not a date', 'not a date', /Timestamp verification failed: no readable timestamp/],
    ['missing', null, /Timestamp verification failed: no readable timestamp/],
  ];

  describe.each(LANGUAGES)('$alexa', ({ alexa }) => {
    it.each(refused)('refuses a timestamp %s with 400, storing nothing', async (_, timestamp, warning) => {
      const answer = await send(running, launch({ locale: alexa, timestamp }));
      expectRefused(answer, 400, 'Request verification failed', warning);
    });
  });

  describe.each(LANGUAGES)('$alexa', ({ alexa, locale }) => {
    it.each([
      ['60 seconds ahead', 60_000],
      ['60 seconds old', -60_000],
    ])('accepts a timestamp %s (inside the window) and welcomes a new team', async (_, offset) => {
      const envelope = launch({ locale: alexa, timestamp: stamp(offset) });
      const answer = await send(running, envelope);
      expect(answer.status).toBe(200);
      expect(spoken(answer)).toContain(t(locale, 'notice.start.started'));
      expect(warnings(answer).filter((w) => w.includes('refused'))).toEqual([]);
      expect(await running.store.get(teamRecordKey(`alexa:${userOf(envelope)}`))).not.toBeNull();
    });
  });
});

describe('POST /alexa: the skill id, in the context and in the session', () => {
  let running: Running;
  beforeAll(async () => {
    running = await serve();
  });
  afterAll(() => running.close());

  describe.each(LANGUAGES)('$alexa', ({ alexa, locale }) => {
    it.each([
      { where: 'session', also: 'context', contextSkillId: SKILL_ID, sessionSkillId: OTHER_SKILL },
      { where: 'context', also: 'session', contextSkillId: OTHER_SKILL, sessionSkillId: SKILL_ID },
    ])('refuses a request whose $where names another skill (the $also naming this one)', async (ids) => {
      const envelope = launch({ locale: alexa, ...ids });
      const answer = await send(running, envelope);
      expectRefused(
        answer,
        400,
        'Request is for another skill',
        new RegExp(OTHER_SKILL.replace(/\./g, '\\.')),
      );
      expect(await running.store.get(teamRecordKey(`alexa:${userOf(envelope)}`))).toBeNull();
    });

    it('answers a request that names this skill in both places', async () => {
      const envelope = launch({ locale: alexa });
      const answer = await send(running, envelope);
      expect(answer.status).toBe(200);
      expect(spoken(answer)).toContain(t(locale, 'notice.start.started'));
      expect(await running.store.get(teamRecordKey(`alexa:${userOf(envelope)}`))).not.toBeNull();
    });

    it('answers a request without any session when the context names this skill', async () => {
      // The skill id check itself: a request without a session (as Alexa sends System.ExceptionEncountered) passes.
      const envelope = launch({ locale: alexa, sessionSkillId: null });
      const sessionless = {
        ...envelope,
        request: {
          type: 'System.ExceptionEncountered',
          requestId: envelope.request.requestId,
          timestamp: envelope.request.timestamp,
          locale: alexa,
          error: { type: 'INVALID_RESPONSE', message: 'test' },
          cause: { requestId: 'amzn1.echo-api.request.earlier' },
        },
      };
      const answer = await send(running, sessionless);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ version: '1.0', response: {} });
      expect(warnings(answer).filter((w) => w.includes('refused'))).toEqual([]);
    });

    it('welcomes a LaunchRequest without a session when the context names this skill', async () => {
      const envelope = launch({ locale: alexa, sessionSkillId: null });
      const answer = await send(running, envelope);
      expect(answer.status).toBe(200);
      expect(warnings(answer).filter((w) => w.includes('refused'))).toEqual([]);
      // DEFECT (src/adapters/alexa/create-skill.ts, beginTurn): without a session, ask-sdk-core's
      // getSessionAttributes() throws "Cannot get SessionAttributes from out of session request!", the error
      // boundary logs "alexa: unexpected error" and the user hears the generic error instead of the welcome.
      expect(spoken(answer)).toContain(t(locale, 'notice.start.started'));
      expect(answer.logs.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([]);
    });
  });
});

describe('POST /alexa: the body limit (256 KB)', () => {
  let running: Running;
  beforeAll(async () => {
    running = await serve();
  });
  afterAll(() => running.close());

  it('refuses a 2 MB body with a declared Content-Length with 413, storing nothing', async () => {
    const envelope = launch();
    const body = JSON.stringify({ ...envelope, padding: 'x'.repeat(2 * 1024 * 1024) });
    const answer = await send(running, body);
    expectRefused(answer, 413, 'Request body too large', /larger than 262144 bytes \(413\)/);
    expect(await listAll(running.store, 'team:')).toEqual([]);
  });

  it('answers 413 to a chunked body without Content-Length while the client is still sending', async () => {
    const CHUNK = Buffer.alloc(300 * 1024, 'a');
    const CAP = 8 * 1024 * 1024;
    const before = await listAll(running.store, '');
    const mark = running.logs.length;
    const outcome = await new Promise<{ status: number | null; whileSending: boolean; written: number }>(
      (resolve) => {
        const { hostname, port, pathname } = new URL(running.url);
        // Options rather than a URL: virtual-alexa loads nock, whose http.request takes no (url, options) form.
        const req = request({
          hostname,
          port,
          path: pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
        });
        let written = 0;
        let ended = false;
        let answered = false;
        req.on('response', (res) => {
          answered = true;
          res.resume();
          resolve({ status: res.statusCode ?? null, whileSending: !ended, written });
          req.destroy();
        });
        req.on('error', () => {
          // The server may cut the connection once it has answered; before an answer, that is the outcome.
          if (!answered) resolve({ status: null, whileSending: !ended, written });
        });
        const pump = (): void => {
          if (answered) return;
          if (written >= CAP) {
            // The cap is reached and no answer came: finish the body, to see whether one comes only now.
            ended = true;
            req.end();
            return;
          }
          written += CHUNK.length;
          if (req.write(CHUNK)) setImmediate(pump);
          else req.once('drain', pump);
        };
        written += Buffer.byteLength('{"version":"1.0","padding":"');
        req.write('{"version":"1.0","padding":"');
        pump();
      },
    );
    expect(outcome.status).toBe(413);
    // DEFECT (src/adapters/alexa/request-handler.ts → express.text / body-parser 2.x `read`): on a body over the limit
    // body-parser reads the rest of the request to its end (`dump`) before it calls next(err), so without a
    // Content-Length the 413 comes only after the client stops sending: a client can stream without end.
    expect({ answeredWhileStillSending: outcome.whileSending }).toEqual({ answeredWhileStillSending: true });
    expect(outcome.written).toBeLessThan(CAP);
    expect(await listAll(running.store, '')).toEqual(before);
    expect(running.logs.slice(mark).map((l) => l.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/larger than 262144 bytes \(413\)/)]),
    );
  });
});

describe('the Lambda entry: the skill id in the context and in the session', () => {
  const env = { STORE_URL: 'memory:', ALEXA_SKILL_ID: SKILL_ID };

  it('validates the reminder policy it plans nudges with at its cold start, naming the setting', async () => {
    const handler = createLambdaHandler({
      ...env,
      REMINDER_STALL_DAYS: 'three',
      REMINDER_TIME_ZONE: 'Mars/Base',
    });
    const failed = handler(launch({ locale: 'de-DE' }));
    await expect(failed).rejects.toThrow(/REMINDER_STALL_DAYS/);
    await expect(handler(launch({ locale: 'de-DE' }))).rejects.toThrow(/REMINDER_TIME_ZONE/);
  });

  describe.each(LANGUAGES)('$alexa', ({ alexa, locale }) => {
    const speechOf = (response: { response: { outputSpeech?: { type: string; ssml?: string } } }) =>
      heard(response.response.outputSpeech?.ssml);

    it('rejects a request whose session names another skill, and records nothing for it', async () => {
      const handler = createLambdaHandler(env);
      const userId = freshUser();
      await expect(
        handler(launch({ locale: alexa, userId, contextSkillId: SKILL_ID, sessionSkillId: OTHER_SKILL })),
      ).rejects.toThrow(new RegExp(`ID verification failed.*${OTHER_SKILL.replace(/\./g, '\\.')}`));
      // The same user's next (right) launch is a first one: the refused request created no team.
      expect(speechOf(await handler(launch({ locale: alexa, userId })))).toContain(
        t(locale, 'notice.start.started'),
      );
    });

    it('rejects a request whose context names another skill', async () => {
      const handler = createLambdaHandler(env);
      await expect(
        handler(launch({ locale: alexa, contextSkillId: OTHER_SKILL, sessionSkillId: SKILL_ID })),
      ).rejects.toThrow(/ID verification failed/);
    });

    it('answers a request that names this skill in both places, and remembers the team', async () => {
      const handler = createLambdaHandler(env);
      const userId = freshUser();
      expect(speechOf(await handler(launch({ locale: alexa, userId })))).toContain(
        t(locale, 'notice.start.started'),
      );
      const again = speechOf(await handler(launch({ locale: alexa, userId })));
      expect(again).toContain(t(locale, 'voice:notice.start.resumedDone'));
      expect(again).not.toContain(t(locale, 'notice.start.started'));
    });
  });
});
