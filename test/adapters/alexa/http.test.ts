import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { AlexaConfigSchema } from '../../../src/adapters/alexa/config';
import { createAlexaSkill } from '../../../src/adapters/alexa/create-skill';
import { createAlexaRequestHandler } from '../../../src/adapters/alexa/request-handler';
import { parseEnv } from '../../../src/config';
import { DialogEngine, teamRecordKey } from '../../../src/core/engine';
import { parseRecord } from '../../../src/core/record';
import { LinkService } from '../../../src/linking/LinkService';
import { createLogger } from '../../../src/logging/logger';
import { createServer } from '../../../src/server/create-server';
import { listAll } from '../../../src/store/list-all';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { advanceTo, captureLogger, heard, SKILL_ID, t } from './harness';

/**
 * POST /alexa over real HTTP on an ephemeral port: the request checks Amazon requires of a web service (signature on
 * by default, timestamp, skill id), and the body arriving byte for byte as Alexa sent it.
 */

const USER = 'amzn1.ask.account.HTTPUSER';

interface Envelope {
  version: string;
  session?: Record<string, unknown>;
  context: { System: { application: { applicationId: string }; user: { userId: string } } };
  request: Record<string, unknown>;
}

/** A wire payload as Alexa sends it for a launch or an intent, `ageSeconds` old. */
function envelope(
  request: { type: 'LaunchRequest' } | { type: 'IntentRequest'; intent: Record<string, unknown> },
  options: { applicationId?: string; ageSeconds?: number; locale?: string } = {},
): Envelope {
  const applicationId = options.applicationId ?? SKILL_ID;
  const timestamp = new Date(Date.now() - (options.ageSeconds ?? 0) * 1000)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z');
  return {
    version: '1.0',
    session: {
      new: request.type === 'LaunchRequest',
      sessionId: 'amzn1.echo-api.session.http-test',
      application: { applicationId },
      user: { userId: USER },
      attributes: {},
    },
    context: { System: { application: { applicationId }, user: { userId: USER } } },
    request: {
      ...request,
      requestId: `amzn1.echo-api.request.${Math.random().toString(36).slice(2)}`,
      timestamp,
      locale: options.locale ?? 'de-DE',
    },
  };
}

interface Running {
  url: string;
  store: MemoryStore;
  engine: DialogEngine;
  logs: ReturnType<typeof captureLogger>['lines'];
  close(): Promise<void>;
}

async function serve(
  verifySignature: boolean,
  mount: (app: express.Express, handler: RequestHandler) => void = (app, handler) =>
    app.post('/alexa', handler),
): Promise<Running> {
  const store = new MemoryStore();
  const engine = new DialogEngine({ store });
  const { logger, lines } = captureLogger();
  const skill = createAlexaSkill({ engine, links: new LinkService({ store }), skillId: SKILL_ID, logger });
  const handler = createAlexaRequestHandler(skill, { verifySignature, logger });
  const app = express();
  mount(app, handler);
  return listen(app, { store, engine, logs: lines });
}

async function listen(app: express.Express, rest: Omit<Running, 'url' | 'close'>): Promise<Running> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...rest,
    url: `http://127.0.0.1:${port}/alexa`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /alexa with the configuration defaults', () => {
  let running: Running;
  beforeAll(async () => {
    const config = parseEnv(AlexaConfigSchema, {});
    expect(config.ALEXA_VERIFY_SIGNATURE).toBe(true);
    running = await serve(config.ALEXA_VERIFY_SIGNATURE);
  });
  afterAll(() => running.close());

  it('verifies the signature: a fresh, well-formed request without signature headers is refused', async () => {
    const response = await post(running.url, envelope({ type: 'LaunchRequest' }));
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Request verification failed');
    expect(
      running.logs.some((l) => l.level === 'warn' && /Missing (Certificate|Signature)/.test(l.text)),
    ).toBe(true);
    expect(await listAll(running.store, 'team:')).toEqual([]);
  });

  it('refuses a certificate chain that is not on Amazon’s echo.api bucket, before fetching anything', async () => {
    for (const certUrl of [
      'https://evil.example.com/echo.api/echo-api-cert.pem',
      'http://s3.amazonaws.com/echo.api/echo-api-cert.pem',
      'https://s3.amazonaws.com/not-echo/echo-api-cert.pem',
    ]) {
      const response = await post(running.url, envelope({ type: 'LaunchRequest' }), {
        SignatureCertChainUrl: certUrl,
        'Signature-256': Buffer.from('not a signature').toString('base64'),
      });
      expect(response.status).toBe(400);
    }
    expect(await listAll(running.store, 'team:')).toEqual([]);
  });
});

