import type { IncomingMessage } from 'node:http';
import type { Logger } from '@slack/bolt';
import type { RequestHandler } from 'express';
import { readBody, refuseTooLarge } from '../../../server/read-body';
import { checkSlackRequest, MAX_SLACK_BODY_BYTES } from './check-request';

/**
 * The edge of `POST /slack/events`, before Bolt's receiver: a body over 1 MB gets a 413 before it is buffered, a
 * forged or replayed request (signature, timestamp either way) a 401, a request Bolt could not handle (`null` where
 * it reads a field) a 400 — each with one log line that names the reason, never the content. What passes is handed
 * to Bolt as `req.rawBody`, which its receiver verifies and parses again.
 */
export function slackEdge(options: {
  signingSecret: string;
  logger: Logger;
  maxBytes?: number;
  now?: () => number;
}): RequestHandler {
  const max = options.maxBytes ?? MAX_SLACK_BODY_BYTES;
  const nowSeconds = () => Math.floor((options.now?.() ?? Date.now()) / 1000);
  return async (req, res, next) => {
    let raw: Buffer | 'too large';
    try {
      raw = await readBody(req, max);
    } catch {
      options.logger.warn('slack: refused a request (400 BODY_UNREADABLE: the body could not be read)');
      res.status(400).end();
      return;
    }
    if (raw === 'too large') {
      options.logger.warn(`slack: refused a request (413 BODY_TOO_LARGE: more than ${max} bytes)`);
      refuseTooLarge(req, res);
      return;
    }
    const checked = checkSlackRequest(raw.toString('utf8'), req.headers, options.signingSecret, nowSeconds());
    if (!checked.ok) {
      options.logger.warn(`slack: refused a request (${checked.status} ${checked.code}: ${checked.detail})`);
      res.status(checked.status).end();
      return;
    }
    if (
      checked.kind === 'ssl_check' ||
      checked.kind === 'unsubscribed_event' ||
      checked.kind === 'channel_message'
    ) {
      if (checked.kind === 'unsubscribed_event')
        options.logger.info('slack: acknowledged an event of a type the bot does not subscribe to');
      res.status(200).end();
      return;
    }
    // Bolt compares the content type exactly: give it the bare media type the check parsed by.
    req.headers['content-type'] = checked.contentType;
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    next();
  };
}
