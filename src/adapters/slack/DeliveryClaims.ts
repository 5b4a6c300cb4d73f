import { z } from 'zod';
import type { KeyValueStore } from '../../store/port';

/** Slack retries a delivery three times within about five minutes; a mark lives far longer than that. */
export const CLAIM_TTL_MS = 6 * 60 * 60 * 1000;
/**
 * A delivery whose work has not finished after this long was cut off (its process died): a redelivery takes it over
 * and does the work. Far longer than any turn (the store's lock wait and the Web API's retries included).
 */
export const STALE_CLAIM_MS = 60 * 1000;

const ClaimSchema = z.object({
  state: z.enum(['pending', 'done']),
  at: z.number(),
  /** Who took the claim, when the work is handed to another process (the Lambda worker checks it is still its). */
  owner: z.string().optional(),
});
type Claim = z.infer<typeof ClaimSchema>;

/** What a delivery is: the first (do the work), a repeat (do nothing), or unknown because the store failed. */
export type ClaimResult = 'first' | 'repeat' | 'unknown';

/**
 * Whether a handed-over claim is still the one taken: `mine` (do the work), `lost` (done meanwhile, or taken over by
 * a redelivery after it went stale: do nothing), `unknown` (no readable claim, or the store failed: do the work; the
 * engine's own marks keep a turn from being applied twice).
 */
export type HoldResult = 'mine' | 'lost' | 'unknown';

/**
 * Each Slack delivery's mark in the shared store, by the delivery's own id: the first delivery claims it, so a
 * redelivery (`X-Slack-Retry-Num`), in whichever process it lands and however long after, does nothing, whatever the
 * delivery does (a turn, a status, help, opening a modal). A claim is `pending` while the work runs and `done` after.
 */
export class DeliveryClaims {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** `owner` marks the claim as this one's, for `holds` in the process the work is handed to. */
  async claim(id: string, owner?: string): Promise<ClaimResult> {
    const key = claimKey(id);
    const mine = JSON.stringify({
      state: 'pending',
      at: this.now(),
      ...(owner ? { owner } : {}),
    } satisfies Claim);
    try {
      const created = await this.store.put(key, mine, null, { ttlMs: CLAIM_TTL_MS });
      if (created.ok) return 'first';
      const stored = await this.store.get(key);
      if (!stored)
        return (await this.store.put(key, mine, null, { ttlMs: CLAIM_TTL_MS })).ok ? 'first' : 'repeat';
      const claim = ClaimSchema.safeParse(safeJson(stored.value));
      // An unreadable mark (an older format, a damaged row) counts as stale: doing the work once more is safe, since
      // the engine's own delivery marks keep a turn from being applied twice.
      const stale =
        !claim.success || (claim.data.state === 'pending' && this.now() - claim.data.at > STALE_CLAIM_MS);
      if (!stale) return 'repeat';
      return (await this.store.put(key, mine, stored.version, { ttlMs: CLAIM_TTL_MS })).ok
        ? 'first'
        : 'repeat';
    } catch {
      return 'unknown';
    }
  }

  /**
   * For the process a claim was handed to (the HTTP function claimed the delivery with `owner`, answered Slack, and
   * passed the work on): whether the claim is still pending and `owner`'s.
   */
  async holds(id: string, owner: string): Promise<HoldResult> {
    try {
      const stored = await this.store.get(claimKey(id));
      if (!stored) return 'unknown';
      const claim = ClaimSchema.safeParse(safeJson(stored.value));
      if (!claim.success) return 'unknown';
      return claim.data.state === 'pending' && claim.data.owner === owner ? 'mine' : 'lost';
    } catch {
      return 'unknown';
    }
  }

  /** The work is done: redeliveries are repeats from now on, for hours. */
  async finish(id: string): Promise<void> {
    const key = claimKey(id);
    try {
      const stored = await this.store.get(key);
      const done = JSON.stringify({ state: 'done', at: this.now() } satisfies Claim);
      await this.store.put(key, done, stored?.version ?? null, { ttlMs: CLAIM_TTL_MS });
    } catch {
      // The pending mark stays; a redelivery after STALE_CLAIM_MS would do the work again, which the engine replays.
    }
  }

  /** The work failed before it was done: a redelivery may try again. */
  async release(id: string): Promise<void> {
    await this.store.delete(claimKey(id)).catch(() => undefined);
  }
}

function claimKey(id: string): string {
  return `delivery:${id}`;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
