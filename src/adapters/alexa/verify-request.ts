import { createAskSdkError } from 'ask-sdk-core';
import type { Verifier } from 'ask-sdk-express-adapter';
import type { RequestEnvelope } from 'ask-sdk-model';

/** Amazon's rule for a skill hosted as a web service: a request's timestamp within 150 seconds of now. */
export const ALEXA_TIMESTAMP_TOLERANCE_MS = 150_000;
/** Skill events (enablement, permission changes) may arrive up to an hour late (Amazon's documentation). */
const SKILL_EVENT_TOLERANCE_MS = 3_600_000;

/**
 * The request timestamp, checked both ways: ask-sdk-express-adapter's TimestampVerifier refuses only old requests, so
 * one dated ten minutes (or a year) ahead, or with a timestamp that is no date at all, would pass it.
 */
export class AlexaTimestampVerifier implements Verifier {
  constructor(private readonly now: () => number = Date.now) {}

  async verify(body: string): Promise<void> {
    let request: { type?: unknown; timestamp?: unknown } | undefined;
    try {
      request = (JSON.parse(body) as { request?: typeof request }).request;
    } catch {
      throw createAskSdkError(
        'AlexaTimestampVerifier',
        'Timestamp verification failed: the body is not JSON',
      );
    }
    const stamp = typeof request?.timestamp === 'string' ? Date.parse(request.timestamp) : Number.NaN;
    if (!Number.isFinite(stamp))
      throw createAskSdkError(
        'AlexaTimestampVerifier',
        'Timestamp verification failed: no readable timestamp',
      );
    const age = this.now() - stamp;
    const tolerance =
      typeof request?.type === 'string' && request.type.startsWith('AlexaSkillEvent.')
        ? SKILL_EVENT_TOLERANCE_MS
        : ALEXA_TIMESTAMP_TOLERANCE_MS;
    if (age > tolerance)
      throw createAskSdkError('AlexaTimestampVerifier', 'Timestamp verification failed: too old');
    if (-age > ALEXA_TIMESTAMP_TOLERANCE_MS)
      throw createAskSdkError('AlexaTimestampVerifier', 'Timestamp verification failed: in the future');
  }
}

/**
 * The skill id the request names where it is not `skillId`, or null when every place agrees. ask-sdk-core checks only
 * `context.System.application`; the session carries the id as well, and both must be this skill's.
 */
export function otherSkillId(envelope: RequestEnvelope, skillId: string): string | null {
  const ids = [
    envelope.context?.System?.application?.applicationId,
    ...(envelope.session ? [envelope.session.application?.applicationId] : []),
  ];
  for (const id of ids) if (id !== skillId) return typeof id === 'string' ? id : String(id);
  return null;
}
