import { ConfigError } from '../src/config';
import { ssmParameterSource, withSecretsFromSsm } from '../src/secrets';
import { type FakeSsm, startFakeSsm, TEST_CREDENTIALS } from './helpers/aws/fakes';

/**
 * Secrets on Lambda: the environment names SSM parameters, the values are read (decrypted) at cold start with the
 * real SSM client, once per container, and only the names ever appear in an error.
 */

const SECRET = 'ssm-signing-secret-value-0001';
const TOKEN = 'xoxb-ssm-0000000000-bot-token';

let ssm: FakeSsm;
beforeAll(async () => {
  ssm = await startFakeSsm({
    '/paysetup/test/slack-signing-secret': SECRET,
    '/paysetup/test/slack-bot-token': TOKEN,
  });
});
afterAll(() => ssm.stop());
beforeEach(() => {
  ssm.requests.length = 0;
  ssm.failWith = null;
});

const source = () =>
  ssmParameterSource({ endpoint: ssm.endpoint, region: 'eu-west-1', credentials: TEST_CREDENTIALS });
const ENV = {
  SLACK_SIGNING_SECRET_PARAM: '/paysetup/test/slack-signing-secret',
  SLACK_BOT_TOKEN_PARAM: '/paysetup/test/slack-bot-token',
  STORE_URL: 'memory:',
};
const SETTINGS = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'STORE_URL'];

it('fills each setting from its parameter, decrypted, in one GetParameters call', async () => {
  const env = await withSecretsFromSsm(ENV, SETTINGS, source());
  expect(env).toMatchObject({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, STORE_URL: 'memory:' });
  expect(ssm.requests).toEqual([
    {
      target: 'AmazonSSM.GetParameters',
      Names: ['/paysetup/test/slack-bot-token', '/paysetup/test/slack-signing-secret'],
      WithDecryption: true,
    },
  ]);
});

it('reads once per container: later cold paths get the kept values', async () => {
  const shared = source();
  await withSecretsFromSsm(ENV, SETTINGS, shared);
  await withSecretsFromSsm(ENV, SETTINGS, shared);
  await Promise.all([withSecretsFromSsm(ENV, SETTINGS, shared), withSecretsFromSsm(ENV, SETTINGS, shared)]);
  expect(ssm.requests).toHaveLength(1);
});

it('without any _PARAM the environment is used as it is (the server), and SSM is never asked', async () => {
  const env = { SLACK_SIGNING_SECRET: SECRET, STORE_URL: 'memory:' };
  expect(await withSecretsFromSsm(env, SETTINGS, source())).toBe(env);
  expect(ssm.requests).toEqual([]);
});

it('a missing parameter is a ConfigError naming the setting and the parameter, never a value', async () => {
  const error = await withSecretsFromSsm(
    { ...ENV, SLACK_BOT_TOKEN_PARAM: '/paysetup/test/missing' },
    SETTINGS,
    source(),
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems).toEqual([
    'SLACK_BOT_TOKEN_PARAM: the SSM parameter /paysetup/test/missing does not exist or is empty',
  ]);
  expect(String((error as Error).message)).not.toContain(SECRET);
});

it('a refused read (no permission) is a ConfigError, not kept: the next cold path asks again', async () => {
  const shared = source();
  ssm.failWith = { status: 400, type: 'AccessDeniedException' };
  const error = await withSecretsFromSsm(ENV, SETTINGS, shared).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message).toMatch(
    /SSM: could not read .*slack-bot-token.*AccessDeniedException/,
  );
  ssm.failWith = null;
  expect((await withSecretsFromSsm(ENV, SETTINGS, shared)).SLACK_BOT_TOKEN).toBe(TOKEN);
  // Three tries of the SDK's own retry policy would be more than one request; what matters is that it asked again.
  expect(ssm.requests.length).toBeGreaterThanOrEqual(2);
});

it('a _PARAM that is no parameter name is a ConfigError', async () => {
  await expect(
    withSecretsFromSsm({ SLACK_BOT_TOKEN_PARAM: 'not a name!' }, SETTINGS, source()),
  ).rejects.toThrow(/SLACK_BOT_TOKEN_PARAM: must be an SSM parameter name/);
});
