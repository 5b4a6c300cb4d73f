import { z } from 'zod';
import { LOCALES } from './context';
import type { Reply } from './reply';

/**
 * The stored form of a team's progress, validated whenever it is read back: a record that does not fit is never
 * trusted (it is kept aside, see the engine). `schema` is the layout of this record; `flow` the flow it was written for.
 */
export const RECORD_SCHEMA_VERSION = 1;

const ActorSchema = z.object({ id: z.string().min(1), name: z.string().optional() });
const StampSchema = z.object({ by: ActorSchema, at: z.string(), channel: z.string() });
const TestResultSchema = z.object({ status: z.enum(['passed', 'failed']), note: z.string().optional() });
const AnswerValueSchema = z.union([z.string(), z.array(z.string()), z.boolean(), TestResultSchema]);
const AnswerSchema = StampSchema.extend({ value: AnswerValueSchema });
const SkipSchema = StampSchema.extend({ reason: z.string().optional() });
const ParamSchema = z.union([
  z.string(),
  z.number(),
  z.object({ key: z.string(), params: z.record(z.string(), z.string()).optional() }),
  z.object({ keys: z.array(z.string()) }),
]);
const MessageSchema = z.object({ key: z.string(), params: z.record(z.string(), ParamSchema).optional() });

export const ContextSchema = z.object({
  locale: z.enum(LOCALES),
  cursor: z.string().nullable(),
  answers: z.record(z.string(), AnswerSchema),
  checks: z.record(z.string(), z.record(z.string(), StampSchema)),
  skips: z.record(z.string(), SkipSchema),
  revisions: z.array(
    z.object({
      questionId: z.string(),
      itemId: z.string().optional(),
      previous: z.object({
        answer: AnswerSchema.optional(),
        skip: SkipSchema.optional(),
        check: StampSchema.optional(),
      }),
      replacedBy: StampSchema,
    }),
  ),
  startedAt: z.string().nullable(),
  lastActivityAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  notice: MessageSchema.nullable(),
});

const ReplySchema = z.custom<Reply>(
  (value) => typeof value === 'object' && value !== null && 'progress' in value && 'team' in value,
);

export const TeamRecordSchema = z.object({
  schema: z.literal(RECORD_SCHEMA_VERSION),
  flow: z.object({ id: z.string(), version: z.number().int() }),
  team: z.string().min(1),
  state: z.string(),
  context: ContextSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Replies to the latest deliveries by idempotency key, so a retried delivery gets the same reply and changes nothing. */
  applied: z.array(z.object({ key: z.string(), reply: ReplySchema })),
});

export type TeamRecord = z.infer<typeof TeamRecordSchema>;

export type ParsedRecord = { kind: 'ok'; record: TeamRecord } | { kind: 'corrupt'; problem: string };

/** Parses a stored value; never throws. */
export function parseRecord(raw: string): ParsedRecord {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { kind: 'corrupt', problem: `not JSON: ${(error as Error).message}` };
  }
  const result = TeamRecordSchema.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0];
    return {
      kind: 'corrupt',
      problem: `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`,
    };
  }
  return { kind: 'ok', record: result.data };
}
