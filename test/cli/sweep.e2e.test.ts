import { DialogEngine, teamRecordKey } from '../../src/core/engine';
import { DEFAULT_CALENDAR, isWorkingDay } from '../../src/core/reminders/working-time';
import { SqliteStore } from '../../src/store/SqliteStore';
import { raw, runCli, type TempStore, t, tempStore } from '../helpers/cli';
import { FakeSlackWeb } from '../reminders/fake-slack';
import { ANNA, DUE, STARTED, seedStalledTeams } from '../reminders/seed';

/**
 * `paysetup sweep` as an operator runs it: a dry run lists the nudges due at a moment (team, language, step, owner
 * and why), in German or English, or as JSON; `--now` checks any moment and says why nothing is due; sending needs
 * the bot token and the real time.
 */

let store: TempStore;
let teams: string[];

beforeEach(async () => {
  store = tempStore('paysetup-sweep-');
  const sqlite = new SqliteStore(store.file);
  // slack:…01 German with Anna as owner, …02 English without one, …03 German with Anna.
  teams = await seedStalledTeams(sqlite, { count: 3, ownerEvery: 2 });
  await sqlite.close();
});
afterEach(() => store.remove());

const sweep = (...args: string[]) => runCli(['sweep', '--store', store.url, ...args]);
/** The stored records, to show that a dry run writes nothing. */
async function snapshot(): Promise<(string | undefined)[]> {
  const sqlite = new SqliteStore(store.file);
  try {
    return await Promise.all(teams.map(async (team) => (await sqlite.get(teamRecordKey(team)))?.value));
  } finally {
    await sqlite.close();
  }
}

/** The line of one listed nudge, from the locale files: 3 working days idle, the first nudge, at step 1. */
function listed(locale: 'de' | 'en', team: string, speaks: 'de' | 'en', owner: string | null): string {
  return t(locale, 'sweep.entry', {
    team,
    language: raw(locale, `sweep.language.${speaks}`),
    step: t(locale, 'sweep.step', { number: 1, title: raw(locale, 'flow:steps.setup.title') }),
    owner: owner ? t(locale, 'sweep.owner', { owner }) : raw(locale, 'sweep.noOwner'),
    reason: t(locale, 'sweep.reason.stalled', { count: 3, number: 1 }),
  });
}

it('a dry run lists every due nudge with team, language, step, owner and why, in German; it writes nothing', async () => {
  const before = await snapshot();
  const run = await sweep('--dry-run', '--now', '2027-01-14T11:00');
  expect([run.code, run.stderr]).toEqual([0, '']);
  expect(run.stdout.trimEnd().split('\n')).toEqual([
    t('de', 'sweep.header', { time: 'Donnerstag, 14. Januar 2027 um 11:00', timeZone: 'Europe/Berlin' }),
    `- ${listed('de', teams[0] as string, 'de', 'Anna')}`,
    `- ${listed('de', teams[1] as string, 'en', null)}`,
    `- ${listed('de', teams[2] as string, 'de', 'Anna')}`,
    t('de', 'sweep.dryRun', { count: 3 }),
  ]);
  expect(await snapshot()).toEqual(before);
});

it('in English with --locale en; a time with a UTC offset is taken as it is', async () => {
  const run = await sweep('--dry-run', '--now', '2027-01-14T10:00:00Z', '--locale', 'en');
  expect([run.code, run.stderr]).toEqual([0, '']);
  expect(run.stdout.trimEnd().split('\n')).toEqual([
    t('en', 'sweep.header', { time: 'Thursday, 14 January 2027 at 11:00', timeZone: 'Europe/Berlin' }),
    `- ${listed('en', teams[0] as string, 'de', 'Anna')}`,
    `- ${listed('en', teams[1] as string, 'en', null)}`,
    `- ${listed('en', teams[2] as string, 'de', 'Anna')}`,
    t('en', 'sweep.dryRun', { count: 3 }),
  ]);
});

