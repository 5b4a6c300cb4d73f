import pino from 'pino';

/**
 * Log levels, with the names and values of Bolt's own `LogLevel` (@slack/logger). An enum of the same name and members
 * is assignable to Bolt's, so this module satisfies Bolt's Logger without importing Bolt: the Alexa bundle stays
 * Bolt-free.
 */
export enum LogLevel {
  ERROR = 'error',
  WARN = 'warn',
  INFO = 'info',
  DEBUG = 'debug',
}

/** Bolt's Logger, structurally; also what the Alexa skill takes (`AlexaLogger`). */
export interface Logger {
  debug(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
  setLevel(level: LogLevel): void;
  getLevel(): LogLevel;
  setName(name: string): void;
}

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  /** @default LOG_LEVEL, else info */
  level?: LogLevel;
  /** @default LOG_FORMAT, else pretty on a terminal outside production and Lambda, else JSON lines */
  format?: LogFormat;
  /** Where the lines go. @default stderr (stdout is the CLI's output) */
  destination?: { write(line: string): void };
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * Fields that hold secrets, wherever they appear up to two levels deep (an object logged, its `headers`, an error's
 * `data`): their values are replaced before the line is written.
 */
const SECRET_FIELDS = [
  'token',
  'botToken',
  'bot_token',
  'appToken',
  'app_token',
  'userToken',
  'accessToken',
  'access_token',
  'refreshToken',
  'secret',
  'signingSecret',
  'signing_secret',
  'clientSecret',
  'client_secret',
  'stateSecret',
  'password',
  'authorization',
  'Authorization',
  'cookie',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_CLIENT_SECRET',
  'x-slack-signature',
  'X-Slack-Signature',
];

const field = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `["${name}"]`);

export const REDACT_PATHS: readonly string[] = SECRET_FIELDS.flatMap((name) => [
  field(name).replace(/^\./, ''),
  `*${field(name)}`,
  `*.*${field(name)}`,
]);

/** Slack tokens inside a message text (`xoxb-…`, `xoxp-…`, `xapp-…`): redaction by field cannot see those. */
const TOKEN_IN_TEXT = /\b(xox[abposre]|xapp)-[A-Za-z0-9-]+/g;

export function scrubText(text: string): string {
  return text.replace(TOKEN_IN_TEXT, '$1-[redacted]');
}

function defaultFormat(env: NodeJS.ProcessEnv): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  const production = env.NODE_ENV === 'production' || env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  return !production && process.stderr.isTTY ? 'pretty' : 'json';
}

function defaultLevel(env: NodeJS.ProcessEnv): LogLevel {
  const wanted = env.LOG_LEVEL?.toLowerCase();
  return (Object.values(LogLevel) as string[]).includes(wanted ?? '') ? (wanted as LogLevel) : LogLevel.INFO;
}

/** One JSON line from pino as a terminal line: `12:00:00.123 WARN paysetup-slack message key=value`. */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { time, level, name, msg, err, ...rest } = entry;
  const at = typeof time === 'string' ? time.slice(11, 23) : '';
  const error = err as { type?: string; message?: string } | undefined;
  const extra = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${[
    at,
    String(level).toUpperCase().padEnd(5),
    name,
    msg,
    error ? `(${error.type ?? 'Error'}: ${error.message ?? ''})` : '',
    extra,
  ]
    .filter((part) => part !== '' && part !== undefined)
    .join(' ')}\n`;
}

/**
 * The one logger of the server, the Lambda functions and the command line: pino, shaped as Bolt's Logger (so Bolt and
 * the Web API client log through it too) and as the Alexa skill's. JSON lines in production (NODE_ENV=production,
 * on Lambda, or when stderr is not a terminal), short readable lines in a terminal. Secrets never reach a line: token
 * and secret fields are redacted, and Slack tokens are cut out of message texts.
 *
 * `createLogger(name, level)` takes the arguments the way Bolt's loggers do: strings (and numbers) make the message,
 * an Error becomes `err`, a plain object's fields are added to the line.
 */
export function createLogger(name = 'paysetup', options: LogLevel | LoggerOptions = {}): Logger {
  const settings: LoggerOptions = typeof options === 'string' ? { level: options } : options;
  const env = settings.env ?? process.env;
  const format = settings.format ?? defaultFormat(env);
  const out = settings.destination ?? process.stderr;
  const destination =
    format === 'pretty'
      ? { write: (line: string) => out.write(prettyLine(line)) }
      : settings.destination
        ? { write: (line: string) => out.write(line) }
        : pino.destination({ fd: 2, sync: true });
  let current = settings.level ?? defaultLevel(env);
  let label = name;
  const log = pino(
    {
      level: current,
      // Bolt renames its loggers (setName): a mixin rather than a binding, so a line never carries two names.
      mixin: () => ({ name: label }),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    destination,
  );
  const write = (at: LogLevel, args: unknown[]) => {
    if (!log.isLevelEnabled(at)) return;
    const fields: Record<string, unknown> = {};
    const words: string[] = [];
    for (const arg of args) {
      if (arg instanceof Error) fields.err = arg;
      else if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) Object.assign(fields, arg);
      else words.push(typeof arg === 'string' ? arg : safeString(arg));
    }
    const error = fields.err instanceof Error ? fields.err : null;
    const msg = words.join(' ') || (error ? `${error.name}: ${error.message}` : '');
    log[at](fields, scrubText(msg));
  };
  return {
    debug: (...args) => write(LogLevel.DEBUG, args),
    info: (...args) => write(LogLevel.INFO, args),
    warn: (...args) => write(LogLevel.WARN, args),
    error: (...args) => write(LogLevel.ERROR, args),
    setLevel: (level) => {
      current = level;
      log.level = level;
    },
    getLevel: () => current,
    setName: (next) => {
      label = next;
    },
  };
}

/** pino's error serializer, with Slack tokens cut out of the message and the stack. */
function serializeError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack'])
    if (typeof serialized[key] === 'string') serialized[key] = scrubText(serialized[key] as string);
  return serialized;
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'bigint' || typeof value === 'symbol' ? value.toString() : String(value);
  } catch {
    return '[unprintable]';
  }
}
