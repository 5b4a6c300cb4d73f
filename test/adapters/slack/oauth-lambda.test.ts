import { installationKey } from '../../../src/adapters/slack/oauth';
import {
  createOAuthLambdaFromEnv,
  type HttpApiGetEvent,
  type HttpApiResult,
  type OAuthLambdaHandler,
} from '../../../src/adapters/slack/oauth-lambda';
import { type LambdaSlackHarness, startLambdaSlackHarness } from '../../helpers/slack/lambda-harness';
import { ANNA, BEN, eventCallback, slashCommandFields } from '../../helpers/slack/payloads';
import { type Dynalite, startDynalite, uniquePartition } from '../../store/dynalite';
import { BETA, GAMMA } from './oauth/oauth-harness';

/**
 * Multi-workspace mode on Lambda: the OAuth function (API Gateway HTTP API 2.0 GET events, the state cookie in the
 * event's `cookies` and the response's `cookies`) stores the installation in the shared DynamoDB table, and the
 * slack + slackWorker pair, built from the same environment, serve that workspace with that workspace's token.
 */

let dynamo: Dynalite;
let h: LambdaSlackHarness;
let oauth: OAuthLambdaHandler;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});
beforeEach(async () => {
  const partition = uniquePartition('oauth-lambda');
  h = await startLambdaSlackHarness({
    storeUrl: dynamo.url(partition),
    store: dynamo.store({ partition }),
    oauth: true,
  });
  // The OAuth function's environment as serverless.yml gives it: the Client ID, the secrets' parameter names.
  oauth = createOAuthLambdaFromEnv(
    {
      STORE_URL: h.env.STORE_URL,
      DEFAULT_LOCALE: 'de',
      SLACK_API_URL: h.env.SLACK_API_URL,
      SLACK_CLIENT_ID: h.env.SLACK_CLIENT_ID,
      SLACK_CLIENT_SECRET_PARAM: h.env.SLACK_CLIENT_SECRET_PARAM,
      SLACK_STATE_SECRET_PARAM: h.env.SLACK_STATE_SECRET_PARAM,
      SLACK_REDIRECT_URI: '',
    },
    { parameters: h.parameters, logger: h.logger },
  );
});
afterEach(async () => {
  await h.close();
});

let requests = 0;
/** A browser's GET as API Gateway hands it over (payload format 2.0). */
function getEvent(path: string, query: string, cookies?: string[]): HttpApiGetEvent {
  requests += 1;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: query,
    ...(cookies ? { cookies } : {}),
    headers: {
      accept: 'text/html',
      'accept-language': 'de-DE,de;q=0.9',
      host: 'abc123def4.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'Mozilla/5.0',
      'x-forwarded-proto': 'https',
    },
    queryStringParameters: Object.fromEntries(new URLSearchParams(query)),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123def4',
      domainName: 'abc123def4.execute-api.eu-west-1.amazonaws.com',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '3.90.0.1', userAgent: 'Mozilla/5.0' },
      requestId: `oauth-${requests}`,
      routeKey: `GET ${path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  } as HttpApiGetEvent;
}

/** The install page: its state (from the button's link) and the cookie the browser keeps. */
async function installPage(): Promise<{ page: HttpApiResult; state: string; cookie: string }> {
  const page = await oauth(getEvent('/slack/install', ''), {});
  const href = /id="add-to-slack" class="button" href="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
  const state = href ? new URL(href).searchParams.get('state') : null;
  const cookie = page.cookies?.[0]?.split(';')[0];
  if (!state || !cookie) throw new Error('the install page gave no state or no cookie');
  return { page, state, cookie };
}

async function install(grant: typeof BETA): Promise<HttpApiResult> {
  const { state, cookie } = await installPage();
  const code = h.fake.grant(`code-${grant.teamId}`, grant);
  return oauth(
    getEvent('/slack/oauth_redirect', `code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, [
      cookie,
      'other=1',
    ]),
    {},
  );
}

function tokenOf(teamId: string): string {
  const found = [...h.fake.workspaces.entries()].filter(([, w]) => w.teamId === teamId).map(([t]) => t);
  expect(found).toHaveLength(1);
  return found[0] as string;
}

it('shows the install page with the button, and sets the state cookie in the response’s cookies', async () => {
  const { page, state, cookie } = await installPage();
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.body).toContain('id="add-to-slack"');
  expect(page.body).toContain('https://slack.com/oauth/v2/authorize');
  expect(page.cookies).toHaveLength(1);
  expect(page.cookies?.[0]).toMatch(/HttpOnly/i);
  expect(cookie.split('=')[1]).toBe(state);
  // Not a header: API Gateway 2.0 sets cookies from `cookies` only.
  expect(Object.keys(page.headers).map((name) => name.toLowerCase())).not.toContain('set-cookie');
});

