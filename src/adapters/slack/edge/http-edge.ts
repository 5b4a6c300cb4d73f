import type { IncomingMessage } from 'node:http';
import type { Logger } from '@slack/bolt';
import type { RequestHandler } from 'express';
import { checkSlackRequest, MAX_SLACK_BODY_BYTES } from './check-request';

/** Reads a request body, giving up (without keeping what came) as soon as it is larger than `max` bytes. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      resolve('too large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        req.off('data', onData);
        req.off('end', onEnd);
        resolve('too large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

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
      // Drain the rest without keeping it, then close: the client hears the 413 instead of a reset.
      res.set('Connection', 'close').status(413).end();
      req.resume();
      return;
    }
    const checked = checkSlackRequest(raw.toString('utf8'), req.headers, options.signingSecret, nowSeconds());
    if (!checked.ok) {
      options.logger.warn(`slack: refused a request (${checked.status} ${checked.code}: ${checked.detail})`);
      res.status(checked.status).end();
      return;
    }
    if (checked.kind === 'ssl_check') {
      res.status(200).end();
      return;
    }
    // Bolt compares the content type exactly: give it the bare media type the check parsed by.
    req.headers['content-type'] = checked.contentType;
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    next();
  };
}
