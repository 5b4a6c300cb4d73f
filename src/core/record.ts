import { z } from 'zod';
import { type DialogContext, LOCALES } from './context';

/**
 * The stored form of a team's progress, validated whenever it is read back: a record that does not fit is never
 * trusted (it is kept aside, see the engine). `schema` is the layout of this record; `flow` the flow it was written for.
 * Objects are loose: fields this version does not know are kept, so a newer writer's data survives an older reader.
 */
export const RECORD_SCHEMA_VERSION = 3;

const ActorSchema = z.looseObject({ id: z.string().min(1), name: z.string().optional() });
const StampSchema = z.looseObject({ by: ActorSchema, at: z.string(), channel: z.string() });
const TestResultSchema = z.looseObject({ status: z.enum(['passed', 'failed']), note: z.string().optional() });
const AnswerValueSchema = z.union([z.string(), z.array(z.string()), z.boolean(), TestResultSchema]);
const AnswerSchema = StampSchema.extend({ value: AnswerValueSchema });
const SkipSchema = StampSchema.extend({ reason: z.string().optional() });
const NudgeMarkSchema = z.looseObject({ id: z.string(), at: z.string() });

export const ContextSchema = z.looseObject({
  locale: z.enum(LOCALES),
  cursor: z.string().nullable(),
  answers: z.record(z.string(), AnswerSchema),
  checks: z.record(z.string(), z.record(z.string(), StampSchema)),
  skips: z.record(z.string(), SkipSchema),
  revisions: z.array(
    z.looseObject({
      questionId: z.string(),
      itemId: z.string().optional(),
      previous: z.looseObject({
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
  reminders: z
    .looseObject({
      timeZone: z.string().optional(),
      holidays: z.string().optional(),
      owners: z.record(z.string(), StampSchema.extend({ owner: ActorSchema })).optional(),
      target: StampSchema.extend({ date: z.string() }).optional(),
      off: StampSchema.extend({ reason: z.enum(['asked', 'channelGone']) }).optional(),
      sent: z.number().int().min(0).optional(),
      nudges: z.array(NudgeMarkSchema).optional(),
      pending: NudgeMarkSchema.optional(),
    })
    .optional(),
});

export const TeamRecordSchema = z.looseObject({
  /** The layout version; a record written by a newer version keeps its number when this one writes it back. */
  schema: z.number().int().min(RECORD_SCHEMA_VERSION),
  flow: z.looseObject({ id: z.string(), version: z.number().int() }),
  team: z.string().min(1),
  state: z.string(),
  context: ContextSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * The latest deliveries applied, by idempotency key (ids only; each delivery's reply lives under its own key with
   * an expiry, see the engine). Kept here too so that a crash between saving the record and writing that key still
   * recognizes a retry.
   */
  deliveries: z.array(z.string()),
});

/** A record as the engine works with it; fields it does not know ride along unchanged (the schemas are loose). */
export interface TeamRecord {
  schema: number;
  flow: { id: string; version: number };
  team: string;
  state: string;
  context: DialogContext;
  createdAt: string;
  updatedAt: string;
  deliveries: string[];
}

export type ParsedRecord =
  | { kind: 'ok'; record: TeamRecord; migratedFrom?: number }
  | { kind: 'corrupt'; problem: string };

/**
 * Brings an older layout up to this one, keeping every answer:
 * - 1 → 2: layout 1 stored the last event's notice in the context (now an outcome that is never stored);
 * - 2 → 3: layout 2 kept the replies to the latest deliveries in the record (now under their own keys): their ids stay.
 */
function migrate(json: unknown): { json: unknown; from?: number } {
  if (typeof json !== 'object' || json === null) return { json };
  const from = (json as { schema?: unknown }).schema;
  if (from !== 1 && from !== 2) return { json };
  const old = json as { context?: Record<string, unknown>; applied?: unknown };
  const { notice: _notice, ...context } = old.context ?? {};
  const { applied, ...rest } = old;
  const deliveries = Array.isArray(applied)
    ? applied
        .map((entry: unknown) => (entry as { key?: unknown })?.key)
        .filter((key) => typeof key === 'string')
    : [];
  return { json: { ...rest, schema: RECORD_SCHEMA_VERSION, context, deliveries }, from };
}

/** Parses a stored value, migrating older layouts; never throws. */
export function parseRecord(raw: string): ParsedRecord {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { kind: 'corrupt', problem: `not JSON: ${(error as Error).message}` };
  }
  const migrated = migrate(json);
  const result = TeamRecordSchema.safeParse(migrated.json);
  if (!result.success) {
    const first = result.error.issues[0];
    return {
      kind: 'corrupt',
      problem: `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`,
    };
  }
  const record = result.data as TeamRecord;
  return { kind: 'ok', record, ...(migrated.from ? { migratedFrom: migrated.from } : {}) };
}
