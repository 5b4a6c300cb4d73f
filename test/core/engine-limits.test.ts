import {
  DialogEngine,
  deliveryKey,
  MAX_NAME,
  MAX_NOTE,
  MAX_REVISIONS,
  teamRecordKey,
} from '../../src/core/engine';
import type { DialogInput } from '../../src/core/events';
import { render } from '../../src/core/i18n';
import { outcomeMessage } from '../../src/core/outcome-message';
import { parseRecord } from '../../src/core/record';
import { listAll } from '../../src/store/list-all';
import { MemoryStore } from '../../src/store/MemoryStore';
import type { KeyValueStore, PutOptions } from '../../src/store/port';
import { ANNA, answerFor, flow } from '../helpers/dialog';

/**
 * What the engine keeps is small and readable, whatever a request carries: each delivery's mark under its own key
 * with an expiry, notes, reasons and names cut to a size, revisions bounded, and nothing written that would not read
 * back. A redelivery is applied once however many other deliveries came in between, even after a crash between the
 * record and its mark.
 */

const TEAM = 'slack:T1:C1';
const meta = (key?: string, actor = ANNA) => ({
  actor,
  channel: 'test',
  ...(key ? { idempotencyKey: key } : {}),
});

async function stored(store: KeyValueStore) {
  const raw = await store.get(teamRecordKey(TEAM));
  const parsed = parseRecord(raw?.value ?? '');
  if (parsed.kind !== 'ok') throw new Error(parsed.kind === 'corrupt' ? parsed.problem : 'none');
  return { record: parsed.record, bytes: Buffer.byteLength(raw?.value ?? ''), version: raw?.version };
}

async function finish(engine: DialogEngine, key = (n: number) => `d${n}`) {
  let reply = await engine.handle(TEAM, { type: 'START' }, meta(key(0)));
  const pick = {
    decline_handling: ['soft_retry', 'hard_update', 'other_method'],
    pending_authorization: 'yes',
  };
  for (let turn = 1; !reply.done && turn < 100; turn += 1) {
    reply = await engine.handle(TEAM, answerFor(flow, reply.question?.id as string, pick), meta(key(turn)));
  }
  return reply;
}

describe('engine: small records and deliveries applied once', () => {
  test('a team that reached done is stored in at most 8 KB, with no reply inside', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    const done = await finish(engine);
    expect(done.done).toBe(true);
    const { record, bytes } = await stored(store);
    expect(bytes).toBeLessThanOrEqual(8 * 1024);
    expect(JSON.stringify(record)).not.toContain('"outcome"');
    expect(record.deliveries.length).toBeLessThanOrEqual(20);
  });

  test('each delivery has its own mark, with an expiry, holding the reply it got', async () => {
    const puts: { key: string; options?: PutOptions }[] = [];
    const store = new MemoryStore();
    const put = store.put.bind(store);
    store.put = (key, value, version, options) => {
      puts.push({ key, ...(options ? { options } : {}) });
      return put(key, value, version, options);
    };
    const engine = new DialogEngine({ store, deliveryTtlMs: 3600_000 });
    await engine.handle(TEAM, { type: 'START' }, meta('click-1'));
    const mark = await store.get(deliveryKey(TEAM, 'click-1'));
    expect(JSON.parse(mark?.value ?? '{}')).toMatchObject({ outcome: { kind: 'started' }, team: TEAM });
    expect(puts.find((p) => p.key === deliveryKey(TEAM, 'click-1'))?.options).toEqual({ ttlMs: 3600_000 });
    // The record is written before the mark (see handle): the order a crash in between must not break.
    expect(puts.map((p) => p.key)).toEqual([teamRecordKey(TEAM), deliveryKey(TEAM, 'click-1')]);
  });

  test('a delivery retried after 25 other deliveries is still applied once and answered the same', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    const first = await engine.handle(TEAM, { type: 'START' }, meta('start-delivery'));
    // Deliveries that write, so that the record's own list of ids (20) no longer holds the first one.
    for (let n = 0; n < 25; n += 1) {
      await engine.handle(
        TEAM,
        { type: 'SNOOZE', until: `2027-01-${String(n + 1).padStart(2, '0')}T00:00:00.000Z` },
        meta(`other-${n}`),
      );
    }
    expect((await stored(store)).record.deliveries).not.toContain('start-delivery');
    await engine.handle(TEAM, { type: 'ANSWER', questionId: 'placement', value: ['cart'] }, meta('answer'));
    const before = await stored(store);
    const again = await engine.handle(TEAM, { type: 'START' }, meta('start-delivery'));
    expect(again.replayed).toBe(true);
    expect(again.outcome).toEqual(first.outcome);
    expect((await stored(store)).version).toBe(before.version);
  });

  test('after a crash between saving the record and writing the mark, a retry is not applied again', async () => {
    const store = new MemoryStore();
    const put = store.put.bind(store);
    let crash = true;
    store.put = async (key, value, version, options) => {
      if (crash && key.startsWith('applied:')) throw new Error('process died here');
      return put(key, value, version, options);
    };
    const engine = new DialogEngine({ store });
    await engine.handle(TEAM, { type: 'START' }, meta('s'));
    const answer: DialogInput = { type: 'ANSWER', questionId: 'placement', value: ['cart'] };
    const recorded = await engine.handle(TEAM, answer, meta('click'));
    expect(recorded.outcome.kind).toBe('recorded');
    crash = false;
    const { version } = await stored(store);
    const retried = await engine.handle(TEAM, answer, meta('click'));
    expect(retried.replayed).toBe(true);
    const after = await stored(store);
    expect(after.version).toBe(version);
    expect(after.record.context.revisions).toEqual([]);
  });
});

