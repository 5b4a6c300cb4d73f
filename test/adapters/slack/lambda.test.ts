import { AwsLambdaReceiver } from '@slack/bolt';
import type { SlackAppDeps } from '../../../src/adapters/slack/create-slack-app';
import { withReceiver } from '../../../src/adapters/slack/create-slack-app';
import { decodeBody } from '../../../src/adapters/slack/lambda';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import { DialogEngine, teamRecordKey } from '../../../src/core/engine';
import { text } from '../../../src/core/i18n';
import type { TeamRecord } from '../../../src/core/record';
import { LinkService } from '../../../src/linking/LinkService';
import { listAll } from '../../../src/store/list-all';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { apiGatewayEvent } from '../../helpers/slack/api-gateway';
import { CaptureLogger } from '../../helpers/slack/capture-logger';
import { FakeSlackApi } from '../../helpers/slack/fake-slack-api';
import { withoutStepMessages } from '../../helpers/slack/harness';
import { slackOnLambda } from '../../helpers/slack/lambda-pair';
import {
  ANNA,
  appMentionEvent,
  eventCallback,
  slashCommandFields,
  urlVerificationBody,
} from '../../helpers/slack/payloads';
import { seedChannel } from '../../helpers/slack/seed';
import { SIGNING_SECRET } from '../../helpers/slack/signing';

/**
 * The Lambda entry with API Gateway's base64 bodies: JSON events and form-encoded commands with German umlauts must
 * arrive byte for byte, or the signature (computed over UTF-8) fails and the text is garbled.
 */

const UMLAUTS = 'Grüße aus Köln – Größe, Maß';

let fake: FakeSlackApi;
let store: MemoryStore;
let deps: SlackAppDeps;

beforeEach(async () => {
  fake = await new FakeSlackApi().start();
  store = new MemoryStore();
  deps = {
    engine: new DialogEngine({ store, defaultLocale: 'de' }),
    links: new LinkService({ store }),
    store,
    config: { signingSecret: SIGNING_SECRET, botToken: 'xoxb-test', apiUrl: fake.url },
    logger: new CaptureLogger(),
    defaultLocale: 'de',
    sleep: async () => {},
  };
});

afterEach(async () => {
  await fake.stop();
});

async function record(channel: string): Promise<TeamRecord | null> {
  const stored = await store.get(teamRecordKey(teamKeyFromSlack('T1', channel)));
  return stored ? (JSON.parse(stored.value) as TeamRecord) : null;
}

/** A mention whose envelope also carries umlauts elsewhere (the rich-text blocks Slack adds). */
function mentionBody(channel: string, line: string): string {
  const event = appMentionEvent(ANNA, channel, line);
  return JSON.stringify(eventCallback({ ...event, user_profile: { real_name: UMLAUTS } }));
}

it('"<@UBOT> zurück" in a base64 JSON body with umlauts goes back a question', async () => {
  await seedChannel(store, 'C0LAMBDA', 'processing');
  const handler = slackOnLambda(deps).invoke;
  const raw = mentionBody('C0LAMBDA', 'zurück');
  expect(raw).toContain(UMLAUTS);

  const response = await handler(apiGatewayEvent(raw, 'application/json'), {});

  expect(response.statusCode).toBe(200);
  // The HTTP function answered, and the worker ran what it handed over.
  expect((await record('C0LAMBDA'))?.context.cursor).toBe('placement');
  expect(withoutStepMessages(fake.callsOf('chat.postMessage')).map((c) => c.args.text)).toEqual([
    text('de', 'notice.moved'),
    text('de', 'flow:questions.placement.prompt'),
  ]);
});

it('keeps an answer with umlauts byte for byte', async () => {
  await seedChannel(store, 'C0UMLAUT', 'oms');
  const handler = slackOnLambda(deps).invoke;

  const response = await handler(apiGatewayEvent(mentionBody('C0UMLAUT', UMLAUTS), 'application/json'), {});

  expect(response.statusCode).toBe(200);
  expect((await record('C0UMLAUT'))?.context.answers.oms?.value).toBe(UMLAUTS);
});

it('takes a form-encoded slash command with umlauts: /paysetup überspringen <Grund>', async () => {
  await seedChannel(store, 'C0FORM', 'oms');
  const handler = slackOnLambda(deps).invoke;
  const raw = new URLSearchParams(
    slashCommandFields(`überspringen ${UMLAUTS}`, ANNA, { channel: 'C0FORM' }, fake.responseUrl('c')),
  ).toString();

  const response = await handler(apiGatewayEvent(raw, 'application/x-www-form-urlencoded'), {});

  expect(response.statusCode).toBe(200);
  expect((await record('C0FORM'))?.context.skips.oms?.reason).toBe(UMLAUTS);
});

