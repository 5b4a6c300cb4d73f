import {
  missingSlackSettings,
  readySlackConfig,
  SlackConfigSchema,
} from '../../../../src/adapters/slack/config';
import { type ConfigError, parseEnv } from '../../../../src/config';

/** SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET switch multi-workspace mode on, all three or none. */
const MULTI = {
  SLACK_SIGNING_SECRET: 'signing-secret-1',
  SLACK_CLIENT_ID: '1111111111.2222222222222',
  SLACK_CLIENT_SECRET: 'fakeclientsecret0123456789abcdef',
  SLACK_STATE_SECRET: 'a-random-state-secret-of-32-chars',
};

function problems(env: Record<string, string>): string[] {
  try {
    parseEnv(SlackConfigSchema, env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

it('all three set: multi-workspace mode, no bot token needed, a 30-day grace period', () => {
  const ready = readySlackConfig(parseEnv(SlackConfigSchema, MULTI));
  expect(ready).toMatchObject({
    signingSecret: 'signing-secret-1',
    oauth: { clientId: MULTI.SLACK_CLIENT_ID, uninstallGraceMs: 30 * 24 * 3600_000 },
  });
  expect(ready).not.toHaveProperty('botToken');
});

it('SLACK_UNINSTALL_GRACE_DAYS sets the grace period', () => {
  const ready = readySlackConfig(parseEnv(SlackConfigSchema, { ...MULTI, SLACK_UNINSTALL_GRACE_DAYS: '7' }));
  expect(ready?.oauth?.uninstallGraceMs).toBe(7 * 24 * 3600_000);
});

it('one or two of the three: the bot stays off and the missing ones are named, never a value', () => {
  const { SLACK_STATE_SECRET: _state, ...partial } = MULTI;
  const config = parseEnv(SlackConfigSchema, partial);
  expect(readySlackConfig(config)).toBeNull();
  expect(missingSlackSettings(config)).toEqual(['SLACK_STATE_SECRET']);
  expect(JSON.stringify(missingSlackSettings(config))).not.toContain(MULTI.SLACK_CLIENT_SECRET);
});

it('refuses a bot token or Socket Mode next to the OAuth settings', () => {
  const config = parseEnv(SlackConfigSchema, {
    ...MULTI,
    SLACK_BOT_TOKEN: 'xoxb-1',
    SLACK_APP_TOKEN: 'xapp-1',
  });
  expect(readySlackConfig(config)).toBeNull();
  expect(missingSlackSettings(config)).toEqual([
    expect.stringMatching(/^SLACK_BOT_TOKEN must be unset in multi-workspace mode/),
    expect.stringMatching(/^SLACK_APP_TOKEN must be unset in multi-workspace mode/),
  ]);
});

it('checks each setting at start-up, by name, without echoing a secret', () => {
  const found = problems({
    ...MULTI,
    SLACK_CLIENT_ID: 'my-app',
    SLACK_STATE_SECRET: 'short',
    SLACK_REDIRECT_URI: 'https://paysetup.example.com/wrong',
    SLACK_UNINSTALL_GRACE_DAYS: '-1',
  });
  expect(found).toEqual([
    'SLACK_CLIENT_ID: must be the Client ID from Basic Information (digits.digits)',
    'SLACK_STATE_SECRET: must be a random secret of at least 16 characters',
    'SLACK_REDIRECT_URI: must end in /slack/oauth_redirect',
    'SLACK_UNINSTALL_GRACE_DAYS: must be 0 or more days',
  ]);
  expect(found.join(' ')).not.toContain('short');
});

it('the single-workspace mode stays as it was', () => {
  const ready = readySlackConfig(
    parseEnv(SlackConfigSchema, { SLACK_SIGNING_SECRET: 'secret-secret', SLACK_BOT_TOKEN: 'xoxb-1' }),
  );
  expect(ready).toMatchObject({ botToken: 'xoxb-1' });
  expect(ready).not.toHaveProperty('oauth');
});