describe('engine: what a request may carry', () => {
  test('a note or a reason longer than the limit is cut, and the team is told', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    let reply = await engine.handle(TEAM, { type: 'START' }, meta());
    while (reply.state !== 'test')
      reply = await engine.handle(TEAM, answerFor(flow, reply.question?.id as string), meta());
    const failed = await engine.handle(
      TEAM,
      { type: 'RECORD_TEST', questionId: 'test_component', status: 'failed', note: 'x'.repeat(40_000) },
      meta(),
    );
    expect(failed.outcome).toMatchObject({ kind: 'recorded', cut: MAX_NOTE });
    expect(render('de', outcomeMessage(failed.outcome))).toContain(String(MAX_NOTE));
    const skipped = await engine.handle(TEAM, { type: 'SKIP', reason: 'y'.repeat(10_000) }, meta());
    expect(skipped.outcome).toMatchObject({ kind: 'skipped', cut: MAX_NOTE });
    const { record, bytes } = await stored(store);
    expect(record.context.answers.test_component?.value).toEqual({
      status: 'failed',
      note: 'x'.repeat(MAX_NOTE),
    });
    expect(record.context.skips.test_component?.reason).toHaveLength(MAX_NOTE);
    expect(bytes).toBeLessThan(12 * 1024);
  });

  test('a 100 KB name is cut to a short one; an actor without a string id is refused and nothing is written', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    await engine.handle(TEAM, { type: 'START' }, meta(undefined, { id: 'U1', name: 'N'.repeat(100_000) }));
    const { record, bytes } = await stored(store);
    expect(bytes).toBeLessThan(4 * 1024);
    const before = (await stored(store)).version;
    for (const actor of [{ id: 123 }, { id: '' }, { id: 'x'.repeat(1000) }, null]) {
      await expect(
        engine.handle(
          TEAM,
          { type: 'ANSWER', questionId: 'placement', value: ['cart'] },
          meta(undefined, actor as never),
        ),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect((await stored(store)).version).toBe(before);
    expect(record.context.startedAt).not.toBeNull();
    expect(MAX_NAME).toBeLessThanOrEqual(100);
  });

  test('control characters and halves of a character never reach the record; a cut keeps an emoji whole', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    const actor = { id: 'U1', name: 'An\u0007na\uD800' };
    let reply = await engine.handle(TEAM, { type: 'START' }, meta(undefined, actor));
    while (reply.question?.id !== 'oms')
      reply = await engine.handle(
        TEAM,
        answerFor(flow, reply.question?.id as string),
        meta(undefined, actor),
      );
    await engine.handle(
      TEAM,
      { type: 'ANSWER', questionId: 'oms', value: 'Möbel\u0001Lager\u001b[2J' },
      meta(),
    );
    while (reply.state !== 'test')
      reply = await engine.handle(TEAM, answerFor(flow, reply.question?.id as string), meta());
    const note = `${'a'.repeat(MAX_NOTE - 1)}😀`;
    const failed = await engine.handle(
      TEAM,
      { type: 'RECORD_TEST', questionId: 'test_component', status: 'failed', note },
      meta(),
    );
    expect(failed.outcome).toMatchObject({ kind: 'recorded', cut: MAX_NOTE });
    const { record } = await stored(store);
    expect(record.context.answers.oms?.value).toBe('MöbelLager[2J');
    expect(record.context.answers.placement?.by.name).toBe('Anna');
    expect(record.context.answers.test_component?.value).toEqual({
      status: 'failed',
      note: 'a'.repeat(MAX_NOTE - 1),
    });
  });

  test('a delivery id of 100 KB is kept by its hash; a team key of any length is not accepted', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    const key = `amzn1.echo-api.request.${'x'.repeat(100_000)}`;
    await engine.handle(TEAM, { type: 'START' }, meta(key));
    const replay = await engine.handle(TEAM, { type: 'START' }, meta(key));
    expect(replay.replayed).toBe(true);
    const { bytes } = await stored(store);
    expect(bytes).toBeLessThan(4 * 1024);
    expect((await listAll(store, 'applied:')).every((row) => row.key.length < 400)).toBe(true);
    await expect(engine.handle(`alexa:${'u'.repeat(1000)}`, { type: 'START' }, meta())).rejects.toMatchObject(
      {
        code: 'INVALID_INPUT',
      },
    );
    await expect(engine.handle('', { type: 'START' }, meta())).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await listAll(store, 'team:alexa')).toEqual([]);
  });

  test('an event that would leave a record that does not read back is refused, and the stored record stays', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    await engine.handle(TEAM, { type: 'START' }, meta());
    const before = await stored(store);
    await expect(
      engine.handle(TEAM, { type: 'SET_LOCALE', locale: 'xx' as never }, meta()),
    ).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    const after = await stored(store);
    expect(after.version).toBe(before.version);
    expect(after.record.context.locale).toBe('de');
  });

  test('revisions are bounded: a record keeps only the latest ones however often answers change', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    await engine.handle(TEAM, { type: 'START' }, meta());
    for (let n = 0; n < MAX_REVISIONS + 20; n += 1) {
      await engine.handle(
        TEAM,
        { type: 'ANSWER', questionId: 'placement', value: [n % 2 ? 'cart' : 'checkout'] },
        meta(),
      );
      await engine.handle(TEAM, { type: 'BACK' }, meta());
    }
    const { record } = await stored(store);
    expect(record.context.revisions).toHaveLength(MAX_REVISIONS);
    expect(record.context.answers.placement).toBeDefined();
  });
});
