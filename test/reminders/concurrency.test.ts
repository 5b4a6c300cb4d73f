import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DialogEngine, teamRecordKey } from '../../src/core/engine';
import { parseRecord } from '../../src/core/record';
import type { SweepReport } from '../../src/reminders/sweep';
import { openStore } from '../../src/store/open-store';
import type { KeyValueStore } from '../../src/store/port';
import { type Dynalite, startDynalite, uniquePartition } from '../store/dynalite';
import { removeKeysUnder, SHARED_REDIS, storeUrl, uniquePrefix } from '../store/redis-helpers';
import { FakeSlackWeb } from './fake-slack';
import { AFTER_LEASE, DUE, seedStalledTeams } from './seed';
import { sweepProcess } from './sweep-process';

/**
 * The concurrency tests, on SQLite, Redis and DynamoDB (dynalite): sweeps in processes of their own, each with
 * its own connection and engine, through the real Slack sender against a fake Web API that records every post with
 * its metadata. Two sweeps at once over the same due teams send each nudge exactly once; a sweep killed (SIGKILL) in
 * the middle and the sweeps after it lose none and double none.
 */

const TEAMS = 30;

interface Backend {
  url: string;
  /** For seeding and reading back, on a connection of the test's own. */
  store: KeyValueStore;
  cleanup(): Promise<void>;
}

let dynalite: Dynalite | null = null;

const BACKENDS: [string, () => Promise<Backend>][] = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'paysetup-sweeps-'));
      const url = `sqlite:${join(dir, 'shared.db')}`;
      const store = await openStore(url);
      return {
        url,
        store,
        cleanup: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'Redis',
    async () => {
      const prefix = uniquePrefix('sweeps');
      const url = storeUrl(SHARED_REDIS, prefix);
      const store = await openStore(url);
      return {
        url,
        store,
        cleanup: async () => {
          await store.close();
          await removeKeysUnder(SHARED_REDIS, prefix);
        },
      };
    },
  ],
  [
    'DynamoDB',
    async () => {
      dynalite ??= await startDynalite();
      const url = dynalite.url(uniquePartition('sweeps'));
      const store = await openStore(url);
      return { url, store, cleanup: () => store.close() };
    },
  ],
];

afterAll(async () => {
  await dynalite?.close();
});

const outcomes = (report: SweepReport | null, outcome: string) =>
  (report?.entries ?? []).filter((entry) => entry.outcome === outcome).map((entry) => entry.team);

/** What each team's record says of its nudges: how many were recorded as sent, and whether one is still claimed. */
async function recorded(
  store: KeyValueStore,
  teams: string[],
): Promise<{ sent: number[]; pending: string[] }> {
  const sent: number[] = [];
  const pending: string[] = [];
  for (const team of teams) {
    const stored = await store.get(teamRecordKey(team));
    const parsed = stored ? parseRecord(stored.value) : null;
    if (parsed?.kind !== 'ok') throw new Error(`no readable record for ${team}`);
    sent.push(parsed.record.context.reminders?.sent ?? 0);
    if (parsed.record.context.reminders?.pending) pending.push(team);
  }
  return { sent, pending };
}

