import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cloudFormationTableProperties } from '../../src/store/dynamo-schema';

const root = join(__dirname, '..', '..');
const read = (path: string) => parse(readFileSync(join(root, path), 'utf8'));

/** The Web API methods the Slack adapter calls, read from its source. */
function methodsCalled(): Set<string> {
  const dir = join(root, 'src/adapters/slack');
  const methods = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  )) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(
      /\.call(?:<[^>]*>)?\('([a-z]+\.[a-zA-Z]+)'/g,
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
};

describe('slack/manifest.yml', () => {
  const http = read('slack/manifest.yml');
  const socket = read('slack/manifest.socket-mode.yml');

  test.each([
    ['http', http],
    ['socket mode', socket],
  ])('%s: scopes cover every Web API method the bot calls, the command and the events', (_name, manifest) => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    const methods = methodsCalled();
    expect(methods.size).toBeGreaterThanOrEqual(5);
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
    ]);
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
