import type { AwsEventV2 } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { signedHeaders } from './signing';

/**
 * An API Gateway HTTP API event (payload format 2.0), as `httpApi` in serverless.yml delivers a Slack request to the
 * Lambda function: header names in lower case, the body base64-encoded from its UTF-8 bytes (HTTP APIs encode a
 * form body; `base64: false` for a body passed as text), Slack's signature over the raw UTF-8 text.
 */
export interface HttpApiEventOptions {
  /** Sign with another secret (a forged request). */
  secret?: string;
  /** Sign with this timestamp (seconds). */
  timestamp?: number;
  /** A redelivery: `x-slack-retry-num` and `x-slack-retry-reason`. */
  retryNum?: number;
  retryReason?: string;
  /** @default true */
  base64?: boolean;
  /** Change the body after signing it. */
  tamper?: (rawBody: string) => string;
}

let requests = 0;

export function httpApiEvent(
  rawBody: string,
  contentType: string,
  options: HttpApiEventOptions = {},
): AwsEventV2 {
  requests += 1;
  const signed = signedHeaders(rawBody, {
    ...(options.secret !== undefined ? { secret: options.secret } : {}),
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
  const body = options.tamper ? options.tamper(rawBody) : rawBody;
  const now = new Date();
  const headers: Record<string, string> = {
    accept: 'application/json,*/*',
    'accept-encoding': 'gzip,deflate',
    'content-length': String(Buffer.byteLength(body, 'utf8')),
    'content-type': contentType,
    host: 'abc123def4.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-amzn-trace-id': `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${String(requests).padStart(24, '0')}`,
    'x-forwarded-for': '3.90.0.1',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    'x-slack-request-timestamp': signed['X-Slack-Request-Timestamp'],
    'x-slack-signature': signed['X-Slack-Signature'],
    ...(options.retryNum !== undefined
      ? {
          'x-slack-retry-num': String(options.retryNum),
          'x-slack-retry-reason': options.retryReason ?? 'http_timeout',
        }
      : {}),
  };
  const base64 = options.base64 ?? true;
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123def4',
      domainName: 'abc123def4.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123def4',
      http: {
        method: 'POST',
        path: '/slack/events',
        protocol: 'HTTP/1.1',
        sourceIp: '3.90.0.1',
        userAgent: 'Slackbot 1.0 (+https://api.slack.com/robots)',
      },
      requestId: `req-${requests}`,
      routeKey: 'POST /slack/events',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: base64,
  };
}