describe.each(BACKENDS)('reminder sweeps on %s', (_name, open) => {
  let backend: Backend;
  let slack: FakeSlackWeb;
  let teams: string[];

  beforeEach(async () => {
    backend = await open();
    slack = await new FakeSlackWeb().start();
    slack.nowMs = DUE.getTime();
    teams = await seedStalledTeams(backend.store, { count: TEAMS, ownerEvery: 3 });
  });
  afterEach(async () => {
    await slack.stop();
    await backend.cleanup();
  });

  const job = (now: Date, killAfterSends?: number) => ({
    storeUrl: backend.url,
    now,
    slackApiUrl: slack.url,
    ...(killAfterSends ? { killAfterSends } : {}),
  });

  it(`two sweeps at the same time over the same ${TEAMS} due teams: each nudge reaches Slack exactly once`, async () => {
    // A slow Slack keeps both sweeps busy at once, on the same teams (both read the due list in the same order).
    slack.postDelayMs = 20;
    const first = sweepProcess(job(DUE));
    const second = sweepProcess(job(DUE));
    await Promise.all([first.ready, second.ready]);
    first.go();
    second.go();
    const [a, b] = await Promise.all([first.done, second.done]);
    expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, '']);

    expect(slack.doubled()).toEqual([]);
    expect([...slack.nudgeCounts().keys()].sort()).toEqual(teams.map((team) => `${team} n1`).sort());
    // Each team was sent by one sweep; the other found it claimed (taken, or busy while it was being sent).
    expect([...outcomes(a.report, 'sent'), ...outcomes(b.report, 'sent')].sort()).toEqual([...teams].sort());
    expect(outcomes(a.report, 'sent').length).toBeGreaterThan(0);
    expect(outcomes(b.report, 'sent').length).toBeGreaterThan(0);
    for (const report of [a.report, b.report])
      expect(outcomes(report, 'failed').concat(outcomes(report, 'recovered'))).toEqual([]);

    const after = await recorded(backend.store, teams);
    expect(after).toEqual({ sent: teams.map(() => 1), pending: [] });
    // The next nudge is a week of working days away: nothing is due right after.
    expect(await backend.store.due(AFTER_LEASE.getTime(), 1000)).toEqual([]);
  });

  it('a sweep killed in the middle, a sweep during its claims, one after they ran out: none lost, none doubled', async () => {
    slack.postDelayMs = 5;
    const killed = sweepProcess(job(DUE, 10));
    await killed.ready;
    killed.go();
    const crash = await killed.done;
    expect([crash.signal, crash.report]).toEqual(['SIGKILL', null]);
    const posted = slack.posts.length;
    expect(posted).toBeGreaterThanOrEqual(10);
    expect(posted).toBeLessThan(TEAMS);
    // The last nudge it sent was never recorded: its claim is still there (and maybe others, still being posted).
    const left = await recorded(backend.store, teams);
    expect(left.pending.length).toBeGreaterThan(0);

    // A minute later: the dead sweep's claims still hold; the teams it never reached get theirs.
    const during = new Date(DUE.getTime() + 60_000);
    slack.nowMs = during.getTime();
    const meanwhile = sweepProcess(job(during));
    await meanwhile.ready;
    meanwhile.go();
    const second = await meanwhile.done;
    expect([second.code, second.stderr]).toEqual([0, '']);
    expect(outcomes(second.report, 'sent').filter((team) => left.pending.includes(team))).toEqual([]);
    expect(slack.doubled()).toEqual([]);

    // After the lease: each claimed nudge is looked up in the channel; one that went out is recorded, not sent again.
    slack.nowMs = AFTER_LEASE.getTime();
    const later = sweepProcess(job(AFTER_LEASE));
    await later.ready;
    later.go();
    const third = await later.done;
    expect([third.code, third.stderr]).toEqual([0, '']);
    expect(outcomes(third.report, 'recovered').length).toBeGreaterThan(0);
    expect([...outcomes(third.report, 'recovered'), ...outcomes(third.report, 'sent')].sort()).toEqual(
      [...left.pending].sort(),
    );

    expect(slack.doubled()).toEqual([]);
    expect([...slack.nudgeCounts().keys()].sort()).toEqual(teams.map((team) => `${team} n1`).sort());
    expect(slack.posts).toHaveLength(TEAMS);
    expect(await recorded(backend.store, teams)).toEqual({ sent: teams.map(() => 1), pending: [] });
    expect(await backend.store.due(AFTER_LEASE.getTime(), 1000)).toEqual([]);
    // Each team's next nudge is the second one, a week of working days on (as an engine of that time plans it).
    const engine = new DialogEngine({ store: backend.store, now: () => AFTER_LEASE });
    for (const team of teams) {
      const next = (await engine.status(team))?.reminders.nextNudgeAt;
      expect(Date.parse(next ?? '') - AFTER_LEASE.getTime()).toBeGreaterThan(5 * 86_400_000);
    }
  });
});
