import { DialogEngine, teamRecordKey } from '../../src/core/engine';
import { parseRecord, type TeamRecord } from '../../src/core/record';
import type { DynamoStore } from '../../src/store/DynamoStore';
import { type Dynalite, startDynalite, uniquePartition } from './dynalite';

/**
 * Many processes on one DynamoDB table at once: 50 separate clients (one DynamoStore, one SDK client and its own
 * connections each), each with its own DialogEngine, on one team. The version condition of every PutItem must let
 * each event through exactly once: none lost to an overwrite, none applied twice.
 */

const CLIENTS = 50;
const TEAM = 'slack:T1:CRACE';

let dyn: Dynalite;
let stores: DynamoStore[] = [];

beforeAll(async () => {
  dyn = await startDynalite();
});
afterAll(async () => {
  await dyn.close();
});
afterEach(async () => {
  await Promise.all(stores.map((store) => store.close()));
  stores = [];
});

/** `CLIENTS` engines, each on a client of its own, all on one partition; the first one also sets the team up. */
async function clients(): Promise<{
  engines: DialogEngine[];
  read: () => Promise<TeamRecord & { version: number }>;
}> {
  const partition = uniquePartition('race');
  stores = Array.from({ length: CLIENTS }, () => dyn.store({ partition }));
  // Every loser reloads and applies its event again; with 50 writers one may lose 49 times in a row.
  const engines = stores.map(
    (store) => new DialogEngine({ store, maxAttempts: CLIENTS + 5, idempotencyWindow: CLIENTS * 2 }),
  );
  await engines[0]?.handle(TEAM, { type: 'START' }, { actor: { id: 'U0', name: 'Setup' }, channel: 'test' });
  const read = async () => {
    const stored = await stores[0]?.get(teamRecordKey(TEAM));
    const parsed = parseRecord(stored?.value ?? '');
    if (!stored || parsed.kind !== 'ok') throw new Error('no readable record');
    return { ...parsed.record, version: stored.version };
  };
  return { engines, read };
}

const person = (i: number) => ({ id: `U${String(i).padStart(3, '0')}`, name: `Person ${i}` });

describe(`${CLIENTS} DynamoDB clients on one team at once`, () => {
  it('conflicting answers to one question: exactly one is recorded, every other client hears who answered', async () => {
    const { engines, read } = await clients();
    const before = await read();
    const choices = [['cart'], ['checkout'], ['other'], ['cart', 'checkout']];
    const replies = await Promise.all(
      engines.map((engine, i) =>
        engine.handle(
          TEAM,
          { type: 'ANSWER', questionId: 'placement', value: choices[i % choices.length] as string[] },
          { actor: person(i), channel: 'test', idempotencyKey: `answer-${i}` },
        ),
      ),
    );
    const recorded = replies.flatMap((reply, i) => (reply.outcome.kind === 'recorded' ? [i] : []));
    expect(recorded).toHaveLength(1);
    const winner = recorded[0] as number;
    const after = await read();
    expect(after.context.answers.placement).toMatchObject({
      value: choices[winner % choices.length],
      by: person(winner),
    });
    for (const [i, reply] of replies.entries()) {
      if (i === winner) continue;
      expect(reply.outcome).toMatchObject({
        kind: 'alreadyAnswered',
        questionId: 'placement',
        by: `Person ${winner}`,
      });
    }
    // One write, the winner's; nothing replaced, nothing written twice.
    expect(after.version).toBe(before.version + 1);
    expect(after.context.revisions).toEqual([]);
    expect(after.deliveries.filter((id) => id.startsWith('answer-'))).toEqual([`answer-${winner}`]);
  });

  it('conflicting writes of one record that all count: every event applied exactly once, none lost', async () => {
    const { engines, read } = await clients();
    const before = await read();
    const replies = await Promise.all(
      engines.map((engine, i) =>
        engine.handle(
          TEAM,
          { type: 'SNOOZE', days: i + 1 },
          { actor: person(i), channel: 'test', idempotencyKey: `snooze-${i}` },
        ),
      ),
    );
    expect(replies.map((reply) => reply.outcome.kind)).toEqual(Array(CLIENTS).fill('snoozed'));
    const after = await read();
    // Each write was made on top of the one before it: 50 writes, and each delivery id in the record once.
    expect(after.version).toBe(before.version + CLIENTS);
    const ids = after.deliveries.filter((id) => id.startsWith('snooze-'));
    expect(ids).toHaveLength(CLIENTS);
    expect(new Set(ids).size).toBe(CLIENTS);
    // The last write's snooze is the one that stands.
    const last = Number((ids[ids.length - 1] as string).slice('snooze-'.length));
    const snoozedDays =
      (Date.parse(after.context.snoozedUntil ?? '') - Date.parse(after.updatedAt)) / 86_400_000;
    expect(snoozedDays).toBe(last + 1);
  });

  it(`${CLIENTS} retried deliveries of one event at once (one idempotency key): applied once`, async () => {
    const { engines, read } = await clients();
    const before = await read();
    const replies = await Promise.all(
      engines.map((engine) =>
        engine.handle(
          TEAM,
          { type: 'ANSWER', questionId: 'placement', value: ['cart'] },
          { actor: person(7), channel: 'test', idempotencyKey: 'Ev-retried-1' },
        ),
      ),
    );
    const after = await read();
    expect(after.version).toBe(before.version + 1);
    expect(after.deliveries.filter((id) => id === 'Ev-retried-1')).toHaveLength(1);
    expect(after.context.answers.placement).toMatchObject({ value: ['cart'], by: person(7) });
    expect(after.context.revisions).toEqual([]);
    // One delivery did the work; each of the others was answered as a replay of it (with the reply it got, or,
    // before its mark was written, with where the team stands).
    const [first, ...others] = [...replies].sort(
      (a, b) => Number(a.replayed ?? false) - Number(b.replayed ?? false),
    );
    expect(first?.replayed).toBeUndefined();
    expect(first?.outcome).toMatchObject({ kind: 'recorded', questionId: 'placement' });
    expect(others.every((reply) => reply.replayed === true)).toBe(true);
    for (const reply of others) expect(['recorded', 'status']).toContain(reply.outcome.kind);
  });
});
