import { DialogEngine } from '../../src/core/engine';
import { SqliteStore } from '../../src/store/SqliteStore';
import { runCli, type TempStore, t, tempStore } from '../helpers/cli';
import { ANNA, STARTED, seedStalledTeams, slackTeam } from '../reminders/seed';

/**
 * `paysetup teams` with the reminders: under each team's line its next nudge (in the team's time zone) or why there
 * is none, how many were sent, the owner of the current step and the target date; `--json` carries the same.
 */

let store: TempStore;
const TERMINAL = 'terminal:alice';
const OFF = slackTeam(2);

beforeAll(async () => {
  store = tempStore('paysetup-teams-reminders-');
  const sqlite = new SqliteStore(store.file);
  await seedStalledTeams(sqlite, { count: 2, ownerEvery: 2, locales: ['en'] });
  const engine = new DialogEngine({ store: sqlite, now: () => STARTED });
  const meta = { actor: ANNA, channel: 'slack', locale: 'en' as const };
  await engine.handle(slackTeam(1), { type: 'SET_TARGET', date: '2027-02-15' }, meta);
  await engine.handle(OFF, { type: 'REMINDERS', on: false }, meta);
  await engine.handle(TERMINAL, { type: 'START' }, { actor: ANNA, channel: 'terminal', locale: 'de' });
  await sqlite.close();
});
afterAll(() => store.remove());

it('shows, under each team, its next nudge or why there is none, the nudges sent, the owner and the target', async () => {
  const run = await runCli(['teams', '--store', store.url, '--locale', 'en']);
  expect([run.code, run.stderr]).toEqual([0, '']);
  const lines = run.stdout.trimEnd().split('\n');
  const under = (team: string) => lines[lines.findIndex((line) => line.startsWith(`${team}: `)) + 1]?.trim();

  // The days left to the target are counted from today in the team's time zone.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const days = Math.round(
    (Date.parse('2027-02-15T00:00:00Z') - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
  expect(under(slackTeam(1))).toBe(
    [
      t('en', 'nudges.next', { time: 'Thursday, 14 January 2027 at 10:00 (Europe/Berlin)' }),
      t('en', 'nudges.sent', { count: 0 }),
      t('en', 'sweep.owner', { owner: 'Anna' }),
      t('en', 'nudges.target', { date: '15 February 2027', count: days }),
    ].join(' · '),
  );
  expect(under(OFF)).toBe(
    [t('en', 'nudges.none.off'), t('en', 'nudges.sent', { count: 0 }), t('en', 'sweep.noOwner')].join(' · '),
  );
  expect(under(TERMINAL)).toBe(
    [t('en', 'nudges.none.unreachable'), t('en', 'nudges.sent', { count: 0 }), t('en', 'sweep.noOwner')].join(
      ' · ',
    ),
  );
});

it('in German by the team’s own language, and in --json with the same facts', async () => {
  const german = await runCli(['teams', '--store', store.url]);
  const lines = german.stdout.trimEnd().split('\n');
  expect(lines[lines.findIndex((line) => line.startsWith(`${TERMINAL}: `)) + 1]?.trim()).toBe(
    [t('de', 'nudges.none.unreachable'), t('de', 'nudges.sent', { count: 0 }), t('de', 'sweep.noOwner')].join(
      ' · ',
    ),
  );

  const json = await runCli(['teams', '--json', '--store', store.url]);
  expect(json.code).toBe(0);
  const rows = (JSON.parse(json.stdout) as { teams: { team: string; reminders: Record<string, unknown> }[] })
    .teams;
  const of = (team: string) => rows.find((row) => row.team === team)?.reminders;
  expect(of(slackTeam(1))).toMatchObject({
    nextNudgeAt: '2027-01-14T09:00:00.000Z',
    none: null,
    sent: 0,
    owner: { step: 1, name: 'Anna', id: ANNA.id },
    target: '2027-02-15',
    daysToTarget: expect.any(Number),
    off: null,
    timeZone: 'Europe/Berlin',
    holidays: 'DE',
  });
  expect(of(OFF)).toMatchObject({ nextNudgeAt: null, none: 'off', off: 'asked', owner: null });
  expect(of(TERMINAL)).toMatchObject({ nextNudgeAt: null, none: 'unreachable', sent: 0 });
});
