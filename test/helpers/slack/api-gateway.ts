import type { AwsEventV1 } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { signedHeaders } from './signing';

/**
 * An API Gateway (REST, payload v1) proxy event for a Slack request: the body base64-encoded from its UTF-8 bytes,
 * as API Gateway sends it when binary media types are on, with Slack's signature over the raw UTF-8 text.
 */
export function apiGatewayEvent(
  rawBody: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  options: { secret?: string; timestamp?: number } = {},
): AwsEventV1 {
  const headers = {
    Accept: 'application/json,*/*',
    'Content-Type': contentType,
    Host: 'abc123.execute-api.eu-central-1.amazonaws.com',
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'X-Forwarded-Proto': 'https',
    ...signedHeaders(rawBody, options),
  };
  return {
    resource: '/slack/events',
    path: '/slack/events',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourcePath: '/slack/events',
      httpMethod: 'POST',
      path: '/prod/slack/events',
      stage: 'prod',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      identity: { sourceIp: '3.90.0.1', userAgent: 'Slackbot 1.0 (+https://api.slack.com/robots)' },
    },
    body: Buffer.from(rawBody, 'utf8').toString('base64'),
    isBase64Encoded: true,
  };
}