it('exchanges the code on the redirect (state cookie from the event), stores the installation, shows success', async () => {
  const result = await install(BETA);
  expect(result.statusCode).toBe(200);
  expect(result.body).toContain('Beta GmbH');
  expect(result.body).toContain('data-result="success"');
  // The state cookie is cleared.
  expect(result.cookies?.some((c) => /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c))).toBe(true);
  const exchange = h.fake.callsOf('oauth.v2.access');
  expect(exchange).toHaveLength(1);
  expect(exchange[0]?.args).toMatchObject({
    client_id: h.fake.oauthClient.id,
    client_secret: h.fake.oauthClient.secret,
  });
  const stored = await h.store.get(installationKey(null, BETA.teamId));
  expect(JSON.parse(stored?.value ?? '{}')).toMatchObject({
    team: { id: 'T0BETA', name: 'Beta GmbH' },
    bot: { token: tokenOf('T0BETA'), userId: 'U0BOTB' },
  });
});

it('shows the failure page for a state that is not ours, and stores nothing', async () => {
  const { cookie } = await installPage();
  const code = h.fake.grant('code-forged', BETA);
  const result = await oauth(
    getEvent('/slack/oauth_redirect', `code=${code}&state=forged.state.value`, [cookie]),
  );
  expect(result.statusCode).toBe(400);
  expect(result.body).toContain('data-result="expired"');
  expect(h.fake.callsOf('oauth.v2.access')).toHaveLength(0);
  expect(await h.store.get(installationKey(null, BETA.teamId))).toBeNull();
});

it('shows the failure page when the state cookie is missing', async () => {
  const { state } = await installPage();
  const code = h.fake.grant('code-nocookie', BETA);
  const result = await oauth(
    getEvent('/slack/oauth_redirect', `code=${code}&state=${encodeURIComponent(state)}`),
  );
  expect(result.statusCode).toBe(400);
  expect(await h.store.get(installationKey(null, BETA.teamId))).toBeNull();
});

it('answers 404 for any other path', async () => {
  expect((await oauth(getEvent('/slack/other', ''))).statusCode).toBe(404);
});

it('serves a command from an installed workspace through slack + slackWorker with that workspace’s token only', async () => {
  await install(BETA);
  await install(GAMMA);
  const beta = tokenOf('T0BETA');
  const gamma = tokenOf('T0GAMMA');

  const before = h.fake.mark();
  const answer = await h.sender.command(
    slashCommandFields(
      'start',
      ANNA,
      { channel: 'C0SHOP', teamId: 'T0BETA' },
      h.fake.responseUrl('cmd-beta'),
    ),
  );
  expect(answer.status).toBe(200);
  await h.idle();
  expect(h.results).toEqual([{ ok: true, status: 200 }]);
  const calls = h.fake.since(before);
  expect(calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0SHOP')).not.toEqual([]);
  expect(new Set(calls.map((c) => c.token))).toEqual(new Set([beta]));

  const between = h.fake.mark();
  await h.sender.command(
    slashCommandFields(
      'start',
      BEN,
      { channel: 'C0STORE', teamId: 'T0GAMMA' },
      h.fake.responseUrl('cmd-gamma'),
    ),
  );
  await h.idle();
  expect(new Set(h.fake.since(between).map((c) => c.token))).toEqual(new Set([gamma]));
  // The bot token's parameter was never read in this mode.
  expect(JSON.stringify(h.ssm.requests)).not.toContain('slack-bot-token');
});

it('refuses a workspace without an installation, and app_uninstalled deletes the installation', async () => {
  await install(BETA);
  const before = h.fake.mark();
  await h.sender.command(
    slashCommandFields('start', ANNA, { channel: 'C0X', teamId: 'T0NOBODY' }, h.fake.responseUrl('cmd-x')),
  );
  await h.idle();
  expect(h.fake.since(before).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  expect(h.logger.problems(/workspace T0NOBODY/)).toHaveLength(1);

  await h.sender.event(eventCallback({ type: 'app_uninstalled', event_ts: '1700000000.000100' }, 'T0BETA'));
  await h.idle();
  expect(await h.store.get(installationKey(null, BETA.teamId))).toBeNull();
});
