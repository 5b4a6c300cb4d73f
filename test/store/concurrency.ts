import { DialogEngine, deliveryKey, teamRecordKey } from '../../src/core/engine';
import type { DialogInput } from '../../src/core/events';
import type { KeyValueStore } from '../../src/store/port';

/** One client of a shared store: its own connection (or process) and its own engine. */
export interface EngineClient {
  handle(team: string, input: DialogInput, meta: ClientMeta): Promise<ClientResult>;
  close(): Promise<void>;
}

export interface ClientMeta {
  actor: { id: string; name: string };
  channel: string;
  idempotencyKey?: string;
}

export type ClientResult = { ok: true; kind: string; replayed: boolean } | { ok: false; code: string };

/** A client on a store of its own connection, in this process. */
export function inProcessClient(store: KeyValueStore): EngineClient {
  const engine = new DialogEngine({ store });
  return {
    async handle(team, input, meta) {
      try {
        const reply = await engine.handle(team, input, meta);
        return { ok: true, kind: reply.outcome.kind, replayed: reply.replayed === true };
      } catch (error) {
        return { ok: false, code: (error as { code?: string }).code ?? String(error) };
      }
    },
    close: () => store.close(),
  };
}

export const CLIENTS = 50;

export interface ConcurrencySetup {
  clients: EngineClient[];
  /** A connection of its own to read what was stored. */
  reader: KeyValueStore;
  cleanup(): Promise<void>;
}

/**
 * Fifty clients on separate connections writing one team at once (issue 9 §4): every event applied exactly once and
 * none lost; conflicting answers to one question resolved to one, with the others told who answered; fifty
 * redeliveries of one event applied once.
 */
export function describeConcurrency(
  name: string,
  setup: () => Promise<ConcurrencySetup>,
  timeoutMs = 60_000,
): void {
  describe(`${name}: ${CLIENTS} clients writing one team at once`, () => {
    let s: ConcurrencySetup;
    let n = 0;
    let team: string;

    beforeEach(async () => {
      s = await setup();
      n += 1;
      team = `slack:T0CONC:C0TEAM${n}`;
      const first = await s.clients[0]?.handle(team, { type: 'START' }, meta(0, 'start'));
      expect(first).toMatchObject({ ok: true });
    }, timeoutMs);

    afterEach(async () => {
      for (const client of s.clients) await client.close();
      await s.cleanup();
    }, timeoutMs);

    const meta = (i: number, key?: string): ClientMeta => ({
      actor: { id: `U0CLIENT${i}`, name: `client ${i}` },
      channel: 'test',
      ...(key ? { idempotencyKey: key } : {}),
    });
    const version = async () => (await s.reader.get(teamRecordKey(team)))?.version ?? 0;
    const record = async () => JSON.parse((await s.reader.get(teamRecordKey(team)))?.value ?? 'null');

    it(
      'applies fifty different events exactly once each: none lost, none twice',
      async () => {
        const before = await version();
        // Each client snoozes for a different number of days (1–50): fifty different changes of one record.
        const results = await Promise.all(
          s.clients.map((client, i) =>
            client.handle(team, { type: 'SNOOZE', days: i + 1 }, meta(i, `snooze-${n}-${i}`)),
          ),
        );
        expect(results.filter((r) => !r.ok)).toEqual([]);
        expect(results.every((r) => r.ok && !r.replayed)).toBe(true);
        // Each event made its own version: fifty writes, none overwritten by another that loaded the same version.
        expect((await version()) - before).toBe(CLIENTS);
        for (let i = 0; i < CLIENTS; i += 1)
          expect(await s.reader.get(deliveryKey(team, `snooze-${n}-${i}`))).not.toBeNull();
        // The snooze that stands is one of theirs: whole days after the write that made it.
        const last = await record();
        const days = (Date.parse(last.context.snoozedUntil) - Date.parse(last.updatedAt)) / 86_400_000;
        expect(days >= 1 && days <= CLIENTS && Number.isInteger(days)).toBe(true);
      },
      timeoutMs,
    );

    it(
      'resolves fifty conflicting answers to one question to one; the others hear who answered',
      async () => {
        const before = await version();
        const results = await Promise.all(
          s.clients.map((client, i) =>
            client.handle(
              team,
              { type: 'ANSWER', questionId: 'placement', value: [i % 2 === 0 ? 'cart' : 'other'] },
              meta(i, `answer-${n}-${i}`),
            ),
          ),
        );
        expect(results.filter((r) => !r.ok)).toEqual([]);
        const kinds = results.map((r) => (r.ok ? r.kind : 'failed'));
        expect(kinds.filter((k) => k === 'recorded')).toHaveLength(1);
        expect(kinds.filter((k) => k === 'alreadyAnswered')).toHaveLength(CLIENTS - 1);
        expect((await version()) - before).toBe(1);
        const winner = kinds.indexOf('recorded');
        expect((await record()).context.answers.placement.by.id).toBe(`U0CLIENT${winner}`);
      },
      timeoutMs,
    );

    it(
      'applies fifty redeliveries of one event once; every other one is answered as a replay',
      async () => {
        const before = await version();
        const results = await Promise.all(
          s.clients.map((client) =>
            client.handle(
              team,
              { type: 'ANSWER', questionId: 'placement', value: ['cart'] },
              meta(7, `redelivered-${n}`),
            ),
          ),
        );
        expect(results.filter((r) => !r.ok)).toEqual([]);
        expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
        expect(results.find((r) => r.ok && !r.replayed)).toMatchObject({ kind: 'recorded' });
        expect((await version()) - before).toBe(1);
      },
      timeoutMs,
    );
  });
}
