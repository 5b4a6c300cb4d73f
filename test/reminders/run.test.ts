import { DialogEngine } from '../../src/core/engine';
import type { NudgeSender } from '../../src/reminders/port';
import { runReminders, summarize } from '../../src/reminders/run';
import { MemoryStore } from '../../src/store/MemoryStore';
import { DUE, seedStalledTeams } from './seed';

/** One round as the scheduler and the Lambda run it: the sweep, then the digest; failures logged, never thrown. */

function recording() {
  const lines: string[] = [];
  const at =
    (level: string) =>
    (...msg: unknown[]) =>
      lines.push(`${level} ${msg.map(String).join(' ')}`);
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

it('sweeps, then runs the digest; a team that fails is logged with the team and the cause, the rest go out', async () => {
  const store = new MemoryStore();
  const [broken, fine] = await seedStalledTeams(store, { count: 2 });
  const engine = new DialogEngine({ store, now: () => DUE });
  const sent: string[] = [];
  const sender = (fail: boolean): NudgeSender => ({
    async send(nudge) {
      if (fail) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      sent.push(nudge.team);
      return { kind: 'sent' };
    },
    wasSent: async () => false,
  });
  const { lines, logger } = recording();
  const digests: Date[] = [];
  const round = await runReminders(DUE, {
    engine,
    store,
    logger,
    senderFor: (team) => sender(team === broken),
    digest: async (now) => {
      digests.push(now);
      return { kind: 'empty', date: '2027-01-14' };
    },
  });
  expect(sent).toEqual([fine]);
  expect(round.errors).toEqual([]);
  expect(round.digest).toEqual({ kind: 'empty', date: '2027-01-14' });
  expect(digests).toEqual([DUE]);
  expect(round.sweep && summarize(round.sweep)).toBe('2 due: 1 sent, 1 failed');
  expect(lines).toContain(`error reminders: ${broken}: ECONNRESET: socket hang up`);
  expect(lines).toContain('info reminders: sweep at 2027-01-14T10:00:00.000Z: 2 due: 1 sent, 1 failed');
});

it('a sweep that cannot read the store is logged, and the digest still runs; a failing digest is logged too', async () => {
  const store = new MemoryStore();
  const engine = new DialogEngine({ store, now: () => DUE });
  store.due = async () => {
    throw Object.assign(new Error('the store cannot be reached'), { code: 'STORE_UNAVAILABLE' });
  };
  const { lines, logger } = recording();
  let digests = 0;
  const round = await runReminders(DUE, {
    engine,
    store,
    logger,
    senderFor: () => null,
    digest: async () => {
      digests += 1;
      throw new Error('channel_not_found');
    },
  });
  expect(digests).toBe(1);
  expect(round.sweep).toBeNull();
  expect(round.errors).toEqual([
    'sweep: STORE_UNAVAILABLE: the store cannot be reached',
    'digest: channel_not_found',
  ]);
  expect(lines).toEqual([
    'error reminders: the sweep at 2027-01-14T10:00:00.000Z failed (STORE_UNAVAILABLE: the store cannot be reached); the next one tries again',
    "error reminders: the experts' digest failed (channel_not_found); the next round tries again",
  ]);
});

it('says nothing in a minute with nothing due', async () => {
  const store = new MemoryStore();
  const { lines, logger } = recording();
  const round = await runReminders(DUE, {
    engine: new DialogEngine({ store, now: () => DUE }),
    store,
    logger,
    senderFor: () => null,
  });
  expect(round).toEqual({ sweep: { at: DUE.toISOString(), due: 0, entries: [] }, digest: null, errors: [] });
  expect(lines).toEqual([]);
});
