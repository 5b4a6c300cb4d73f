import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chat,
  raw,
  runCli,
  STACK_TRACE,
  said,
  snapshot,
  type TempStore,
  t,
  tempStore,
  USER,
} from '../helpers/cli';

/**
 * Who the chat records, which language a team speaks, and in which language the operator views speak: the
 * `paysetup` command line's options, end to end as child processes on a temporary SQLite store.
 */

describe('paysetup: who is typing and which language', () => {
  let store: TempStore;
  beforeAll(() => {
    store = tempStore('paysetup-options-');
  });
  afterAll(() => store.remove());

  test('the actor is the person: --name, else git user.name, else $USER — never just the OS account', async () => {
    const gitconfig = join(store.dir, 'gitconfig');
    writeFileSync(gitconfig, '[user]\n\tname = Grace Hopper\n');
    const named = await runCli(['chat', '--team', 'who', '--name', 'Anna Schmidt', '--store', store.url], {
      input: ['1'],
    });
    const fromGit = await runCli(['chat', '--team', 'who', '--store', store.url], {
      input: ['sofort'],
      env: { GIT_CONFIG_GLOBAL: gitconfig },
    });
    const fromUser = await runCli(['chat', '--team', 'who', '--store', store.url], { input: ['ja'] });
    for (const result of [named, fromGit, fromUser]) expect(result.stderr).toBe('');
    expect(named.stdout).toContain(
      t('de', 'notice.answer.recorded', { answer: said('de', 'placement', 'cart'), by: 'Anna Schmidt' }),
    );
    expect(fromGit.stdout).toContain(
      t('de', 'notice.answer.recorded', {
        answer: said('de', 'processing', 'capture_at_order'),
        by: 'Grace Hopper',
      }),
    );
    expect(fromUser.stdout).toContain(
      t('de', 'notice.answer.recorded', { answer: said('de', 'pending_authorization', 'yes'), by: USER }),
    );
    const { plan } = await snapshot(store, 'who');
    expect(plan.history.map((h) => h.by)).toEqual(['Anna Schmidt', 'Grace Hopper', USER]);
  }, 30_000);

  test('--locale on an existing team switches its language and says so; without it the team keeps its own', async () => {
    const first = await chat(store, 'lang', 'de', ['1,2']);
    expect(first.stdout).toContain(raw('de', 'notice.start.started'));
    const switched = await chat(store, 'lang', 'en', ['right away']);
    expect(switched.stderr).not.toMatch(STACK_TRACE);
    expect(switched.stdout.startsWith(raw('en', 'notice.locale.changed'))).toBe(true);
    expect(switched.stdout).toContain(
      t('en', 'notice.answer.recorded', { answer: said('en', 'processing', 'capture_at_order'), by: USER }),
    );
    const kept = await runCli(['chat', '--team', 'lang', '--store', store.url], { input: [] });
    expect(kept.stdout.startsWith(raw('en', 'notice.start.resumed'))).toBe(true);
    expect(kept.stdout).not.toContain(raw('en', 'notice.locale.changed'));
    expect((await snapshot(store, 'lang')).status.locale).toBe('en');
  }, 30_000);

  test('status, teams and report speak the team’s language unless --locale is given', async () => {
    await chat(store, 'deutsch', 'de', ['1']);
    const status = await runCli(['status', '--team', 'deutsch', '--store', store.url]);
    expect(status.stdout).toMatch(/^deutsch: Schritt 1 von 5 – /);
    const asked = await runCli(['status', '--team', 'deutsch', '--locale', 'en', '--store', store.url]);
    expect(asked.stdout).toMatch(/^deutsch: step 1 of 5 – /);
    const teams = await runCli(['teams', '--store', store.url]);
    expect(teams.stdout).toMatch(/^deutsch: Schritt 1 von 5/m);
    expect(teams.stdout).toMatch(/^lang: step 1 of 5/m);
    const report = await runCli(['report', '--team', 'deutsch', '--store', store.url]);
    expect(report.stdout).toContain(`# ${t('de', 'report.title', { team: 'deutsch' })}`);
    const english = await runCli(['report', '--team', 'deutsch', '--locale', 'en', '--store', store.url]);
    expect(english.stdout).toContain(`# ${t('en', 'report.title', { team: 'deutsch' })}`);
    // Counts read right: "1 offener Punkt", not "1 offene Punkte".
    expect(status.stdout).toContain(t('de', 'status.items', { count: 0 }));
  }, 30_000);

  test('a typo in --format is refused with the choices', async () => {
    const result = await runCli(['report', '--team', 'deutsch', '--format', 'xml', '--store', store.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('md, json or csv');
  });
});
