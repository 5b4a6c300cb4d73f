import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloudFormationTableProperties, DUE_INDEX } from '../../src/store/dynamo-schema';
import { readZip } from '../helpers/zip';

/**
 * `npm run package:aws` as an operator runs it, once (in beforeAll): osls packages the service offline, with no AWS
 * credentials anywhere (none in the environment, no config files), bundling each function with serverless-esbuild.
 * The CloudFormation template and the zips it writes are then read as AWS would get them.
 */

const ROOT = join(__dirname, '..', '..');
const SKILL_ID = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
const STAGE = 'test';
/** Secrets in the packaging environment: if serverless.yml read them from there, they would land in the artifacts. */
const ENV_SECRET = 'env-signing-secret-must-not-leak-0001';
const ENV_TOKEN = 'xoxb-9999999999-8888888888-mustNotLeakFromEnv';
const ENV_CLIENT_SECRET = 'envclientsecretmustnotleak0123';
const ENV_STATE_SECRET = 'env-state-secret-must-not-leak-0123';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: unknown;
}
type Template = { Resources: Record<string, Resource>; Outputs?: Record<string, unknown> };

let dir: string;
let template: Template;
let packagingMs: number;
const resources = (type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
const resource = (id: string) => {
  const found = template.Resources[id];
  if (!found) throw new Error(`no resource ${id} in the template`);
  return found;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paysetup-package-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    ALEXA_SKILL_ID: SKILL_ID,
    SLACK_SIGNING_SECRET: ENV_SECRET,
    SLACK_BOT_TOKEN: ENV_TOKEN,
    SLACK_CLIENT_SECRET: ENV_CLIENT_SECRET,
    SLACK_STATE_SECRET: ENV_STATE_SECRET,
    // No credentials of any kind: none in the environment, no shared files, no instance metadata.
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const started = Date.now();
  const run = spawnSync('npm', ['run', 'package:aws', '--', '--package', dir, '--stage', STAGE], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 170_000,
  });
  packagingMs = Date.now() - started;
  if (run.status !== 0)
    throw new Error(`npm run package:aws failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  template = JSON.parse(
    readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('packages quickly enough to run with the suite', () => {
  // Measured at about 6 s on a 2-core machine; far above that, it belongs in a slower suite.
  expect(packagingMs).toBeLessThan(60_000);
});

it('declares the five functions on Node.js 22, with the handlers serverless.yml names', () => {
  const functions = Object.fromEntries(
    resources('AWS::Lambda::Function').map(([id, r]) => [id, r.Properties as Record<string, unknown>]),
  );
  expect(Object.keys(functions).sort()).toEqual([
    'AlexaLambdaFunction',
    'RemindersLambdaFunction',
    'SlackLambdaFunction',
    'SlackOAuthLambdaFunction',
    'SlackWorkerLambdaFunction',
  ]);
  for (const props of Object.values(functions)) expect(props.Runtime).toBe('nodejs22.x');
  expect(functions.SlackLambdaFunction?.Handler).toBe('src/adapters/slack/lambda.handler');
  expect(functions.SlackWorkerLambdaFunction?.Handler).toBe('src/adapters/slack/lambda-worker.handler');
  expect(functions.SlackWorkerLambdaFunction?.FunctionName).toBe(`paysetup-${STAGE}-slack-worker`);
  expect(functions.SlackOAuthLambdaFunction?.Handler).toBe('src/adapters/slack/oauth-lambda.handler');
  expect(functions.AlexaLambdaFunction?.Handler).toBe('src/adapters/alexa/lambda.handler');
  expect(functions.RemindersLambdaFunction?.Handler).toBe('src/reminders/lambda.handler');
  // The HTTP function answers within Slack's 3 s; the worker ends long before a claim goes stale (60 s).
  expect(functions.SlackLambdaFunction?.Timeout).toBeLessThanOrEqual(10);
  expect(functions.SlackWorkerLambdaFunction?.Timeout).toBeLessThan(60);
  // A round ends before the next minute's starts (and long before a claim's 5-minute lease runs out).
  expect(functions.RemindersLambdaFunction?.Timeout).toBeLessThan(60);
});

it('runs the reminders function every minute from one EventBridge rule, which alone may invoke it', () => {
  const rules = resources('AWS::Events::Rule');
  expect(rules).toHaveLength(1);
  const [[ruleId, rule] = []] = rules;
  expect(rule?.Properties).toEqual({
    ScheduleExpression: 'rate(1 minute)',
    State: 'ENABLED',
    Targets: [{ Arn: { 'Fn::GetAtt': ['RemindersLambdaFunction', 'Arn'] }, Id: expect.any(String) }],
  });
  const permissions = resources('AWS::Lambda::Permission').map(([, r]) => r.Properties);
  expect(
    permissions.filter((p) => JSON.stringify(p.FunctionName).includes('RemindersLambdaFunction')),
  ).toEqual([
    {
      FunctionName: { 'Fn::GetAtt': ['RemindersLambdaFunction', 'Arn'] },
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    },
  ]);
  // No retry by Lambda: the next minute's run is the retry (a retried round would run for a time that has passed).
  const config = resources('AWS::Lambda::EventInvokeConfig')
    .map(([, r]) => r.Properties)
    .find((p) => JSON.stringify(p.FunctionName).includes('RemindersLambdaFunction'));
  expect(config).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
});

it('routes POST /slack/events to the slack function and the two OAuth GETs to slackOAuth, nothing else', () => {
  const integrations = Object.fromEntries(resources('AWS::ApiGatewayV2::Integration'));
  expect(Object.values(integrations)).toHaveLength(2);
  for (const integration of Object.values(integrations))
    expect(integration.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  const target = (route: Resource) => {
    const ref = JSON.stringify(route.Properties.Target).match(/"(\w+Integration\w*)"/)?.[1] ?? '';
    const uri = integrations[ref]?.Properties.IntegrationUri as { 'Fn::GetAtt': string[] } | undefined;
    return uri?.['Fn::GetAtt'][0];
  };
  const routes = Object.fromEntries(
    resources('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey as string, target(r)]),
  );
  expect(routes).toEqual({
    'POST /slack/events': 'SlackLambdaFunction',
    'GET /slack/install': 'SlackOAuthLambdaFunction',
    'GET /slack/oauth_redirect': 'SlackOAuthLambdaFunction',
  });
});

it('lets Alexa invoke the alexa function for this skill only; nothing may invoke the worker but the role', () => {
  const permissions = resources('AWS::Lambda::Permission').map(([, r]) => r.Properties);
  const alexa = permissions.filter((p) => p.Principal === 'alexa-appkit.amazon.com');
  expect(alexa).toEqual([
    {
      FunctionName: { 'Fn::GetAtt': ['AlexaLambdaFunction', 'Arn'] },
      Action: 'lambda:InvokeFunction',
      Principal: 'alexa-appkit.amazon.com',
      EventSourceToken: SKILL_ID,
    },
  ]);
  expect(JSON.stringify(permissions)).not.toContain('SlackWorkerLambdaFunction');
  expect(resource('AlexaLambdaFunction').Properties.Environment).toMatchObject({
    Variables: { ALEXA_SKILL_ID: SKILL_ID },
  });
  // The worker's own retries are off: Slack's redeliveries and the stale claims are the retry.
  const config = resources('AWS::Lambda::EventInvokeConfig')
    .map(([, r]) => r.Properties)
    .find((p) => JSON.stringify(p.FunctionName).includes('SlackWorkerLambdaFunction'));
  expect(config).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
});

it("declares the DynamoDB store's table exactly as src/store/dynamo-schema.ts describes it", () => {
  const [[, table] = []] = resources('AWS::DynamoDB::Table');
  expect(resources('AWS::DynamoDB::Table')).toHaveLength(1);
  expect(table?.Properties).toEqual(cloudFormationTableProperties(`paysetup-${STAGE}`));
  expect(table?.Properties).toMatchObject({
    BillingMode: 'PAY_PER_REQUEST',
    TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    GlobalSecondaryIndexes: [{ IndexName: 'due' }],
  });
});

it('gives every function the table as STORE_URL and the names of SSM parameters, never a secret', () => {
  for (const id of [
    'SlackLambdaFunction',
    'SlackWorkerLambdaFunction',
    'SlackOAuthLambdaFunction',
    'AlexaLambdaFunction',
    'RemindersLambdaFunction',
  ]) {
    const variables = (resource(id).Properties.Environment as { Variables: Record<string, string> })
      .Variables;
    expect(variables.STORE_URL).toBe(`dynamodb://paysetup-${STAGE}?region=eu-west-1`);
    expect(variables.NODE_ENV).toBe('production');
    // Every save writes the next nudge's time: every function plans with the same reminder policy.
    expect(variables).toMatchObject({
      REMINDER_STALL_DAYS: '3',
      REMINDER_TIME_ZONE: 'Europe/Berlin',
      REMINDER_HOLIDAYS: 'DE',
      REMINDER_WORK_HOURS: '9-17',
    });
    expect(Object.keys(variables)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^SLACK_(SIGNING_SECRET|BOT_TOKEN)$/)]),
    );
  }
  for (const id of ['SlackLambdaFunction', 'SlackWorkerLambdaFunction'])
    expect((resource(id).Properties.Environment as { Variables: unknown }).Variables).toMatchObject({
      SLACK_SIGNING_SECRET_PARAM: `/paysetup/${STAGE}/slack-signing-secret`,
      SLACK_BOT_TOKEN_PARAM: `/paysetup/${STAGE}/slack-bot-token`,
    });
  expect(resource('SlackLambdaFunction').Properties.Environment).toMatchObject({
    Variables: { SLACK_WORKER_FUNCTION: `paysetup-${STAGE}-slack-worker`, SLACK_CLIENT_ID: '' },
  });
  // Many workspaces (the slackClientId param; empty by default): the worker and the OAuth function get the Client ID
  // and the names of the client secret's and the state secret's parameters, never their values.
  const oauthVariables = {
    SLACK_CLIENT_ID: '',
    SLACK_CLIENT_SECRET_PARAM: `/paysetup/${STAGE}/slack-client-secret`,
    SLACK_STATE_SECRET_PARAM: `/paysetup/${STAGE}/slack-state-secret`,
  };
  expect(resource('SlackWorkerLambdaFunction').Properties.Environment).toMatchObject({
    Variables: oauthVariables,
  });
  const oauth = (resource('SlackOAuthLambdaFunction').Properties.Environment as { Variables: unknown })
    .Variables as Record<string, string>;
  expect(oauth).toMatchObject(oauthVariables);
  expect(
    Object.keys(oauth)
      .filter((name) => name.startsWith('SLACK_'))
      .sort(),
  ).toEqual([
    'SLACK_CLIENT_ID',
    'SLACK_CLIENT_SECRET_PARAM',
    'SLACK_REDIRECT_URI',
    'SLACK_STATE_SECRET_PARAM',
  ]);
  expect(resource('SlackLambdaFunction').Properties.Environment).not.toMatchObject({
    Variables: { SLACK_CLIENT_SECRET_PARAM: expect.anything() },
  });
  // The reminders only post: the bot token's name, no signing secret; no digest channel unless one is given.
  const reminders = (resource('RemindersLambdaFunction').Properties.Environment as { Variables: unknown })
    .Variables as Record<string, string>;
  expect(reminders).toMatchObject({
    SLACK_BOT_TOKEN_PARAM: `/paysetup/${STAGE}/slack-bot-token`,
    DIGEST_CHANNEL: '',
    REMINDERS: 'on',
    // Many workspaces: the installations' tokens, so the OAuth settings' names (never their values).
    SLACK_CLIENT_ID: '',
    SLACK_CLIENT_SECRET_PARAM: `/paysetup/${STAGE}/slack-client-secret`,
    SLACK_STATE_SECRET_PARAM: `/paysetup/${STAGE}/slack-state-secret`,
    DIGEST_TEAM: '',
  });
  expect(reminders).not.toHaveProperty('SLACK_SIGNING_SECRET_PARAM');
});

