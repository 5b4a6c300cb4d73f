import type { Skill } from 'ask-sdk-core';
import { SkillRequestSignatureVerifier, type Verifier } from 'ask-sdk-express-adapter';
import type { RequestEnvelope } from 'ask-sdk-model';
import type { Request, RequestHandler, Response } from 'express';
import { readBody, refuseTooLarge } from '../../server/read-body';
import type { AlexaLogger } from './create-skill';
import { AlexaRequestError, AlexaTimestampVerifier } from './verify-request';

export interface AlexaRequestHandlerOptions {
  /**
   * Check Amazon's request signature (header `Signature-256` against the certificate chain at `SignatureCertChainUrl`).
   * Required by Amazon for every skill hosted as a web service; turn it off for local testing only.
   */
  verifySignature: boolean;
  logger: AlexaLogger;
  /** The largest request body accepted, in bytes (Alexa's requests are a few KB). @default 256 KB */
  maxBytes?: number;
  /** Checks the signature instead of ask-sdk-express-adapter's `SkillRequestSignatureVerifier` (tests). */
  signatureVerifier?: Verifier;
}

function refuse(res: Response, status: number, message: string): void {
  res.status(status).type('text/plain').send(message);
}

/**
 * The body exactly as sent: the signature covers these bytes, so it must not be parsed and re-serialized first. A
 * body over `max` bytes is given up as soon as it passes the limit, without buffering the rest.
 */
async function rawBody(req: Request, max: number): Promise<string | 'too large' | null> {
  const body: unknown = req.body;
  if (typeof body === 'string') return Buffer.byteLength(body) > max ? 'too large' : body;
  if (Buffer.isBuffer(body)) return body.length > max ? 'too large' : body.toString('utf8');
  // A JSON parser ran before this handler: the raw text is gone and the signature cannot be checked.
  if (body !== undefined) return null;
  const read = await readBody(req, max);
  return read === 'too large' ? read : read.toString('utf8');
}

/**
 * The express handler for `POST /alexa`: reads the raw body (at most 256 KB), verifies the request (timestamp both
 * ways always, Amazon's signature unless turned off), and answers with the skill's response envelope. The skill checks
 * the envelope's shape and skill ids itself (so the Lambda entry gets the same checks); what it refuses gets a 400.
 * Only the skill's own failures (which its error boundary turns into speech) would ever be a 500.
 *
 * Mount it without a body parser in front (`app.post('/alexa', handler)`); a raw or text parser in front is fine.
 */
export function createAlexaRequestHandler(skill: Skill, options: AlexaRequestHandlerOptions): RequestHandler {
  const { logger } = options;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  const verifiers: Verifier[] = [];
  if (options.verifySignature)
    verifiers.push(options.signatureVerifier ?? new SkillRequestSignatureVerifier());
  else {
    logger.warn(
      [
        '',
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        '!!! ALEXA_VERIFY_SIGNATURE=false: Alexa request signatures are NOT verified.    !!!',
        '!!! Anyone who finds POST /alexa can act as any Alexa user. Local testing ONLY. !!!',
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      ].join('\n'),
    );
  }
  // Amazon allows 150 seconds between the request's timestamp and its arrival; ahead of the clock is refused too.
  verifiers.push(new AlexaTimestampVerifier());

  return async (req, res) => {
    let raw: string | 'too large' | null;
    try {
      raw = await rawBody(req, maxBytes);
    } catch {
      logger.warn('alexa: unreadable request body (400)');
      refuse(res, 400, 'Unreadable request body');
      return;
    }
    if (raw === 'too large') {
      logger.warn(`alexa: request refused: the body is larger than ${maxBytes} bytes (413)`);
      refuseTooLarge(req, res, 'Request body too large');
      return;
    }
    if (raw === null) {
      logger.error(
        'alexa: POST /alexa got a parsed body; mount the Alexa handler before any JSON body parser.',
      );
      refuse(res, 500, 'Server misconfigured');
      return;
    }
    const text = raw;
    try {
      await Promise.all(verifiers.map((verifier) => verifier.verify(text, req.headers)));
    } catch (error) {
      logger.warn(`alexa: request refused: ${(error as Error).message}`);
      refuse(res, 400, 'Request verification failed');
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      refuse(res, 400, 'Request body is not JSON');
      return;
    }
    try {
      res.json(await skill.invoke(body as RequestEnvelope));
    } catch (error) {
      if (error instanceof AlexaRequestError) {
        logger.warn(`alexa: request refused: ${error.message}`);
        refuse(
          res,
          400,
          error.code === 'WRONG_SKILL' ? 'Request is for another skill' : 'Not an Alexa request',
        );
        return;
      }
      logger.error('alexa: the skill failed', error);
      refuse(res, 500, 'Skill failed');
    }
  };
}
