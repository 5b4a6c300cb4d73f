import { DialogEngine, teamRecordKey } from '../../src/core/engine';
import type { DialogInput } from '../../src/core/events';
import { parseRecord } from '../../src/core/record';
import { listAll } from '../../src/store/list-all';
import { MemoryStore } from '../../src/store/MemoryStore';
import { StoreError } from '../../src/store/port';
import { ANNA, answerFor, BEN, flow } from '../helpers/dialog';

const TEAM = 'slack:T1:C1';
const meta = (idempotencyKey?: string, actor = ANNA) => ({
  actor,
  channel: 'test',
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

function setup(options: { delayMs?: number } = {}) {
  const store = new MemoryStore(options);
  let tick = 0;
  const engine = new DialogEngine({ store, now: () => new Date(Date.UTC(2026, 10, 27, 10, 0, tick++)) });
  return { store, engine };
}

async function stored(store: MemoryStore, team = TEAM) {
  const raw = await store.get(teamRecordKey(team));
  if (!raw) throw new Error('no record');
  const parsed = parseRecord(raw.value);
  if (parsed.kind !== 'ok') throw new Error(parsed.problem);
  return { ...parsed.record, version: raw.version };
}

async function answerCurrent(engine: DialogEngine, team = TEAM) {
  const status = await engine.load(team);
  const cursor = status.record.context.cursor as string;
  let reply = null;
  for (const input of answerFor(flow, cursor)) reply = await engine.handle(team, input, meta());
  return reply;
}

describe('DialogEngine', () => {
  test('a new team starts, answers and is saved with who answered', async () => {
    const { store, engine } = setup();
    const first = await engine.handle(TEAM, { type: 'START' }, meta());
    expect(first.question?.id).toBe('placement');
    expect(first.progress).toMatchObject({ step: 1, completedSteps: 0, totalSteps: 5, done: false });
    const reply = await engine.handle(
      TEAM,
      { type: 'ANSWER', questionId: 'placement', value: ['cart'] },
      meta(),
    );
    expect(reply.outcome).toMatchObject({ kind: 'recorded', questionId: 'placement', by: 'Anna' });
    expect(reply.question?.id).toBe('processing');
    // The question the event was about, as it stands now: what Slack updates in place.
    expect(reply.subject?.id).toBe('placement');
    expect(reply.subject?.answered).toMatchObject({ value: ['cart'], by: 'Anna' });
    const record = await stored(store);
    expect(record.context.answers.placement?.by).toEqual(ANNA);
    expect(record.flow).toEqual({ id: flow.id, version: flow.version });
    expect(record.schema).toBe(3);
    expect(record.context).not.toHaveProperty('notice');
  });

  test('idempotent replay: the same delivery returns the earlier reply and changes nothing', async () => {
    const { store, engine } = setup();
    await engine.handle(TEAM, { type: 'START' }, meta('d1'));
    const answer: DialogInput = { type: 'ANSWER', questionId: 'placement', value: ['cart'] };
    const first = await engine.handle(TEAM, answer, meta('d2'));
    const version = (await stored(store)).version;
    const again = await engine.handle(TEAM, answer, meta('d2', BEN));
    expect(again.replayed).toBe(true);
    expect({ ...again, replayed: undefined }).toEqual({ ...first, replayed: undefined });
    const record = await stored(store);
    expect(record.version).toBe(version);
    expect(record.context.answers.placement?.by).toEqual(ANNA);
    expect(record.context.revisions).toEqual([]);
  });

  test('concurrent events on one team: every answer is kept (optimistic concurrency, re-applied after a conflict)', async () => {
    const { store, engine } = setup({ delayMs: 2 });
    await engine.handle(TEAM, { type: 'START' }, meta());
    await answerCurrent(engine); // placement
    // Two teammates at once: one answers the current question, the other sets the language and snoozes.
    const results = await Promise.all([
      engine.handle(
        TEAM,
        { type: 'ANSWER', questionId: 'processing', value: 'capture_at_shipment' },
        meta('a', ANNA),
      ),
      engine.handle(TEAM, { type: 'SET_LOCALE', locale: 'en' }, meta('b', BEN)),
      engine.handle(TEAM, { type: 'SNOOZE', until: '2026-12-24T00:00:00.000Z' }, meta('c', BEN)),
    ]);
    expect(results).toHaveLength(3);
    const record = await stored(store);
    expect(record.context.answers.processing?.value).toBe('capture_at_shipment');
    expect(record.context.locale).toBe('en');
    expect(record.context.snoozedUntil).toBe('2026-12-24T00:00:00.000Z');
    expect([...record.deliveries].sort()).toEqual(['a', 'b', 'c']);
  });

  test('two teammates answer the same question at once: one wins, the other hears who answered', async () => {
    const { store, engine } = setup({ delayMs: 2 });
    await engine.handle(TEAM, { type: 'START' }, meta());
    const [a, b] = await Promise.all([
      engine.handle(TEAM, { type: 'ANSWER', questionId: 'placement', value: ['cart'] }, meta('x', ANNA)),
      engine.handle(TEAM, { type: 'ANSWER', questionId: 'placement', value: ['other'] }, meta('y', BEN)),
    ]);
    const kinds = [a.outcome.kind, b.outcome.kind].sort();
    expect(kinds).toEqual(['alreadyAnswered', 'recorded']);
    const loser = a.outcome.kind === 'alreadyAnswered' ? a : b;
    const record = await stored(store);
    const winner = record.context.answers.placement?.by.name;
    expect(loser.outcome).toMatchObject({ kind: 'alreadyAnswered', by: winner });
  });

  test('a save that keeps losing ends in a CONFLICT error, and nothing half-applied is stored', async () => {
    const { store, engine } = setup();
    await engine.handle(TEAM, { type: 'START' }, meta());
    const before = await stored(store);
    const put = store.put.bind(store);
    store.put = async () => ({ ok: false, reason: 'version-mismatch' });
    await expect(
      engine.handle(TEAM, { type: 'ANSWER', questionId: 'placement', value: ['cart'] }, meta()),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    store.put = put;
    expect((await stored(store)).version).toBe(before.version);
  });

  test('a record from an older flow keeps every answer: fitting ones stay, the rest become revisions', async () => {
    const { store, engine } = setup();
    await engine.handle(TEAM, { type: 'START' }, meta());
    await answerCurrent(engine);
    await answerCurrent(engine);
    const record = await stored(store);
    const old = {
      ...record,
      flow: { id: flow.id, version: flow.version - 1 },
      state: 'systems_review', // a state the older flow had
      context: {
        ...record.context,
        cursor: 'systems',
        answers: {
          ...record.context.answers,
          systems: { value: 'Shopware 6 mit SAP', by: BEN, at: '2025-01-01T00:00:00.000Z', channel: 'slack' },
          payments: { value: 'abo', by: BEN, at: '2025-01-01T00:00:00.000Z', channel: 'slack' }, // choice that no longer exists
        },
      },
    };
    await store.put(teamRecordKey(TEAM), JSON.stringify(old), record.version);
    const reply = await engine.handle(TEAM, { type: 'STATUS' }, meta());
    expect(reply.messages[0]?.key).toBe('record.recovered');
    expect(reply.state).toBe('setup');
    expect(reply.question?.id).toBe('pending_authorization'); // first open question (new in flow version 2)
    const migrated = await stored(store);
    expect(migrated.flow.version).toBe(flow.version);
    expect(Object.keys(migrated.context.answers).sort()).toEqual(['placement', 'processing']);
    const kept = migrated.context.revisions.map((r) => [r.questionId, r.previous.answer?.value]);
    expect(kept).toEqual(
      expect.arrayContaining([
        ['systems', 'Shopware 6 mit SAP'],
        ['payments', 'abo'],
      ]),
    );
  });

  test('a stored snapshot in a state the machine does not know re-enters at the first open question', async () => {
    const { store, engine } = setup();
    await engine.handle(TEAM, { type: 'START' }, meta());
    await answerCurrent(engine);
    const record = await stored(store);
    await store.put(teamRecordKey(TEAM), JSON.stringify({ ...record, state: 'step9' }), record.version);
    const reply = await engine.handle(
      TEAM,
      { type: 'ANSWER', questionId: 'processing', value: 'capture_at_order' },
      meta(),
    );
    expect(reply.messages[0]?.key).toBe('record.recovered');
    expect(reply.outcome.kind).toBe('recorded');
    const after = await stored(store);
    expect(after.state).toBe('setup');
    expect(after.context.answers.placement).toBeDefined();
    expect(after.context.answers.processing?.value).toBe('capture_at_order');
  });

  test('a corrupt record is kept aside unchanged, the team is told, and the process goes on', async () => {
    const { store, engine } = setup();
    await store.put(teamRecordKey(TEAM), '{"schema":1,"state":', null);
    // Looking writes nothing, not even the copy: an operator's `status` must not pile up copies.
    expect(await engine.status(TEAM)).toMatchObject({ unreadable: true, step: null });
    expect(await listAll(store, 'aside:')).toHaveLength(0);
    expect((await store.get(teamRecordKey(TEAM)))?.value).toBe('{"schema":1,"state":');
    const reply = await engine.handle(TEAM, { type: 'START' }, meta());
    expect(reply.messages[0]?.key).toBe('record.keptAside');
    expect(reply.question?.id).toBe('placement');
    const aside = await listAll(store, 'aside:');
    expect(aside).toHaveLength(1);
    expect(aside[0]?.value).toBe('{"schema":1,"state":');
    expect(aside[0]?.key).toContain(TEAM);
    const overview = await engine.teams();
    expect(overview.keptAside).toEqual([aside[0]?.key]);
    // A record that is JSON but not ours is kept aside too, under its own key.
    const now = await stored(store);
    await store.put(
      teamRecordKey(TEAM),
      JSON.stringify({ ...now, context: { answers: 'nope' } }),
      now.version,
    );
    await engine.handle(TEAM, { type: 'STATUS' }, meta());
    expect(await listAll(store, 'aside:')).toHaveLength(2);
  });

  test('a store that is down gives a coded error and loses nothing already recorded', async () => {
    const { store, engine } = setup();
    await engine.handle(TEAM, { type: 'START' }, meta());
    await answerCurrent(engine);
    store.setDown(true);
    await expect(
      engine.handle(TEAM, { type: 'ANSWER', questionId: 'processing', value: 'other' }, meta()),
    ).rejects.toBeInstanceOf(StoreError);
    store.setDown(false);
    const record = await stored(store);
    expect(record.context.answers.placement).toBeDefined();
    expect(record.context.answers.processing).toBeUndefined();
  });

  test('status and help do not write; status reports progress for the operator', async () => {
    const { store, engine } = setup();
    expect(await engine.status(TEAM)).toBeNull();
    await engine.handle(TEAM, { type: 'START' }, meta());
    const version = (await stored(store)).version;
    await engine.handle(TEAM, { type: 'STATUS' }, meta());
    await engine.handle(TEAM, { type: 'HELP' }, meta());
    expect((await stored(store)).version).toBe(version);
    const status = await engine.status(TEAM);
    expect(status).toMatchObject({
      team: TEAM,
      step: 1,
      stepId: 'setup',
      completedSteps: 0,
      done: false,
      openQuestions: 9,
      openItems: 0,
    });
    expect(status?.lastActivityAt).toBe((await stored(store)).context.lastActivityAt);
    expect(status?.lastActivityAt).toMatch(/^2026-11-27T10:00:0\d\.000Z$/);
  });

  test('a whole onboarding to done with nothing open: "ready to launch", and a summary', async () => {
    const { store, engine } = setup();
    let reply = await engine.handle(TEAM, { type: 'START' }, meta());
    const everyCase = { decline_handling: ['soft_retry', 'hard_update', 'other_method'] };
    for (let turn = 0; !reply.done && turn < 100; turn += 1) {
      const question = reply.question;
      if (!question) throw new Error(`no question in ${reply.state}`);
      for (const input of answerFor(flow, question.id, everyCase))
        reply = await engine.handle(TEAM, input, meta(`t${turn}-${JSON.stringify(input)}`));
    }
    expect(reply.done).toBe(true);
    expect(reply.openItems).toEqual([]);
    expect(reply.messages.map((m) => m.key)).toEqual(expect.arrayContaining(['done.ready', 'done.summary']));
    expect(reply.messages.map((m) => m.key)).not.toContain('done.withOpen');
    const status = await engine.status(TEAM);
    expect(status).toMatchObject({ step: 'done', completedSteps: 5, done: true });
    const size = (await store.get(teamRecordKey(TEAM)))?.value.length ?? 0;
    expect(size).toBeLessThan(64_000);
  });
});