describe('POST /alexa with ALEXA_VERIFY_SIGNATURE=false (local testing)', () => {
  let running: Running;
  beforeAll(async () => {
    const config = parseEnv(AlexaConfigSchema, { ALEXA_VERIFY_SIGNATURE: 'false' });
    running = await serve(config.ALEXA_VERIFY_SIGNATURE);
  });
  afterAll(() => running.close());

  it('warns loudly, once', () => {
    const warnings = running.logs.filter((l) => l.text.includes('NOT verified'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe('warn');
    expect(warnings[0]?.text).toMatch(/Local testing ONLY/);
  });

  it('lets a fresh unsigned request through and answers with the skill’s response', async () => {
    const response = await post(running.url, envelope({ type: 'LaunchRequest' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { response: { outputSpeech: { ssml: string } } };
    expect(heard(body.response.outputSpeech.ssml)).toContain(t('de', 'notice.start.started'));
  });

  it('still refuses a stale timestamp (older than 150 seconds)', async () => {
    const response = await post(running.url, envelope({ type: 'LaunchRequest' }, { ageSeconds: 200 }));
    expect(response.status).toBe(400);
    expect(running.logs.some((l) => l.text.includes('Timestamp verification failed'))).toBe(true);
  });

  it('refuses a request for another skill id', async () => {
    const other = 'amzn1.ask.skill.99999999-9999-4999-8999-999999999999';
    const response = await post(running.url, envelope({ type: 'LaunchRequest' }, { applicationId: other }));
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Request is for another skill');
    expect(running.logs.some((l) => l.level === 'warn' && l.text.includes(other))).toBe(true);
  });

  it('refuses what is not JSON, and JSON that is not an Alexa request', async () => {
    expect((await post(running.url, 'hello')).status).toBe(400);
    expect(
      (await post(running.url, { hello: 'world', request: { timestamp: new Date().toISOString() } })).status,
    ).toBe(400);
    expect((await post(running.url, '')).status).toBe(400);
  });

  it('reads the body as UTF-8: umlauts arrive as spoken', async () => {
    const team = `alexa:${USER}`;
    await advanceTo({ engine: running.engine }, team, 'oms');
    const intent = {
      name: 'TextAnswerIntent',
      confirmationStatus: 'NONE',
      slots: { text: { name: 'text', value: 'Warenwirtschaft für Möbel', confirmationStatus: 'NONE' } },
    };
    const response = await post(running.url, envelope({ type: 'IntentRequest', intent }));
    expect(response.status).toBe(200);
    const record = parseRecord((await running.store.get(teamRecordKey(team)))?.value ?? '');
    expect(record.kind === 'ok' && record.record.context.answers.oms?.value).toBe(
      'Warenwirtschaft für Möbel',
    );
  });
});

describe('mounting', () => {
  it('works behind a raw or text body parser (the raw body is still there)', async () => {
    const running = await serve(false, (app, handler) =>
      app.post('/alexa', express.text({ type: () => true }), handler),
    );
    try {
      expect((await post(running.url, envelope({ type: 'LaunchRequest' }))).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('refuses to guess behind a JSON body parser, and tells the operator why', async () => {
    const running = await serve(false, (app, handler) => app.post('/alexa', express.json(), handler));
    try {
      expect((await post(running.url, envelope({ type: 'LaunchRequest' }))).status).toBe(500);
      expect(
        running.logs.some((l) => l.level === 'error' && l.text.includes('before any JSON body parser')),
      ).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('runs on the server `npm start` runs, at POST /alexa', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    const links = new LinkService({ store });
    const { logger } = captureLogger();
    const server = createServer({
      engine,
      links,
      store,
      slack: {},
      defaultLocale: 'de',
      logger: Object.assign(createLogger('test'), logger),
      alexa: createAlexaRequestHandler(createAlexaSkill({ engine, links, skillId: SKILL_ID, logger }), {
        verifySignature: true,
        logger,
      }),
    });
    const running = await listen(server.app as express.Express, { store, engine, logs: [] });
    try {
      expect((await post(running.url, envelope({ type: 'LaunchRequest' }))).status).toBe(400);
    } finally {
      await running.close();
    }
  });
});
