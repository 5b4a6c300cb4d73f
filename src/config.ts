import { z } from 'zod';
import { LOCALES } from './core/context';
import { DEFAULT_LOCALE } from './core/i18n';
import { DEFAULT_STORE_URL } from './store/open-store';

/**
 * Configuration from the environment, validated once at start-up; every problem is listed at once.
 * Secrets never appear in messages: only the names of the variables do.
 */
export const CoreConfigSchema = z.object({
  STORE_URL: z.string().trim().min(1).default(DEFAULT_STORE_URL),
  DEFAULT_LOCALE: z.enum(LOCALES).default(DEFAULT_LOCALE),
});

export type CoreConfig = z.infer<typeof CoreConfigSchema>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses `env` with `schema`; throws a ConfigError naming each offending variable (never its value). */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
  );
}
