import { z } from 'zod';
import { MAX_SLACK_BODY_BYTES } from './edge/check-request';

/**
 * What the Slack HTTP function hands to the worker function after answering Slack: the request exactly as Slack
 * signed it (raw body and the headers the signature and Bolt need), and the token of the delivery claim the HTTP
 * function took. The worker trusts none of it unchecked: it verifies Slack's signature and timestamp again, and does
 * the work only while the claim is still this token's.
 */
export const HANDED_OVER_HEADERS = [
  'content-type',
  'x-slack-signature',
  'x-slack-request-timestamp',
  'x-slack-retry-num',
  'x-slack-retry-reason',
] as const;

export const SlackHandoverSchema = z.object({
  kind: z.literal('slack-delivery'),
  body: z.string().max(MAX_SLACK_BODY_BYTES),
  headers: z.partialRecord(z.enum(HANDED_OVER_HEADERS), z.string().max(1000)),
  /** The delivery claim's token (random), or null when the delivery has no id to claim by. */
  claim: z.uuid().nullable(),
});

export type SlackHandover = z.infer<typeof SlackHandoverSchema>;

/** The headers the worker needs, from a request's headers (any case). */
export function handedOverHeaders(headers: Record<string, string | undefined>): SlackHandover['headers'] {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const picked: SlackHandover['headers'] = {};
  for (const name of HANDED_OVER_HEADERS) {
    const value = lower[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}
