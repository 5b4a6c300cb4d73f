import { DialogEngine, teamRecordKey } from '../../src/core/engine';
import { parseRecord, RECORD_SCHEMA_VERSION } from '../../src/core/record';
import { MemoryStore } from '../../src/store/MemoryStore';
import { ANNA } from '../helpers/dialog';

/**
 * The stored record's layout is versioned: a record written by the previous layout (schema 1, with the last event's
 * notice and cached replies inside) is read with every answer kept, and fields a newer writer added survive.
 */

const TEAM = 'slack:T1:C1';
const stamp = (at: string, name = 'Anna') => ({
  by: { id: `U_${name.toUpperCase()}`, name },
  at,
  channel: 'slack',
});

/** A record as schema 1 wrote it, on flow version 1: step 2 reached, a failed test note, a skip, a tick, a revision. */
function schemaOneRecord() {
  return {
    schema: 1,
    flow: { id: 'amazon-pay-five-steps', version: 1 },
    team: TEAM,
    state: 'register',
    context: {
      locale: 'de',
      cursor: 'sandbox_key',
      answers: {
        placement: { value: ['cart', 'checkout'], ...stamp('2026-11-20T09:00:00.000Z') },
        processing: { value: 'capture_at_shipment', ...stamp('2026-11-20T09:01:00.000Z') },
        platform: { value: 'custom', ...stamp('2026-11-20T09:02:00.000Z', 'Ben') },
        backend: { value: 'php', ...stamp('2026-11-20T09:03:00.000Z', 'Ben') },
        payments: { value: 'both', ...stamp('2026-11-20T09:04:00.000Z') },
        channels: { value: ['web'], ...stamp('2026-11-20T09:05:00.000Z') },
        sandbox_account: { value: true, ...stamp('2026-11-21T10:00:00.000Z') },
      },
      checks: {},
      skips: { oms: { ...stamp('2026-11-20T09:03:30.000Z'), reason: 'kommt später' } },
      revisions: [
        {
          questionId: 'payments',
          previous: { answer: { value: 'one_time', ...stamp('2026-11-20T09:03:50.000Z') } },
          replacedBy: stamp('2026-11-20T09:04:00.000Z'),
        },
      ],
      startedAt: '2026-11-20T08:59:00.000Z',
      lastActivityAt: '2026-11-21T10:00:00.000Z',
      doneAt: null,
      snoozedUntil: null,
      notice: { key: 'notice.answer.recorded', params: { answer: 'ja', by: 'Anna' } },
    },
    createdAt: '2026-11-20T08:59:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    applied: [
      {
        key: 'action:1:1:U_ANNA',
        reply: { team: TEAM, progress: {}, notice: { key: 'notice.answer.recorded' } },
      },
    ],
  };
}

describe('stored record layout', () => {
  test('schema 1 reads as schema 3: the notice is dropped, every answer, skip and revision kept', () => {
    const parsed = parseRecord(JSON.stringify(schemaOneRecord()));
    if (parsed.kind !== 'ok') throw new Error(parsed.problem);
    expect(parsed.migratedFrom).toBe(1);
    expect(parsed.record.schema).toBe(RECORD_SCHEMA_VERSION);
    expect(parsed.record.context).not.toHaveProperty('notice');
    expect(parsed.record.context.answers).toEqual(schemaOneRecord().context.answers);
    expect(parsed.record.context.skips).toEqual(schemaOneRecord().context.skips);
    expect(parsed.record.context.revisions).toEqual(schemaOneRecord().context.revisions);
    // The delivery is still recognized as applied (its id stays); its old-shaped reply is not kept.
    expect(parsed.record.deliveries).toEqual(['action:1:1:U_ANNA']);
    expect(parsed.record).not.toHaveProperty('applied');
  });

  test('the engine continues a schema-1 team on the new flow with nothing lost, and a retried delivery stays applied', async () => {
    const store = new MemoryStore();
    await store.put(teamRecordKey(TEAM), JSON.stringify(schemaOneRecord()), null);
    const engine = new DialogEngine({ store, now: () => new Date('2026-12-01T09:00:00.000Z') });
    const replayed = await engine.handle(
      TEAM,
      { type: 'START' },
      { actor: ANNA, channel: 'slack', idempotencyKey: 'action:1:1:U_ANNA' },
    );
    expect(replayed.replayed).toBe(true);
    const reply = await engine.handle(TEAM, { type: 'START' }, { actor: ANNA, channel: 'slack' });
    // Flow version 2 asks two new questions in step 1: the team is taken to the first of them, answers kept.
    expect(reply.messages[0]?.key).toBe('record.recovered');
    expect(reply.question?.id).toBe('pending_authorization');
    const saved = parseRecord((await store.get(teamRecordKey(TEAM)))?.value ?? '');
    if (saved.kind !== 'ok') throw new Error(saved.problem);
    expect(saved.record.schema).toBe(3);
    expect(saved.record.flow.version).toBe(2);
    for (const [id, answer] of Object.entries(schemaOneRecord().context.answers)) {
      expect({ id, kept: saved.record.context.answers[id] }).toEqual({ id, kept: answer });
    }
    expect(saved.record.context.skips.oms?.reason).toBe('kommt später');
    expect(saved.record.context.revisions).toHaveLength(1);
    // The skipped OMS question is an open item, with its reason.
    expect(reply.openItems).toEqual([
      expect.objectContaining({ kind: 'skipped', questionId: 'oms', reason: 'kommt später' }),
    ]);
  });

  test('fields a newer version wrote are kept when this version writes the record back', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    await engine.handle(TEAM, { type: 'START' }, { actor: ANNA, channel: 'test' });
    const raw = await store.get(teamRecordKey(TEAM));
    const record = JSON.parse(raw?.value ?? '{}');
    const newer = {
      ...record,
      schema: 4,
      owner: { id: 'U_ANNA' },
      context: { ...record.context, targetDate: '2027-02-15' },
    };
    await store.put(teamRecordKey(TEAM), JSON.stringify(newer), raw?.version ?? null);
    await engine.handle(
      TEAM,
      { type: 'ANSWER', questionId: 'placement', value: ['cart'] },
      { actor: ANNA, channel: 'test' },
    );
    const after = JSON.parse((await store.get(teamRecordKey(TEAM)))?.value ?? '{}');
    expect(after.schema).toBe(4);
    expect(after.owner).toEqual({ id: 'U_ANNA' });
    expect(after.context.targetDate).toBe('2027-02-15');
    expect(after.context.answers.placement.value).toEqual(['cart']);
  });
});
