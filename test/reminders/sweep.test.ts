import type { Actor } from '../../src/core/context';
import { DialogEngine, teamRecordKey } from '../../src/core/engine';
import type { NudgeSender } from '../../src/reminders/port';
import { sweep } from '../../src/reminders/sweep';
import { MemoryStore } from '../../src/store/MemoryStore';

/** The sweep's own edges: what it does with due teams it cannot nudge, so they do not come back every minute. */

const ANNA: Actor = { id: 'U0ANNA', name: 'Anna' };
const START = '2027-03-01T09:00:00.000Z';
// Thursday 4 March 2027, 10:00 in Berlin: three working days after the start, due.
const DUE = new Date('2027-03-04T09:00:00.000Z');

function setup() {
  const store = new MemoryStore();
  const clock = { now: Date.parse(START) };
  const engine = new DialogEngine({ store, now: () => new Date(clock.now) });
  const warnings: string[] = [];
  const logger = { info() {}, warn: (line: string) => warnings.push(line), error() {} };
  return { store, clock, engine, warnings, logger };
}

const never: NudgeSender = {
  send: async () => {
    throw new Error('must not send');
  },
  wasSent: async () => false,
};

describe('sweep', () => {
  it('clears the due time of a team no sender reaches, with a log line, so it is not read again every minute', async () => {
    const { store, clock, engine, warnings, logger } = setup();
    const team = 'slack:T0EDGE:C0EDGE';
    await engine.handle(team, { type: 'START' }, { actor: ANNA, channel: 'slack' });
    clock.now = DUE.getTime();
    expect((await store.due(DUE.getTime(), 10)).map((d) => d.key)).toEqual([teamRecordKey(team)]);
    const report = await sweep(DUE, { engine, store, senderFor: () => null, logger });
    expect(report.entries).toEqual([{ team, outcome: 'rescheduled' }]);
    expect(await store.due(DUE.getTime() + 86_400_000, 10)).toEqual([]);
    expect(warnings.join('\n')).toContain(team);
    // The team's own next turn plans it again.
    await engine.handle(team, { type: 'HELP' }, { actor: ANNA, channel: 'slack' });
    await engine.handle(team, { type: 'SET_TARGET', date: '2027-12-31' }, { actor: ANNA, channel: 'slack' });
    expect(await store.due(DUE.getTime() + 30 * 86_400_000, 10)).toHaveLength(1);
  });

  it('clears the due time of a record that cannot be read, and leaves the record as it is', async () => {
    const { store, engine, logger } = setup();
    const team = 'slack:T0EDGE:C0BROKEN';
    await store.put(teamRecordKey(team), '{"schema": "garbage"', null, { dueAt: DUE.getTime() - 1 });
    const report = await sweep(DUE, { engine, store, senderFor: () => never, logger });
    expect(report.entries).toEqual([{ team, outcome: 'rescheduled' }]);
    expect(await store.due(DUE.getTime() + 86_400_000, 10)).toEqual([]);
    expect((await store.get(teamRecordKey(team)))?.value).toBe('{"schema": "garbage"');
  });

  it('moves a team found due after hours to the next working morning and says when', async () => {
    const { store, clock, engine, logger } = setup();
    const team = 'slack:T0EDGE:C0LATE';
    await engine.handle(team, { type: 'START' }, { actor: ANNA, channel: 'slack' });
    // Thursday 18:00 in Berlin: due since 10:00, but after working hours.
    const evening = new Date('2027-03-04T17:00:00.000Z');
    clock.now = evening.getTime();
    const report = await sweep(evening, { engine, store, senderFor: () => never, logger });
    expect(report.entries).toEqual([{ team, outcome: 'rescheduled', nextAt: '2027-03-05T08:00:00.000Z' }]);
    expect((await store.due(Date.parse('2027-03-06T00:00:00Z'), 10))[0]?.dueAt).toBe(
      Date.parse('2027-03-05T08:00:00.000Z'),
    );
  });
});
