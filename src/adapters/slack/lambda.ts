import { AwsLambdaReceiver } from '@slack/bolt';
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { ConfigError, CoreConfigSchema, parseEnv } from '../../config';
import { DialogEngine } from '../../core/engine';
import { LinkService } from '../../linking/LinkService';
import { createLogger } from '../../server/logger';
import { openStore } from '../../store/open-store';
import { readySlackConfig, SlackConfigSchema } from './config';
import { type SlackAppDeps, withReceiver } from './create-slack-app';
import { checkSlackRequest } from './edge/check-request';

export type LambdaHandler = (event: AwsEvent, context: unknown) => Promise<AwsResponse>;

/**
 * API Gateway sends binary-safe bodies base64-encoded; Bolt's AwsLambdaReceiver decodes them as ASCII, which breaks
 * every umlaut and so the signature. Decode as UTF-8 here and hand Bolt the text.
 */
export function decodeBody(event: AwsEvent): AwsEvent {
  if (!event.isBase64Encoded || typeof event.body !== 'string') return event;
  return { ...event, body: Buffer.from(event.body, 'base64').toString('utf8'), isBase64Encoded: false };
}

/**
 * The Slack bot as a Lambda function (AwsLambdaReceiver): everything runs before the response, within 3 s. The same
 * edge checks as the HTTP server's come first (size, signature and timestamp both ways, shape), so a request Bolt
 * could not handle gets a 4xx and one log line instead of a 500.
 */
export function createSlackLambdaHandler(deps: SlackAppDeps): LambdaHandler {
  const receiver = new AwsLambdaReceiver({ signingSecret: deps.config.signingSecret, logger: deps.logger });
  withReceiver(deps, receiver);
  const handle = receiver.toHandler();
  return async (event, context) => {
    const decoded = decodeBody(event);
    const checked = checkSlackRequest(
      typeof decoded.body === 'string' ? decoded.body : '',
      lowerCaseKeys(decoded.headers),
      deps.config.signingSecret,
    );
    if (!checked.ok) {
      deps.logger.warn(`slack: refused a request (${checked.status} ${checked.code}: ${checked.detail})`);
      return { statusCode: checked.status, body: '' };
    }
    if (checked.kind === 'ssl_check' || checked.kind === 'unsubscribed_event')
      return { statusCode: 200, body: '' };
    // Bolt's receiver compares the content type exactly (with `; charset=utf-8` it parses a form as JSON and throws).
    return handle(withContentType(decoded, checked.contentType), context);
  };
}

function withContentType(event: AwsEvent, contentType: string): AwsEvent {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).filter(([key]) => key.toLowerCase() !== 'content-type'),
  );
  return { ...event, headers: { ...headers, 'Content-Type': contentType } };
}

function lowerCaseKeys(headers: AwsEvent['headers'] | undefined): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? undefined]));
}

let cached: Promise<LambdaHandler> | null = null;

async function build(): Promise<LambdaHandler> {
  const env = parseEnv(CoreConfigSchema.extend(SlackConfigSchema.shape), process.env);
  const config = readySlackConfig(env);
  if (!config)
    throw new ConfigError(['SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are required for the Slack function']);
  const store = await openStore(env.STORE_URL);
  return createSlackLambdaHandler({
    engine: new DialogEngine({ store, defaultLocale: env.DEFAULT_LOCALE }),
    links: new LinkService({ store }),
    store,
    config,
    logger: createLogger('paysetup-slack'),
    defaultLocale: env.DEFAULT_LOCALE,
  });
}

/** The entry `serverless.yml` names: built from the environment on the first (cold) invocation. */
export const handler: LambdaHandler = async (event, context) => {
  cached ??= build();
  // A failed build is not cached: the next invocation tries again (and reports the problem again).
  const ready = await cached.catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return ready(event, context);
};
