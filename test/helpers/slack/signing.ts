import { createHmac } from 'node:crypto';

/** The signing secret every Slack test uses (Slack's are 32 hex characters). */
export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

/** Seconds since the epoch, as Slack puts it in `X-Slack-Request-Timestamp`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`: exactly how Slack signs a request. */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** The two headers Slack adds to every request it sends to an app. */
export function signedHeaders(
  rawBody: string,
  options: { secret?: string; timestamp?: number } = {},
): { 'X-Slack-Request-Timestamp': string; 'X-Slack-Signature': string } {
  const timestamp = options.timestamp ?? nowSeconds();
  return {
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': slackSignature(options.secret ?? SIGNING_SECRET, timestamp, rawBody),
  };
}
