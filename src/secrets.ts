import { GetParametersCommand, SSMClient, type SSMClientConfig } from '@aws-sdk/client-ssm';
import { z } from 'zod';
import { ConfigError } from './config';

/**
 * Secrets on AWS Lambda come from SSM Parameter Store, read once per container at cold start: the function's
 * environment carries only parameter NAMES (`SLACK_SIGNING_SECRET_PARAM=/paysetup/prod/slack-signing-secret`), so
 * packaging needs no credentials and no secret lands in the CloudFormation template or the zip. The server
 * (`npm start`) keeps reading the values themselves from its environment.
 */

/** An SSM parameter name: a path of letters, digits and `_.-/`, at most 2048 characters (SSM's own rule). */
const ParameterNameSchema = z
  .string()
  .trim()
  .max(2048)
  .regex(/^\/?[\w.\-/]+$/, 'must be an SSM parameter name such as /paysetup/prod/slack-bot-token');

/** Reads parameters by name (decrypted); names it does not know are left out of the answer. */
export type ParameterSource = (names: readonly string[]) => Promise<Map<string, string>>;

/** SSM GetParameters takes at most ten names per call. */
const NAMES_PER_CALL = 10;

/** The source on AWS: SSM GetParameters with WithDecryption (SecureString parameters come back in clear). */
export function ssmParameterSource(
  options: Pick<SSMClientConfig, 'region' | 'endpoint' | 'credentials'> = {},
): ParameterSource {
  let client: SSMClient | null = null;
  return async (names) => {
    client ??= new SSMClient(options);
    const found = new Map<string, string>();
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
      const answer = await client.send(
        new GetParametersCommand({ Names: names.slice(i, i + NAMES_PER_CALL), WithDecryption: true }),
      );
      for (const parameter of answer.Parameters ?? [])
        if (parameter.Name && parameter.Value !== undefined) found.set(parameter.Name, parameter.Value);
    }
    return found;
  };
}

/** What each source has read, by the names asked for: once per container. */
const reads = new WeakMap<ParameterSource, Map<string, Promise<Map<string, string>>>>();
let sharedSsm: ParameterSource | null = null;

/** The one SSM source of this container (so what it read is kept across invocations). */
function sharedSsmSource(): ParameterSource {
  sharedSsm ??= ssmParameterSource();
  return sharedSsm;
}

/**
 * `env` with each of `settings` filled in from SSM where `<SETTING>_PARAM` names a parameter (a value set directly
 * wins over nothing, a parameter wins over a value: on Lambda the parameter is the source). Read once per container
 * for the same names; a failed read is not kept, so the next invocation tries again. Problems name the variables and
 * parameters, never a value.
 */
export async function withSecretsFromSsm(
  env: NodeJS.ProcessEnv,
  settings: readonly string[],
  source: ParameterSource = sharedSsmSource(),
): Promise<NodeJS.ProcessEnv> {
  const wanted = new Map<string, string>();
  const problems: string[] = [];
  for (const setting of settings) {
    const raw = env[`${setting}_PARAM`];
    if (raw === undefined || raw === '') continue;
    const name = ParameterNameSchema.safeParse(raw);
    if (name.success) wanted.set(setting, name.data);
    else problems.push(`${setting}_PARAM: ${name.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (wanted.size === 0) return env;
  const names = [...new Set(wanted.values())].sort();
  const key = names.join('\n');
  let cache = reads.get(source);
  if (!cache) {
    cache = new Map();
    reads.set(source, cache);
  }
  let reading = cache.get(key);
  if (!reading) {
    reading = source(names);
    cache.set(key, reading);
    const kept = cache;
    reading.catch(() => kept.delete(key));
  }
  let values: Map<string, string>;
  try {
    values = await reading;
  } catch (error) {
    const code = (error as { name?: string }).name ?? 'error';
    throw new ConfigError([`SSM: could not read ${names.join(', ')} (${code})`]);
  }
  const filled: NodeJS.ProcessEnv = { ...env };
  for (const [setting, name] of wanted) {
    const value = values.get(name);
    if (value === undefined || value === '')
      problems.push(`${setting}_PARAM: the SSM parameter ${name} does not exist or is empty`);
    else filled[setting] = value;
  }
  if (problems.length > 0) {
    cache.delete(key);
    throw new ConfigError(problems);
  }
  return filled;
}
