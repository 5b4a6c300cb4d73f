import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  type CliResult,
  chat,
  questionAfter,
  questionLine,
  raw,
  runCli,
  STACK_TRACE,
  snapshot,
  type TempStore,
  t,
  tempStore,
} from '../helpers/cli';

/**
 * What an operator sees when something around the chat is wrong: a store that cannot be opened, a team that does not
 * exist, a database locked by another connection. `node bin/paysetup` as a child process.
 */

function describeRun(result: CliResult): string {
  return `exit ${result.code}\n--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout}`;
}

describe('paysetup: operator errors (child process)', () => {
  let store: TempStore;

  beforeAll(() => {
    store = tempStore();
  });
  afterAll(() => {
    store.remove();
  });

  describe('a store path under a regular file', () => {
    let path: string;

    beforeAll(() => {
      const file = join(store.dir, 'not-a-directory');
      writeFileSync(file, 'plain file\n');
      path = join(file, 'nested', 'paysetup.db');
    });

    it.each([
      ['chat', ['chat', '--team', 'x', '--locale', 'de']],
      ['status', ['status', '--team', 'x', '--json']],
    ])('%s exits non-zero and names the path, without a stack trace', async (_name, args) => {
      const result = await runCli([...args, '--store', `sqlite:${path}`], { input: ['1'] });
      expect(result.signal).toBeNull();
      expect(result.code === 0 || result.code === null ? describeRun(result) : 'non-zero').toBe('non-zero');
      expect(result.stderr).toContain(path);
      expect(result.stderr).not.toMatch(STACK_TRACE);
      expect(result.stdout).not.toContain(raw('de', 'notice.start.started'));
    });
  });

  describe('a team the store does not know', () => {
    it.each(['de', 'en'] as const)('status exits 1 with the unknown-team text (%s)', async (locale) => {
      const team = 'no-such-team';
      const result = await runCli([
        'status',
        '--team',
        team,
        '--json',
        '--locale',
        locale,
        '--store',
        store.url,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`${t(locale, 'status.unknownTeam', { team })}\n`);
      expect(result.stdout).toBe('');
    });

    it('report exits 1 and says the team is unknown', async () => {
      const team = 'no-such-team';
      const result = await runCli(['report', '--team', team, '--locale', 'en', '--store', store.url]);
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).toContain(t('en', 'status.unknownTeam', { team }));
      expect(result.stderr).not.toMatch(STACK_TRACE);
    });
  });

  describe('a database locked by another connection', () => {
    const team = 'locked';

    it('prints the localized store error, does not crash, and loses nothing', async () => {
      const first = await chat(store, team, 'de', ['1,2']);
      expect(first.code).toBe(0);
      const before = await snapshot(store, team);

      const db = new Database(store.file);
      let locked: CliResult;
      try {
        db.exec('BEGIN EXCLUSIVE');
        locked = await chat(store, team, 'de', ['sofort']);
      } finally {
        if (db.inTransaction) db.exec('ROLLBACK');
        db.close();
      }

      expect(locked.code === 0 ? 'exit 0' : describeRun(locked)).toBe('exit 0');
      expect(locked.stdout).toContain(t('de', 'cli.storeError', { code: 'STORE_LOCKED' }));
      expect(locked.stderr).not.toMatch(STACK_TRACE);
      expect(locked.stderr).not.toContain('unexpected error');
      expect(
        locked.stdout.trimEnd().endsWith(t('de', 'cli.bye', { command: `npm run chat -- --team ${team}` })),
      ).toBe(true);

      // Once the lock is gone: nothing changed, nothing lost, and the chat picks up where the team left off.
      expect(await snapshot(store, team)).toEqual(before);
      const again = await chat(store, team, 'de', []);
      expect(again.code).toBe(0);
      expect(questionAfter(again.stdout, raw('de', 'notice.start.resumed'))).toBe(
        questionLine('de', 2, null, 'processing'),
      );
    }, 40_000);
  });
});
