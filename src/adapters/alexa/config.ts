import { z } from 'zod';

/**
 * Alexa settings from the environment, validated at start-up with the rest (`parseEnv` lists every problem).
 * Both are optional: without `ALEXA_SKILL_ID` any skill's requests are accepted (a warning is logged).
 */
export const AlexaConfigSchema = z.object({
  /** The skill id from the developer console; requests for any other skill are refused. */
  ALEXA_SKILL_ID: z
    .string()
    .trim()
    .regex(
      /^amzn1\.(?:ask\.skill|echo-sdk-ams\.app)\.[\w.-]+$/,
      'must be a skill id such as amzn1.ask.skill.12345678-1234-1234-1234-123456789012',
    )
    .optional(),
  /**
   * Verify Amazon's request signature. Only the exact value "false" turns it off (local testing only); anything but
   * "true" or "false" is a configuration error rather than a silent "on" or "off".
   * @default true
   */
  ALEXA_VERIFY_SIGNATURE: z
    .enum(['true', 'false'], 'must be "true" or "false" (only "false" turns the check off)')
    .default('true')
    .transform((value) => value !== 'false'),
});

export type AlexaConfig = z.infer<typeof AlexaConfigSchema>;
