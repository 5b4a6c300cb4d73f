import { createAskSdkError } from 'ask-sdk-core';
import type { Verifier } from 'ask-sdk-express-adapter';
import type { RequestEnvelope } from 'ask-sdk-model';
import { z } from 'zod';

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

const Id = z.string().min(1).max(512);

const SlotSchema = z.looseObject({
  name: z.string().optional(),
  value: z.string().nullish(),
  resolutions: z
    .looseObject({
      resolutionsPerAuthority: z
        .array(
          z.looseObject({
            status: z.looseObject({ code: z.string() }),
            values: z.array(z.looseObject({ value: z.looseObject({ id: z.string() }) })).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

/**
 * The parts of a request envelope the skill reads, with the types it reads them as: ids of bounded length (a team
 * key and a delivery id are made of them), strings where it calls string methods, objects where it looks inside.
 * Other strings are bounded by the body limit alone (the engine cuts what it records).
 * Anything else is left as Alexa sent it.
 */
export const AlexaEnvelopeSchema = z.looseObject({
  version: z.string(),
  session: z
    .looseObject({
      new: z.boolean().optional(),
      // Compared with the skill id, never stored: any string.
      application: z.looseObject({ applicationId: z.string() }).optional(),
      user: z.looseObject({ userId: z.string() }).optional(),
      attributes: z.record(z.string(), z.unknown()).nullish(),
    })
    .optional(),
  context: z.looseObject({
    System: z.looseObject({
      application: z.looseObject({ applicationId: Id }),
      user: z.looseObject({ userId: Id }),
      person: z.looseObject({ personId: z.string().max(512).optional() }).optional(),
    }),
  }),
  request: z.looseObject({
    type: z.string(),
    // The delivery id of the turn (an empty one means none).
    requestId: z.string().max(512),
    timestamp: z.string(),
    locale: z.string().optional(),
  }),
});

/** What an IntentRequest carries besides: the intent, with its slots as the interpreter reads them. */
const IntentRequestSchema = z.looseObject({
  intent: z.looseObject({
    name: z.string(),
    slots: z.record(z.string(), SlotSchema).optional(),
  }),
});

export type AlexaRequestProblem = 'WRONG_SKILL' | 'MALFORMED_REQUEST';

/** A request the skill refuses before handling it: for another skill, or not shaped as Alexa sends requests. */
export class AlexaRequestError extends Error {
  constructor(
    readonly code: AlexaRequestProblem,
    message: string,
  ) {
    super(message);
    this.name = 'AlexaRequestError';
  }
}

/**
 * Checks a request before the SDK sees it: its shape, and (when the skill id is set) that every place naming a skill
 * id names this one. ask-sdk-core checks only `context.System.application`; the session carries the id as well.
 */
export function checkEnvelope(envelope: unknown, skillId: string | undefined): void {
  const envelopeShape = AlexaEnvelopeSchema.safeParse(envelope);
  const shape =
    envelopeShape.success && envelopeShape.data.request.type === 'IntentRequest'
      ? IntentRequestSchema.safeParse(envelopeShape.data.request)
      : envelopeShape;
  if (!shape.success) {
    const issue = shape.error.issues[0];
    throw new AlexaRequestError(
      'MALFORMED_REQUEST',
      `not an Alexa request envelope (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`,
    );
  }
  if (!skillId) return;
  const request = envelope as RequestEnvelope;
  const ids = [
    request.context.System.application.applicationId,
    ...(request.session?.application ? [request.session.application.applicationId] : []),
  ];
  const other = ids.find((id) => id !== skillId);
  if (other !== undefined)
    throw new AlexaRequestError(
      'WRONG_SKILL',
      `AlexaSkill ID verification failed: the request names another skill id (${other})`,
    );
}
