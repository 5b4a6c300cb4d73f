import { readySlackConfig, SlackConfigSchema } from '../../../src/adapters/slack/config';
import { ConfigError, parseEnv } from '../../../src/config';

/** DIGEST_CHANNEL: optional, a channel id (C… public, G… private), never a name. */
describe('DIGEST_CHANNEL', () => {
  const base = { SLACK_SIGNING_SECRET: 'secret-secret', SLACK_BOT_TOKEN: 'xoxb-1' };

  it.each(['C0EXPERTS', 'G012ABCDE'])('%s is taken and handed to the bot', (id) => {
    const config = parseEnv(SlackConfigSchema, { ...base, DIGEST_CHANNEL: id });
    expect(readySlackConfig(config)?.digestChannel).toBe(id);
  });

  it('unset or empty: no digest', () => {
    expect(readySlackConfig(parseEnv(SlackConfigSchema, base))).not.toHaveProperty('digestChannel');
    expect(readySlackConfig(parseEnv(SlackConfigSchema, { ...base, DIGEST_CHANNEL: '' }))).not.toHaveProperty(
      'digestChannel',
    );
  });

  it.each(['#experts', 'experts', 'c0experts', 'D0DIRECT', 'U0ANNA'])('%s is refused, by name', (value) => {
    let error: unknown;
    try {
      parseEnv(SlackConfigSchema, { ...base, DIGEST_CHANNEL: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'DIGEST_CHANNEL: must be a channel id (C… or G…), not its name',
    ]);
  });
});