describe('the role', () => {
  type Statement = { Effect: string; Action: string[]; Resource: unknown[] };
  const statements = () =>
    (
      resource('IamRoleLambdaExecution').Properties.Policies as {
        PolicyDocument: { Statement: Statement[] };
      }[]
    ).flatMap((policy) => policy.PolicyDocument.Statement);
  const about = (service: string) =>
    statements().filter((s) => s.Action.some((a) => a.startsWith(`${service}:`)));
  const tableArn = { 'Fn::GetAtt': ['StoreTable', 'Arn'] };

  it('reaches the table and its index, nothing else in DynamoDB, with the calls the store makes', () => {
    const dynamo = about('dynamodb');
    expect(dynamo).toHaveLength(1);
    expect(dynamo[0]?.Resource).toEqual([tableArn, { 'Fn::Join': ['/', [tableArn, 'index', DUE_INDEX]] }]);
    expect(dynamo[0]?.Action.sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
  });

  it("reads the app's own parameters only, and invokes the worker only", () => {
    const joined = (s: Statement | undefined) => JSON.stringify(s?.Resource);
    const ssm = about('ssm');
    expect(ssm).toHaveLength(1);
    expect(ssm[0]?.Action.sort()).toEqual(['ssm:GetParameter', 'ssm:GetParameters']);
    expect(joined(ssm[0])).toContain(`:parameter/paysetup/${STAGE}/*`);
    const lambda = about('lambda');
    expect(lambda).toHaveLength(1);
    expect(lambda[0]?.Action).toEqual(['lambda:InvokeFunction']);
    expect(joined(lambda[0])).toContain(`:function:paysetup-${STAGE}-slack-worker"`);
  });

  it("has no wildcard action, and no resource that is a whole service ('*') beyond its own log groups", () => {
    for (const statement of statements()) {
      expect(statement.Action.some((a) => a.includes('*'))).toBe(false);
      if (!statement.Action.every((a) => a.startsWith('logs:')))
        expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|:\*"/);
    }
  });
});

describe('the artifacts', () => {
  const zips = () => readdirSync(dir).filter((name) => name.endsWith('.zip'));

  it('one zip a function, each holding its bundle and source map only (no node_modules, no SQLite driver)', () => {
    expect(zips().sort()).toEqual([
      'alexa.zip',
      'reminders.zip',
      'slack.zip',
      'slackOAuth.zip',
      'slackWorker.zip',
    ]);
    for (const zip of zips()) {
      const files = [...readZip(join(dir, zip)).keys()];
      expect(files).toHaveLength(2);
      expect(files.every((file) => /^src\/(adapters\/.+|reminders\/lambda)\.js(\.map)?$/.test(file))).toBe(
        true,
      );
    }
  });

  it('neither the Alexa, the Slack HTTP, the OAuth nor the reminders function carries Bolt (their source maps list no Bolt file)', () => {
    const sources = (zip: string) => {
      const files = readZip(join(dir, zip));
      const map = [...files.entries()].find(([name]) => name.endsWith('.map'))?.[1];
      return (JSON.parse(map?.toString('utf8') ?? '{}') as { sources: string[] }).sources;
    };
    for (const zip of ['alexa.zip', 'slack.zip', 'reminders.zip', 'slackOAuth.zip']) {
      expect(sources(zip).length).toBeGreaterThan(100);
      expect(sources(zip).filter((s) => s.includes('node_modules/@slack/bolt'))).toEqual([]);
      expect(sources(zip).filter((s) => /node_modules\/(better-sqlite3|redis|@redis)\//.test(s))).toEqual([]);
    }
    expect(sources('slackWorker.zip').some((s) => s.includes('node_modules/@slack/bolt'))).toBe(true);
  });

  it('hold no secret: not the ones in the packaging environment, and no Slack token at all', () => {
    const texts: [string, string][] = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]);
    for (const zip of zips())
      for (const [file, content] of readZip(join(dir, zip)))
        texts.push([`${zip}:${file}`, content.toString('utf8')]);
    expect(texts.length).toBeGreaterThanOrEqual(13);
    const leaks = texts.flatMap(([name, content]) =>
      [ENV_SECRET, ENV_TOKEN, ENV_CLIENT_SECRET, ENV_STATE_SECRET, '${ssm:']
        .filter((secret) => content.includes(secret))
        .concat(/xox[abpr]-[A-Za-z0-9]/.test(content) ? ['a Slack token'] : [])
        .map((what) => `${name}: ${what}`),
    );
    expect(leaks).toEqual([]);
    const raw = JSON.stringify(template);
    expect(raw).not.toContain('xoxb-');
  });
});
