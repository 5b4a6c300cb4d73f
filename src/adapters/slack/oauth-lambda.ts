import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { ConfigError, CoreConfigSchema, parseEnv } from '../../config';
import { coldStart } from '../../lambda/cold-start';
import { createLogger, type Logger } from '../../logging/logger';
import { type ParameterSource, withSecretsFromSsm } from '../../secrets';
import { openStore } from '../../store/open-store';
import { DEFAULT_UNINSTALL_GRACE_DAYS, INSTALL_PATH, OAUTH_REDIRECT_PATH, SlackConfigSchema } from './config';
import { createMultiWorkspace } from './oauth';
import type { OAuthRoutes } from './oauth/install-routes';

/**
 * The OAuth install on AWS Lambda (API Gateway HTTP API, payload 2.0): `GET /slack/install` and
 * `GET /slack/oauth_redirect`, which Bolt's AwsLambdaReceiver does not serve. The same handlers as the server's
 * (install-routes.ts) on a node-style request and response built from the event: the state cookie comes in as the
 * event's `cookies` (joined into a `Cookie` header) and goes out as the response's `cookies` (each `Set-Cookie`).
 * Installations go to the same store as the Slack functions read them from (STORE_URL); the client secret and the
 * state secret are read from SSM by their parameter names (`SLACK_CLIENT_SECRET_PARAM`, `SLACK_STATE_SECRET_PARAM`).
 */

/** The parts of an API Gateway HTTP API (2.0) event this function reads. */
export interface HttpApiGetEvent {
  version?: string;
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  cookies?: string[];
  requestContext?: { http?: { method?: string } };
}

export interface HttpApiResult {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
}

export type OAuthLambdaHandler = (event: HttpApiGetEvent, context?: unknown) => Promise<HttpApiResult>;

const plain = (statusCode: number, body: string): HttpApiResult => ({
  statusCode,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  body,
});

/** A node response that only records what the handlers write. */
class RecordedResponse {
  statusCode = 200;
  private readonly headers = new Map<string, number | string | string[]>();
  private readonly chunks: string[] = [];

  setHeader(name: string, value: number | string | readonly string[]): this {
    this.headers.set(name.toLowerCase(), typeof value === 'object' ? [...value] : value);
    return this;
  }
  getHeader(name: string): number | string | string[] | undefined {
    return this.headers.get(name.toLowerCase());
  }
  writeHead(status: number, headers?: OutgoingHttpHeaders): this {
    this.statusCode = status;
    for (const [name, value] of Object.entries(headers ?? {}))
      if (value !== undefined) this.setHeader(name, value as string | number | string[]);
    return this;
  }
  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) this.chunks.push(chunk.toString());
    return this;
  }

  result(): HttpApiResult {
    const headers: Record<string, string> = {};
    let cookies: string[] = [];
    for (const [name, value] of this.headers) {
      if (name === 'set-cookie') cookies = Array.isArray(value) ? value : [String(value)];
      else headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return {
      statusCode: this.statusCode,
      headers,
      ...(cookies.length > 0 ? { cookies } : {}),
      body: this.chunks.join(''),
    };
  }
}

/** The node request the handlers read: the URL, the headers (`Cookie` from the event's cookies, `Host`). */
function requestOf(event: HttpApiGetEvent): IncomingMessage {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value !== undefined) headers[name.toLowerCase()] = value;
  if (event.cookies && event.cookies.length > 0) headers.cookie = event.cookies.join('; ');
  headers.host ??= 'localhost';
  return {
    method: 'GET',
    url: `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`,
    headers,
  } as IncomingMessage;
}

export function createOAuthLambdaHandler(routes: OAuthRoutes, logger: Logger): OAuthLambdaHandler {
  return async (event) => {
    const method = event.requestContext?.http?.method ?? 'GET';
    const route =
      event.rawPath === INSTALL_PATH
        ? routes.install
        : event.rawPath === OAUTH_REDIRECT_PATH
          ? routes.redirect
          : null;
    if (!route || method !== 'GET') return plain(404, 'Not found');
    const res = new RecordedResponse();
    try {
      await route(requestOf(event), res as unknown as ServerResponse);
    } catch (error) {
      logger.error(`slack: the ${event.rawPath} page failed (${(error as Error).name})`);
      return plain(500, 'Something went wrong; please try again.');
    }
    return res.result();
  };
}

/** Read from SSM by `<NAME>_PARAM`: the OAuth secrets and a store URL with a password. */
const OAUTH_SECRET_SETTINGS = ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'STORE_URL'] as const;

export interface OAuthFromEnvOptions {
  /** @default SSM (GetParameters, decrypted) */
  parameters?: ParameterSource;
  logger?: Logger;
  /** The clock of the OAuth state (tests). */
  now?: () => Date;
}

/**
 * Builds the function from `env` on its first (cold) invocation; a failed build is tried again next time. Without
 * SLACK_CLIENT_ID (a one-workspace deployment) there is nothing to install: every request gets a 404.
 */
export function createOAuthLambdaFromEnv(
  env: NodeJS.ProcessEnv,
  options: OAuthFromEnvOptions = {},
): OAuthLambdaHandler {
  const logger = options.logger ?? createLogger('paysetup-slack-oauth');
  const ready = coldStart(async (): Promise<OAuthLambdaHandler> => {
    if (!env.SLACK_CLIENT_ID) {
      logger.warn('slack: SLACK_CLIENT_ID is not set (one workspace): the install routes answer 404');
      return async () => plain(404, 'Not found');
    }
    const filled = await withSecretsFromSsm(env, OAUTH_SECRET_SETTINGS, options.parameters);
    const config = parseEnv(CoreConfigSchema.extend(SlackConfigSchema.shape), filled);
    const missing = (['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const).filter(
      (name) => !config[name],
    );
    if (missing.length > 0)
      throw new ConfigError(missing.map((name) => `${name} (or ${name}_PARAM) is required for the install`));
    const store = await openStore(config.STORE_URL);
    const days = Number(config.SLACK_UNINSTALL_GRACE_DAYS ?? DEFAULT_UNINSTALL_GRACE_DAYS);
    const multi = createMultiWorkspace({
      oauth: {
        clientId: config.SLACK_CLIENT_ID as string,
        clientSecret: config.SLACK_CLIENT_SECRET as string,
        stateSecret: config.SLACK_STATE_SECRET as string,
        ...(config.SLACK_REDIRECT_URI ? { redirectUri: config.SLACK_REDIRECT_URI } : {}),
        uninstallGraceMs: days * 24 * 3600_000,
      },
      ...(config.SLACK_API_URL
        ? { apiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/` }
        : {}),
      store,
      logger,
      defaultLocale: config.DEFAULT_LOCALE,
      ...(options.now ? { now: options.now } : {}),
    });
    return createOAuthLambdaHandler(multi.routes, logger);
  });
  return async (event, context) => (await ready())(event, context);
}

/** The entry serverless.yml names (`functions.slackOAuth`). */
export const handler: OAuthLambdaHandler = createOAuthLambdaFromEnv(process.env);