it('a team whose target date nears is nudged sooner, and the listing says so', async () => {
  const sqlite = new SqliteStore(store.file);
  const hurried = 'slack:T0SEED:C0HURRY01';
  const engine = new DialogEngine({ store: sqlite, now: () => STARTED });
  const meta = { actor: ANNA, channel: 'slack', locale: 'en' as const };
  await engine.handle(hurried, { type: 'START' }, meta);
  await engine.handle(hurried, { type: 'SET_TARGET', date: '2027-01-20' }, meta);
  await sqlite.close();
  // Seven working days to the target: a nudge every two (a third of them) instead of after three.
  const early = await sweep('--dry-run', '--now', '2027-01-13T11:00', '--locale', 'en');
  expect([early.code, early.stderr]).toEqual([0, '']);
  expect(early.stdout.trimEnd().split('\n').slice(1)).toEqual([
    `- ${t('en', 'sweep.entry', {
      team: hurried,
      language: raw('en', 'sweep.language.en'),
      step: t('en', 'sweep.step', { number: 1, title: raw('en', 'flow:steps.setup.title') }),
      owner: raw('en', 'sweep.noOwner'),
      reason: t('en', 'sweep.reason.targetNear', { count: 7, date: '20 January 2027', number: 1 }),
    })}`,
    t('en', 'sweep.dryRun', { count: 1 }),
  ]);
});

it('--json: the moment, the counts, and one entry per team with the nudge as the channel would show it', async () => {
  const run = await sweep('--dry-run', '--json', '--now', '2027-01-14T11:00');
  expect([run.code, run.stderr]).toEqual([0, '']);
  const report = JSON.parse(run.stdout) as Record<string, unknown>;
  expect(report).toEqual({
    at: DUE.toISOString(),
    dryRun: true,
    due: 3,
    counts: { sent: 0, listed: 3, recovered: 0, taken: 0, busy: 0, rescheduled: 0, gone: 0, failed: 0 },
    entries: teams.map((team, n) => ({
      team,
      outcome: 'listed',
      nudgeId: 'n1',
      locale: n === 1 ? 'en' : 'de',
      step: 1,
      owner: n === 1 ? null : 'Anna',
      reason: 'stalled',
      nudge: {
        team,
        nudgeId: 'n1',
        locale: n === 1 ? 'en' : 'de',
        step: 1,
        stepId: 'setup',
        questionId: expect.any(String),
        owner: n === 1 ? null : ANNA,
        reason: 'stalled',
        number: 1,
        idleDays: 3,
        target: null,
        daysToTarget: null,
        openItems: 0,
      },
    })),
  });
});

it.each([
  [
    'a weekend',
    '2027-01-16T11:00',
    'weekend',
    'Monday, 18 January 2027 at 09:00',
    '2027-01-18T08:00:00.000Z',
  ],
  [
    'Good Friday',
    '2027-03-26T11:00',
    'holiday',
    'Tuesday, 30 March 2027 at 09:00',
    '2027-03-30T07:00:00.000Z',
  ],
  [
    'the evening',
    '2027-01-14T19:30',
    'hours',
    'Friday, 15 January 2027 at 09:00',
    '2027-01-15T08:00:00.000Z',
  ],
])(
  '--now on %s lists nothing and says why, with each team’s next nudge',
  async (_what, now, why, next, nextIso) => {
    const run = await sweep('--dry-run', '--now', now, '--locale', 'en');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.slice(1, 4)).toEqual(
      teams.map(
        (team) =>
          `- ${t('en', 'sweep.outcomeLine', { team, outcome: t('en', 'sweep.outcome.rescheduled', { next: `${next} (Europe/Berlin)` }) })}`,
      ),
    );
    expect(lines.slice(4)).toEqual([
      raw('en', 'sweep.nothingDue'),
      t('en', `sweep.quiet.${why}`, { timeZone: 'Europe/Berlin', holidays: 'DE', start: 9, end: 17 }),
      raw('en', 'sweep.quiet.ownCalendar'),
    ]);
    const json = JSON.parse((await sweep('--dry-run', '--json', '--now', now)).stdout) as {
      counts: Record<string, number>;
      entries: { outcome: string; nextNudgeAt: string }[];
      quiet: unknown;
    };
    expect(json.quiet).toEqual({ reason: why, timeZone: 'Europe/Berlin', holidays: 'DE' });
    expect(json.counts.listed).toBe(0);
    expect(json.entries.map((e) => [e.outcome, e.nextNudgeAt])).toEqual(
      teams.map(() => ['rescheduled', nextIso]),
    );
  },
);

