import type { Skill } from 'ask-sdk-core';
import { SkillRequestSignatureVerifier, type Verifier } from 'ask-sdk-express-adapter';
import type { RequestEnvelope } from 'ask-sdk-model';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { AlexaLogger } from './create-skill';
import { AlexaTimestampVerifier } from './verify-request';

export interface AlexaRequestHandlerOptions {
  /**
   * Check Amazon's request signature (header `Signature-256` against the certificate chain at `SignatureCertChainUrl`).
   * Required by Amazon for every skill hosted as a web service; turn it off for local testing only.
   */
  verifySignature: boolean;
  logger: AlexaLogger;
  /** The largest request body accepted. @default '256kb' */
  limit?: string;
  /** Checks the signature instead of ask-sdk-express-adapter's `SkillRequestSignatureVerifier` (tests). */
  signatureVerifier?: Verifier;
}

/** The parts of a request envelope the skill relies on; anything else is left as Alexa sent it. */
const EnvelopeSchema = z.looseObject({
  version: z.string(),
  context: z.looseObject({
    System: z.looseObject({
      application: z.looseObject({ applicationId: z.string() }),
      user: z.looseObject({ userId: z.string() }),
    }),
  }),
  request: z.looseObject({ type: z.string(), requestId: z.string(), timestamp: z.string() }),
});

/** ask-sdk-core's CustomSkill throws this when `withSkillId` does not match the request's application id. */
function isSkillIdMismatch(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'AskSdk.CustomSkill Error' &&
    error.message.includes('ID verification failed')
  );
}

function refuse(res: Response, status: number, message: string): void {
  res.status(status).type('text/plain').send(message);
}

/** The body exactly as sent: the signature covers these bytes, so it must not be parsed and re-serialized first. */
function rawBody(req: Request, res: Response, parseText: RequestHandler): Promise<string | null> {
  const body: unknown = req.body;
  if (typeof body === 'string') return Promise.resolve(body);
  if (Buffer.isBuffer(body)) return Promise.resolve(body.toString('utf8'));
  // A JSON parser ran before this handler: the raw text is gone and the signature cannot be checked.
  if (body !== undefined) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    void parseText(req, res, (error?: unknown) => {
      if (error) reject(error);
      else resolve(typeof req.body === 'string' ? req.body : '');
    });
  });
}

/**
 * The express handler for `POST /alexa`: reads the raw body, verifies the request (timestamp always, Amazon's
 * signature unless turned off), checks its shape, and answers with the skill's response envelope. Refused requests
 * get a 4xx; only the skill's own failures (which its error boundary turns into speech) would ever be a 500.
 *
 * Mount it without a body parser in front (`app.post('/alexa', handler)`); a raw or text parser in front is fine.
 */
export function createAlexaRequestHandler(skill: Skill, options: AlexaRequestHandlerOptions): RequestHandler {
  const { logger } = options;
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
  const parseText = express.text({ type: () => true, limit: options.limit ?? '256kb' });

  return async (req, res) => {
    let raw: string | null;
    try {
      raw = await rawBody(req, res, parseText);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 400;
      logger.warn(`alexa: unreadable request body (${status})`);
      refuse(res, status >= 400 && status < 500 ? status : 400, 'Unreadable request body');
      return;
    }
    if (raw === null) {
      logger.error(
        'alexa: POST /alexa got a parsed body; mount the Alexa handler before any JSON body parser.',
      );
      refuse(res, 500, 'Server misconfigured');
      return;
    }
    try {
      await Promise.all(verifiers.map((verifier) => verifier.verify(raw, req.headers)));
    } catch (error) {
      logger.warn(`alexa: request refused: ${(error as Error).message}`);
      refuse(res, 400, 'Request verification failed');
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      refuse(res, 400, 'Request body is not JSON');
      return;
    }
    if (!EnvelopeSchema.safeParse(body).success) {
      logger.warn('alexa: request refused: not an Alexa request envelope');
      refuse(res, 400, 'Not an Alexa request');
      return;
    }
    try {
      res.json(await skill.invoke(body as RequestEnvelope));
    } catch (error) {
      if (isSkillIdMismatch(error)) {
        logger.warn(`alexa: request refused: it is for another skill (${(error as Error).message})`);
        refuse(res, 400, 'Request is for another skill');
        return;
      }
      logger.error('alexa: the skill failed', error);
      refuse(res, 500, 'Skill failed');
    }
  };
}