it('echoes url_verification sent base64-encoded', async () => {
  const handler = slackOnLambda(deps).invoke;
  const raw = JSON.stringify(urlVerificationBody(`challenge-${UMLAUTS}`));

  const response = await handler(apiGatewayEvent(raw, 'application/json'), {});

  expect(response.statusCode).toBe(200);
  expect(JSON.parse(response.body)).toEqual({ challenge: `challenge-${UMLAUTS}` });
});

it('rejects a forged request with 401 and does nothing', async () => {
  await seedChannel(store, 'C0FORGE', 'processing');
  const before = await record('C0FORGE');
  const handler = slackOnLambda(deps).invoke;

  const response = await handler(
    apiGatewayEvent(mentionBody('C0FORGE', 'zurück'), 'application/json', {
      secret: 'forged-forged-forged-forged-0000',
    }),
    {},
  );

  expect(response.statusCode).toBe(401);
  expect(await record('C0FORGE')).toEqual(before);
  expect(fake.calls).toEqual([]);
});

describe('the same edge checks as the HTTP server', () => {
  const refused = () => (deps.logger as CaptureLogger).problems(/slack: refused a request/);

  it.each([
    { name: 'payload=null', raw: 'payload=null', type: 'application/x-www-form-urlencoded' as const },
    {
      name: 'event: null',
      raw: JSON.stringify({ ...eventCallback(appMentionEvent(ANNA, 'C0EDGE', 'status')), event: null }),
      type: 'application/json' as const,
    },
    {
      name: 'an app_mention with user: null',
      raw: JSON.stringify(eventCallback({ ...appMentionEvent(ANNA, 'C0EDGE', 'status'), user: null })),
      type: 'application/json' as const,
    },
  ])('a signed $name gets a 400 and one log line, not a 500', async ({ raw, type }) => {
    await seedChannel(store, 'C0EDGE', 'processing');
    const before = await record('C0EDGE');
    const response = await slackOnLambda(deps).invoke(apiGatewayEvent(raw, type), {});
    expect(response.statusCode).toBe(400);
    expect(refused()).toHaveLength(1);
    expect(await record('C0EDGE')).toEqual(before);
    expect(fake.calls).toEqual([]);
  });

  it.each([
    { name: 'ten minutes ahead', offset: 600 },
    { name: 'a year ahead', offset: 365 * 24 * 3600 },
  ])('a timestamp $name gets a 401', async ({ offset }) => {
    const raw = mentionBody('C0EDGE', 'start');
    const timestamp = Math.floor(Date.now() / 1000) + offset;
    const response = await slackOnLambda(deps).invoke(
      apiGatewayEvent(raw, 'application/json', { timestamp }),
      {},
    );
    expect(response.statusCode).toBe(401);
    expect(await listAll(store, 'team:')).toEqual([]);
  });

  it('a body over 1 MB gets a 413', async () => {
    const raw = `payload=${'x'.repeat(1024 * 1024 + 1)}`;
    const response = await slackOnLambda(deps).invoke(
      apiGatewayEvent(raw, 'application/x-www-form-urlencoded'),
      {},
    );
    expect(response.statusCode).toBe(413);
  });
});

describe("why decodeBody exists: Bolt's own AwsLambdaReceiver decodes base64 as ASCII", () => {
  function boltOnlyHandler() {
    const receiver = new AwsLambdaReceiver({ signingSecret: SIGNING_SECRET, logger: new CaptureLogger() });
    withReceiver(deps, receiver);
    return receiver.toHandler();
  }

  it('and so rejects a correctly signed event with umlauts (401)', async () => {
    await seedChannel(store, 'C0ASCII', 'processing');
    const before = await record('C0ASCII');
    const boltOnly = boltOnlyHandler();
    const raw = JSON.stringify(eventCallback(appMentionEvent(ANNA, 'C0ASCII', 'zurück')));
    const event = apiGatewayEvent(raw, 'application/json');

    const response = await boltOnly(event, {});

    expect(response.statusCode).toBe(401);
    expect(await record('C0ASCII')).toEqual(before);
    expect(fake.calls).toEqual([]);
    // The same bytes, decoded as UTF-8 first, are accepted.
    expect((await boltOnly(decodeBody(event), {})).statusCode).toBe(200);
    expect((await record('C0ASCII'))?.context.cursor).toBe('placement');
  });

  it('and even fails outright (no response at all) on an en dash, which ASCII turns into a control character', async () => {
    const boltOnly = boltOnlyHandler();
    const event = apiGatewayEvent(mentionBody('C0DASH', 'zurück'), 'application/json');

    await expect(boltOnly(event, {})).rejects.toThrow(SyntaxError);
    expect((await slackOnLambda(deps).invoke(event, {})).statusCode).toBe(200);
  });
});

it('leaves a plain-text (not base64) body alone', () => {
  const event = {
    ...apiGatewayEvent('{"a":"ä"}', 'application/json'),
    body: '{"a":"ä"}',
    isBase64Encoded: false,
  };
  expect(decodeBody(event)).toBe(event);
});