it('sending without SLACK_BOT_TOKEN fails with exit 1 and says what is missing; nothing is written', async () => {
  const before = await snapshot();
  const run = await sweep();
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain('SLACK_BOT_TOKEN');
  expect(run.stderr).toContain('--dry-run');
  expect(await snapshot()).toEqual(before);
});

it('--now sends nothing: without --dry-run it is refused (exit 2), and so is a time it cannot read', async () => {
  const refused = await sweep('--now', '2027-01-14T11:00');
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/^--now only checks what would be due: add --dry-run/);
  for (const now of ['tomorrow', '2027-01-14', '2027-02-30T10:00']) {
    const unreadable = await sweep('--dry-run', '--now', now);
    expect([unreadable.code, unreadable.stderr.split('\n')[0]]).toEqual([
      2,
      `--now must be an ISO date and time such as 2027-01-14T10:00 (read in Europe/Berlin) or 2027-01-14T09:00Z, not "${now}"`,
    ]);
  }
});

it('sends for the real time with the bot token, through SLACK_API_URL; a team nudged is not nudged again', async () => {
  // A team stalled ten days ago, and working hours all day: due now on any working day (a weekend or a public holiday
  // in Germany lists it as not due, and then nothing may be sent).
  const sqlite = new SqliteStore(store.file);
  const recent = 'slack:T0NOW:C0NOW0001';
  await new DialogEngine({ store: sqlite, now: () => new Date(Date.now() - 10 * 86_400_000) }).handle(
    recent,
    { type: 'START' },
    { actor: ANNA, channel: 'slack', locale: 'en' },
  );
  await sqlite.close();
  const slack = await new FakeSlackWeb().start();
  try {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-3333333333-4444444444-cliSweep',
      SLACK_API_URL: slack.url,
      REMINDER_WORK_HOURS: '0-24',
    };
    const run = await runCli(['sweep', '--json', '--store', store.url], { env });
    expect([run.code, run.stderr]).toEqual([0, '']);
    const report = JSON.parse(run.stdout) as {
      dryRun: boolean;
      entries: { team: string; outcome: string }[];
    };
    expect(report.dryRun).toBe(false);
    const mine = report.entries.filter((entry) => entry.team === recent).map((entry) => entry.outcome);
    if (isWorkingDay(new Date(), DEFAULT_CALENDAR)) {
      expect(mine).toEqual(['sent']);
      expect(
        slack.posts.map((post) => [post.channel, post.token, post.metadata?.event_payload?.team]),
      ).toEqual([['C0NOW0001', env.SLACK_BOT_TOKEN, recent]]);
      const again = await runCli(['sweep', '--store', store.url, '--locale', 'en'], { env });
      expect([again.code, ...again.stdout.trimEnd().split('\n').slice(1)]).toEqual([
        0,
        raw('en', 'sweep.nothingDue'),
        raw('en', 'sweep.quiet.none'),
      ]);
      expect(slack.posts).toHaveLength(1);
    } else {
      expect(mine).toEqual(['rescheduled']);
      expect(slack.posts).toEqual([]);
    }
    // The teams seeded for 2027 are not due yet, whatever today is.
    expect(report.entries.filter((entry) => teams.includes(entry.team))).toEqual([]);
  } finally {
    await slack.stop();
  }
});
