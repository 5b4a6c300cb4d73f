import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import { checkSlackShape, type SlackRequestKind } from './request-schema';

/** Slack's requests are small (a modal's state, a message's blocks): far below this. */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;
/** Slack's rule: a timestamp more than five minutes off (either way) is a replay or a forgery. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type EdgeRefusalCode =
  | 'BODY_TOO_LARGE'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_MISMATCH'
  | 'TIMESTAMP_INVALID'
  | 'TIMESTAMP_OUT_OF_RANGE'
  | 'BODY_UNREADABLE'
  | 'BODY_MALFORMED';

export type SlackRequestCheck =
  | {
      ok: true;
      kind: SlackRequestKind | 'ssl_check';
      contentType: string;
      /** The parsed request: the JSON envelope, the command's form fields or the interactive payload. */
      body: unknown;
    }
  | { ok: false; status: 400 | 401 | 413; code: EdgeRefusalCode; detail: string };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const refuse = (
  status: 400 | 401 | 413,
  code: EdgeRefusalCode,
  detail: string,
): Extract<SlackRequestCheck, { ok: false }> => ({ ok: false, status, code, detail });

/**
 * Slack's request signing, both directions of the clock: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}` with
 * the signing secret, and a timestamp within five minutes of now (Bolt only rejects old ones).
 */
export function verifySlackSignature(
  rawBody: string,
  headers: Headers,
  signingSecret: string,
  nowSeconds: number,
): Extract<SlackRequestCheck, { ok: false }> | null {
  const signature = header(headers, 'x-slack-signature');
  const timestamp = header(headers, 'x-slack-request-timestamp');
  if (!signature || !timestamp) return refuse(401, 'SIGNATURE_MISSING', 'signature headers missing');
  if (!/^\d{1,12}$/.test(timestamp)) return refuse(401, 'TIMESTAMP_INVALID', 'timestamp is not a number');
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS)
    return refuse(401, 'TIMESTAMP_OUT_OF_RANGE', 'timestamp more than five minutes off');
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest();
  const match = /^v0=([0-9a-f]{64})$/.exec(signature);
  if (!match?.[1] || !timingSafeEqual(Buffer.from(match[1], 'hex'), expected))
    return refuse(401, 'SIGNATURE_MISMATCH', 'signature does not match');
  return null;
}

/** The media type without parameters (`application/json; charset=utf-8` → `application/json`). */
export function mediaType(headers: Headers): string {
  return (header(headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Everything the edge checks before a request reaches Bolt, for the HTTP server and the Lambda function alike:
 * its size, its signature and timestamp, and the shape of what it carries.
 */
export function checkSlackRequest(
  rawBody: string,
  headers: Headers,
  signingSecret: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): SlackRequestCheck {
  if (Buffer.byteLength(rawBody, 'utf8') > MAX_SLACK_BODY_BYTES)
    return refuse(413, 'BODY_TOO_LARGE', 'body larger than 1 MB');
  const contentType = mediaType(headers);
  // Slack's certificate check of a slash command's URL (unsigned, as Bolt treats it): answered 200, nothing done.
  if (contentType === 'application/x-www-form-urlencoded' && isSslCheck(rawBody))
    return { ok: true, kind: 'ssl_check', contentType, body: parseQuery(rawBody) };
  const forged = verifySlackSignature(rawBody, headers, signingSecret, nowSeconds);
  if (forged) return forged;
  let body: unknown;
  let encoding: 'json' | 'form' | 'payload';
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(rawBody);
      if (form.payload !== undefined) {
        if (typeof form.payload !== 'string') return refuse(400, 'BODY_MALFORMED', 'payload given twice');
        body = JSON.parse(form.payload);
        encoding = 'payload';
      } else {
        // Repeated fields come as arrays; none of Slack's fields repeats.
        if (Object.values(form).some(Array.isArray))
          return refuse(400, 'BODY_MALFORMED', 'a form field given twice');
        body = form;
        encoding = 'form';
      }
    } else if (contentType === 'application/json') {
      body = JSON.parse(rawBody);
      encoding = 'json';
    } else return refuse(400, 'BODY_MALFORMED', 'unsupported content type');
  } catch {
    return refuse(400, 'BODY_UNREADABLE', 'body is not valid JSON');
  }
  const shape = checkSlackShape(body, encoding);
  if (!shape.ok) return refuse(400, 'BODY_MALFORMED', shape.problem);
  return { ok: true, kind: shape.kind, contentType, body };
}

function isSslCheck(rawBody: string): boolean {
  const form = parseQuery(rawBody);
  return form.ssl_check === '1' && form.payload === undefined && form.command === undefined;
}
