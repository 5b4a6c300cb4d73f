import { AlexaConfigSchema } from '../../../src/adapters/alexa/config';
import { ConfigError, parseEnv } from '../../../src/config';

describe('AlexaConfigSchema', () => {
  it('verifies signatures by default and has no skill id', () => {
    expect(parseEnv(AlexaConfigSchema, {})).toEqual({ ALEXA_VERIFY_SIGNATURE: true });
    expect(parseEnv(AlexaConfigSchema, { ALEXA_VERIFY_SIGNATURE: '' })).toEqual({
      ALEXA_VERIFY_SIGNATURE: true,
    });
    expect(parseEnv(AlexaConfigSchema, { ALEXA_VERIFY_SIGNATURE: 'true' }).ALEXA_VERIFY_SIGNATURE).toBe(true);
  });

  it('turns the signature check off only for the exact string "false"', () => {
    expect(parseEnv(AlexaConfigSchema, { ALEXA_VERIFY_SIGNATURE: 'false' }).ALEXA_VERIFY_SIGNATURE).toBe(
      false,
    );
    for (const value of ['no', '0', 'off', 'FALSE', 'False']) {
      expect(() => parseEnv(AlexaConfigSchema, { ALEXA_VERIFY_SIGNATURE: value })).toThrow(ConfigError);
    }
  });

  it('takes a skill id and names the variable (never the value) when it is malformed', () => {
    const id = 'amzn1.ask.skill.12345678-1234-4234-8234-123456789012';
    expect(parseEnv(AlexaConfigSchema, { ALEXA_SKILL_ID: ` ${id} ` }).ALEXA_SKILL_ID).toBe(id);
    try {
      parseEnv(AlexaConfigSchema, { ALEXA_SKILL_ID: 'my-secret-skill', ALEXA_VERIFY_SIGNATURE: 'nope' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^ALEXA_SKILL_ID: /m);
      expect(problems).toMatch(/^ALEXA_VERIFY_SIGNATURE: /m);
      expect(problems).not.toContain('my-secret-skill');
    }
  });
});
