import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../../src/adapters/slack/oauth/scopes';
import { cloudFormationTableProperties } from '../../src/store/dynamo-schema';

const root = join(__dirname, '..', '..');
const read = (path: string) => parse(readFileSync(join(root, path), 'utf8'));

/** The Web API methods the Slack adapter calls, read from its source (typed calls: `client.chat.postMessage(…)`). */
function methodsCalled(): Set<string> {
  const dir = join(root, 'src/adapters/slack');
  const methods = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  )) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(
      /\b(?:c|client|this\.client)\.((?:chat|users|views|conversations|canvases)(?:\.[a-zA-Z]+)+)\(/g,
    )) {
      methods.add(match[1] as string);
    }
  }
  return methods;
}

/** The bot scope each method needs (Slack's method reference). */
const SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'users.info': ['users:read'],
  'users.conversations': ['channels:read', 'groups:read'],
  'conversations.history': ['channels:history', 'groups:history'],
  'views.open': [],
  'views.publish': [],
  'conversations.canvases.create': ['canvases:write'],
  'canvases.edit': ['canvases:write'],
};

describe('slack/manifest.yml', () => {
  const http = read('slack/manifest.yml');
  const socket = read('slack/manifest.socket-mode.yml');
  const multi = read('slack/manifest.multi-workspace.yml');

  test.each([
    ['http', http],
    ['socket mode', socket],
  ])('%s: scopes cover every Web API method the bot calls, the command and the events', (_name, manifest) => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    const methods = methodsCalled();
    expect(methods.size).toBeGreaterThanOrEqual(5);
    // The plan canvas: both methods are seen.
    expect([...methods]).toEqual(expect.arrayContaining(['conversations.canvases.create', 'canvases.edit']));
    for (const method of methods) {
      expect(SCOPES[method]).toBeDefined(); // a new method needs its scope looked up and added here and in the manifest
      for (const scope of SCOPES[method] ?? []) expect(scopes).toContain(scope);
    }
    expect(scopes).toEqual(expect.arrayContaining(['commands', 'app_mentions:read']));
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([
      '/paysetup',
    ]);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'app_uninstalled',
      'message.channels', // the thread layout: answers typed in a step's thread
      'message.groups',
      'tokens_revoked',
    ]);
    // The OAuth install asks for exactly the scopes the app is configured with.
    expect([...scopes].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest._metadata.major_version).toBe(1);
    // Mentions in `/paysetup owner @anna` arrive as <@U…|anna> only when Slack escapes the command text.
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
  });

  test('http: every request URL is the one endpoint the server serves', () => {
    const urls = [
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
      ...http.features.slash_commands.map((c: { url: string }) => c.url),
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(http.settings.socket_mode_enabled).toBe(false);
  });

  test('many workspaces: the OAuth redirect is the one the server serves, on the same host, and tokens rotate', () => {
    const redirects: string[] = multi.oauth_config.redirect_urls;
    expect(redirects).toHaveLength(1);
    const redirect = new URL(redirects[0] as string);
    expect(redirect.protocol).toBe('https:');
    expect(redirect.pathname).toBe('/slack/oauth_redirect');
    expect(redirect.host).toBe(new URL(multi.settings.event_subscriptions.request_url).host);
    expect(multi.settings.token_rotation_enabled).toBe(true);
    // Otherwise the same app: scopes, events, commands.
    expect(multi.oauth_config.scopes).toEqual(http.oauth_config.scopes);
    expect([...multi.settings.event_subscriptions.bot_events].sort()).toEqual(
      [...http.settings.event_subscriptions.bot_events].sort(),
    );
    expect(multi.settings.event_subscriptions.request_url).toBe(
      http.settings.event_subscriptions.request_url,
    );
    expect(multi.features).toEqual(http.features);
  });

  test('one workspace over HTTP: its bot token copied by hand, so no rotation (a rotating token expires in 12 h)', () => {
    expect(http.settings.token_rotation_enabled).toBe(false);
    expect(http.oauth_config.redirect_urls).toBeUndefined();
  });

  test('socket mode: one workspace, its bot token copied by hand, so no redirect and no rotation', () => {
    expect(socket.oauth_config.redirect_urls).toBeUndefined();
    expect(socket.settings.token_rotation_enabled).toBe(false);
  });

  test('socket mode: no request URLs', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.event_subscriptions.request_url).toBeUndefined();
    expect(socket.settings.interactivity.request_url).toBeUndefined();
  });
});

describe('serverless.yml', () => {
  const sls = read('serverless.yml');

  test('every function handler names a file that exports `handler`', () => {
    const functions = Object.values(sls.functions) as { handler: string }[];
    expect(functions.length).toBeGreaterThanOrEqual(1);
    for (const { handler } of functions) {
      const [file, exported] = handler.split(/\.(?=[^.]+$)/) as [string, string];
      const path = join(root, `${file}.ts`);
      expect(existsSync(path)).toBe(true);
      expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`export const ${exported}\\b`));
    }
  });

  /** A serverless variable as written in the file, `${…}`. */
  const v = (reference: string) => `\${${reference}}`;

  test('secrets: the functions get SSM parameter names, read at cold start; nothing resolved from SSM at packaging', () => {
    const raw = readFileSync(join(root, 'serverless.yml'), 'utf8');
    expect(raw).not.toMatch(/\$\{ssm:/);
    expect(raw).not.toMatch(/xox[bp]-|xapp-/);
    const environments = [
      sls.provider.environment,
      ...Object.values(sls.functions as Record<string, { environment?: Record<string, string> }>).map(
        (f) => f.environment ?? {},
      ),
    ] as Record<string, string>[];
    for (const env of environments) {
      expect(env.SLACK_SIGNING_SECRET).toBeUndefined();
      expect(env.SLACK_BOT_TOKEN).toBeUndefined();
    }
    for (const name of ['slack', 'slackWorker']) {
      const env = sls.functions[name].environment as Record<string, string>;
      expect(env.SLACK_SIGNING_SECRET_PARAM).toBe(`${v('self:custom.parameterPath')}/slack-signing-secret`);
      expect(env.SLACK_BOT_TOKEN_PARAM).toBe(`${v('self:custom.parameterPath')}/slack-bot-token`);
    }
    expect(sls.custom.parameterPath).toBe(`/paysetup/${v('sls:stage')}`);
  });

  test('the store table is the one src/store/dynamo-schema.ts describes', () => {
    const table = sls.resources.Resources.StoreTable;
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.Properties).toEqual(cloudFormationTableProperties(v('self:custom.tableName')));
    expect(sls.provider.environment.STORE_URL).toBe(
      `dynamodb://${v('self:custom.tableName')}?region=${v('aws:region')}`,
    );
  });

  test('runs on Node.js 22 in a region Alexa can invoke, bundled by serverless-esbuild', () => {
    expect(sls.provider.runtime).toBe('nodejs22.x');
    expect(sls.plugins).toEqual(['serverless-esbuild']);
    const region = /^\$\{opt:region, '([a-z0-9-]+)'\}$/.exec(sls.provider.region)?.[1];
    expect(['us-east-1', 'eu-west-1', 'us-west-2', 'ap-northeast-1']).toContain(region);
  });
});
