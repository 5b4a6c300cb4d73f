import { DialogError } from '../core/errors';
import type { KeyValueStore } from '../store/port';

const PREFIX = 'feedback:';

export type Vote = 'up' | 'down';

/** What the teams said about one entry's answers. */
export interface EntryFeedback {
  up: number;
  down: number;
}

/**
 * "Hat das geholfen? 👍/👎" per entry: one vote per person and answer (`feedback:<entry>:<answer>:<user>`), which the
 * person may change; a redelivered click writes the same vote again. Tallied by listing the entry's votes.
 */
export class Feedback {
  constructor(private readonly store: KeyValueStore) {}

  /** Records (or changes) `user`'s vote on the answer `answerId` (the answer's message) of `entryId`. */
  async vote(
    entryId: string,
    answerId: string,
    user: string,
    vote: Vote,
    at: Date = new Date(),
  ): Promise<void> {
    const key = `${PREFIX}${entryId}:${answerId}:${user}`;
    const value = JSON.stringify({ vote, at: at.toISOString() });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const stored = await this.store.get(key);
      if ((await this.store.put(key, value, stored?.version ?? null)).ok) return;
    }
    // Never thanked for a vote that was not stored: the channel says "please try again".
    throw new DialogError('CONFLICT', `the vote ${key} kept changing under the write`, 'try again');
  }

  /** The votes on one entry's answers. */
  async of(entryId: string): Promise<EntryFeedback> {
    return (await this.tally(`${PREFIX}${entryId}:`)).get(entryId) ?? { up: 0, down: 0 };
  }

  /** The votes on every entry that has any, by entry id. */
  async all(): Promise<Map<string, EntryFeedback>> {
    return this.tally(PREFIX);
  }

  private async tally(prefix: string): Promise<Map<string, EntryFeedback>> {
    const tallies = new Map<string, EntryFeedback>();
    let after: string | undefined;
    for (;;) {
      const page = await this.store.list(prefix, { limit: 500, ...(after ? { after } : {}) });
      for (const item of page.items) {
        const vote = readVote(item.value);
        const entryId = item.key.slice(PREFIX.length).split(':')[0];
        if (!vote || !entryId) continue;
        const tally = tallies.get(entryId) ?? { up: 0, down: 0 };
        tally[vote] += 1;
        tallies.set(entryId, tally);
      }
      if (!page.next) return tallies;
      after = page.next;
    }
  }
}

function readVote(value: string): Vote | null {
  try {
    const parsed = JSON.parse(value) as { vote?: unknown };
    return parsed.vote === 'up' || parsed.vote === 'down' ? parsed.vote : null;
  } catch {
    return null;
  }
}
