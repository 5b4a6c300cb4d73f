import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Locale } from '../core/context';
import type { KeyValueStore } from '../store/port';

const PREFIX = 'question:';

/** How long an unanswered question is kept for the experts. @default 180 days */
export const QUESTION_TTL_MS = 180 * 86_400_000;

const QuestionSchema = z.looseObject({
  team: z.string(),
  via: z.string(),
  locale: z.enum(['de', 'en']),
  text: z.string(),
  at: z.string(),
  reason: z.string(),
  closest: z.array(z.string()),
  user: z.string().optional(),
});

/** A question the assistant could not answer, as the experts see it (`paysetup questions`, the digest). */
export type UnansweredQuestion = z.infer<typeof QuestionSchema> & { locale: Locale };

/**
 * The questions the assistant could not answer, kept for the integration experts so that the knowledge base grows
 * where teams need it. One create-only write per question under `question:<time>:<random>` (key order is time order),
 * kept for 180 days; nothing else reads or rewrites them.
 */
export class QuestionLog {
  constructor(
    private readonly store: KeyValueStore,
    private readonly options: { ttlMs?: number } = {},
  ) {}

  /** Records one unanswered question. Throws StoreError when the store fails (the caller logs the question). */
  async record(question: UnansweredQuestion): Promise<void> {
    const key = `${PREFIX}${question.at}:${randomBytes(4).toString('hex')}`;
    await this.store.put(key, JSON.stringify(question), null, {
      ttlMs: this.options.ttlMs ?? QUESTION_TTL_MS,
    });
  }

  /**
   * The unanswered questions asked at or after `since` (all kept ones without it), oldest first, at most `limit`;
   * records the bot did not write are skipped.
   */
  async list(options: { since?: Date; limit?: number; team?: string } = {}): Promise<UnansweredQuestion[]> {
    const limit = options.limit ?? 200;
    const since = options.since?.toISOString();
    const found: UnansweredQuestion[] = [];
    let after = since ? `${PREFIX}${since}` : undefined;
    for (;;) {
      const page = await this.store.list(PREFIX, {
        limit: Math.min(500, limit),
        ...(after ? { after } : {}),
      });
      for (const item of page.items) {
        const parsed = QuestionSchema.safeParse(safeJson(item.value));
        if (!parsed.success) continue;
        if (since && parsed.data.at < since) continue;
        if (options.team && parsed.data.team !== options.team) continue;
        found.push(parsed.data as UnansweredQuestion);
        if (found.length >= limit) return found;
      }
      if (!page.next) return found;
      after = page.next;
    }
  }

  /** Deletes the questions of the teams whose key starts with `teamPrefix` (a purged workspace); how many. */
  async deleteTeams(teamPrefix: string): Promise<number> {
    let deleted = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.store.list(PREFIX, { limit: 500, ...(after ? { after } : {}) });
      for (const item of page.items) {
        const parsed = QuestionSchema.safeParse(safeJson(item.value));
        if (parsed.success && parsed.data.team.startsWith(teamPrefix)) {
          await this.store.delete(item.key);
          deleted += 1;
        }
      }
      if (!page.next) return deleted;
      after = page.next;
    }
  }
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
