import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import Database from 'better-sqlite3';
import { DialogEngine, teamRecordKey } from '../../src/core/engine';
import { DynamoStore } from '../../src/store/DynamoStore';
import { DYNAMO_TABLE_SCHEMA } from '../../src/store/dynamo-schema';
import { listAll } from '../../src/store/list-all';
import type { KeyValueStore } from '../../src/store/port';
import { SqliteStore } from '../../src/store/SqliteStore';
import { type CliResult, runCli, STACK_TRACE, statusJson, type TempStore, tempStore } from '../helpers/cli';
import { ANNA, answerFor, BEN, flow } from '../helpers/dialog';
import { type Dynalite, startDynalite, uniquePartition } from '../store/dynalite';

/**
 * `paysetup init-store` and `paysetup migrate-store` as an operator runs them: `node bin/paysetup` as a child process,
 * against dynalite started in this process (the child reaches it through `&endpoint=`) and SQLite files.
 */

let dyn: Dynalite;
const temps: TempStore[] = [];

beforeAll(async () => {
  dyn = await startDynalite();
});
afterAll(async () => {
  await dyn.close();
  for (const temp of temps.splice(0)) temp.remove();
});

function temp(): TempStore {
  const made = tempStore('paysetup-store-cli-');
  temps.push(made);
  return made;
}

const describeRun = (r: CliResult) =>
  `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;

/** stderr without the AWS SDK's notice that its releases after January 2027 need Node 22 (printed once on Node 20). */
const ownStderr = (r: CliResult) =>
  r.stderr.replace(
    /\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?where the warning was created\)\n/,
    '',
  );

function expectExit(result: CliResult, code: number): void {
  if (result.code !== code) throw new Error(`expected exit ${code}, got ${describeRun(result)}`);
  expect(result.stderr).not.toMatch(STACK_TRACE);
}

/** The URL of a store on a table of its own (so that init-store has something to create). */
const tableUrl = (table: string) =>
  `dynamodb://${table}?region=${dyn.region}&endpoint=${dyn.endpoint}&partition=${uniquePartition('cli')}`;

describe('paysetup init-store', () => {
  it('DynamoDB: creates the table with the schema, says TTL is not possible on dynalite, and a second run has nothing to do', async () => {
    const table = `cli-${randomUUID().slice(0, 8)}`;
    const url = tableUrl(table);
    const first = await runCli(['init-store', '--store', url]);
    expectExit(first, 0);
    expect(first.stdout).toContain(`Created DynamoDB table "${table}" in eu-west-1 at ${dyn.endpoint}`);
    expect(first.stdout).toContain('it is ACTIVE');
    expect(first.stderr).toMatch(/warning: TTL not enabled: the endpoint does not support UpdateTimeToLive/);

    const raw = new DynamoDBClient({
      region: dyn.region,
      endpoint: dyn.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const { Table } = await raw.send(new DescribeTableCommand({ TableName: table }));
      expect(Table?.KeySchema).toEqual(DYNAMO_TABLE_SCHEMA.KeySchema);
      expect(Table?.GlobalSecondaryIndexes?.[0]).toMatchObject(
        DYNAMO_TABLE_SCHEMA.GlobalSecondaryIndexes[0] as object,
      );
    } finally {
      raw.destroy();
    }

    const second = await runCli(['init-store', '--store', url]);
    expectExit(second, 0);
    expect(second.stdout).toContain(
      `DynamoDB table "${table}" in eu-west-1 at ${dyn.endpoint} already exists`,
    );
    expect(second.stdout).toContain('Nothing to create.');
    expect(second.stdout).not.toContain('Created');
  });

  it('SQLite: creates the file and its schema; a second run says it exists', async () => {
    const store = temp();
    expect(existsSync(store.file)).toBe(false);
    const first = await runCli(['init-store', '--store', store.url]);
    expectExit(first, 0);
    expect(first.stdout).toBe(`Created SQLite database ${store.file} (table kv, index kv_due).\n`);
    const db = new Database(store.file, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'kv' }]);
    db.close();
    const second = await runCli(['init-store', '--store', store.url]);
    expectExit(second, 0);
    expect(second.stdout).toBe(
      `SQLite database ${store.file} already exists; its schema is up to date. Nothing to create.\n`,
    );
  });

  it('memory: says there is nothing to create; a bad URL fails with its reason, not a stack trace', async () => {
    const memory = await runCli(['init-store', '--store', 'memory:']);
    expectExit(memory, 0);
    expect(memory.stdout).toMatch(/^memory: nothing to create/);

    const bad = await runCli(['init-store', '--store', 'dynamodb://x?region=eu-west-1']);
    expectExit(bad, 1);
    expect(bad.stderr).toContain('Invalid store URL "dynamodb://x?region=eu-west-1"');
    expect(bad.stderr).toContain('dynamodb://<table>?region=<region>');
  });
});

describe('paysetup migrate-store', () => {
  /** A SQLite store with three teams, a record kept aside, links, and the short-lived marks of deliveries. */
  async function seeded(): Promise<{ store: TempStore; teams: string[]; keys: number }> {
    const store = temp();
    const sqlite = new SqliteStore(store.file);
    try {
      const engine = new DialogEngine({ store: sqlite, defaultLocale: 'de' });
      const teams = ['slack:T1:C1', 'slack:T1:C2', 'terminal:Müller & Söhne'];
      for (const [i, team] of teams.entries()) {
        const meta = { actor: i === 1 ? BEN : ANNA, channel: 'test', idempotencyKey: `${team}:start` };
        let reply = await engine.handle(team, { type: 'START' }, meta);
        for (let turn = 0; turn < i * 2 && reply.question; turn += 1) {
          for (const input of answerFor(flow, reply.question.id))
            reply = await engine.handle(team, input, { actor: ANNA, channel: 'test' });
        }
      }
      await sqlite.put('aside:slack:T1:C1:2026-11-27T10:00:00.000Z', '{not json', null);
      await sqlite.put('link:user:amzn1.ask.account.X', '{"team":"slack:T1:C1","linkedAt":"2026"}', null);
      await sqlite.put('link:code:123456', '{"team":"slack:T1:C1"}', null);
      await sqlite.put('delivery:Ev123', '{"state":"done","at":1}', null, { ttlMs: 3600_000 });
      const keys = (await listAll(sqlite, '')).length;
      return { store, teams, keys };
    } finally {
      await sqlite.close();
    }
  }

  async function contents(store: KeyValueStore): Promise<Record<string, string>> {
    return Object.fromEntries((await listAll(store, '')).map((item) => [item.key, item.value]));
  }

  it('SQLite → DynamoDB: copies teams, kept-aside records and links, skips delivery marks, verifies; idempotent; a conflict is reported, not overwritten', async () => {
    const { store: source, teams, keys } = await seeded();
    const partition = uniquePartition('migrate');
    const target = dyn.url(partition);
    const dynamo = new DynamoStore({
      table: dyn.table,
      region: dyn.region,
      endpoint: dyn.endpoint,
      partition,
    });
    try {
      const first = await runCli(['migrate-store', '--from', source.url, '--to', target]);
      expectExit(first, 0);
      // 3 team records, 1 kept aside, 2 links; 3 engine marks (one START each with a delivery id) and 1 Slack claim.
      expect(keys).toBe(10);
      expect(first.stdout).toContain(`Copying from sqlite:${source.file}\n          to ${target}\n`);
      expect(first.stdout).toMatch(/ {2}team: +3 copied, 0 already there, 0 conflicts\n/);
      expect(first.stdout).toMatch(/ {2}aside: +1 copied/);
      expect(first.stdout).toMatch(/ {2}link: +2 copied/);
      expect(first.stdout).toMatch(
        / {2}applied: +3 skipped \(delivery marks of the engine: short-lived, not copied\)/,
      );
      expect(first.stdout).toMatch(/ {2}delivery: +1 skipped \(Slack delivery claims/);
      expect(first.stdout).toContain(
        'Read 10 keys: 6 copied, 0 already there, 0 conflicts, 4 skipped; verified 6 of 6 at the target.\n',
      );
      expect(ownStderr(first)).toBe('');

      // The target holds exactly what was copied, and the operator views read the same from it.
      const sqlite = new SqliteStore(source.file);
      const fromSqlite = await contents(sqlite);
      await sqlite.close();
      const atTarget = await contents(dynamo);
      expect(atTarget).toEqual(
        Object.fromEntries(
          Object.entries(fromSqlite).filter(
            ([key]) => !key.startsWith('applied:') && !key.startsWith('delivery:'),
          ),
        ),
      );
      for (const team of teams) {
        expect(await statusJson({ url: target } as TempStore, team)).toEqual(await statusJson(source, team));
      }

      // Again: nothing changes.
      const second = await runCli(['migrate-store', '--from', source.url, '--to', target]);
      expectExit(second, 0);
      expect(second.stdout).toContain(
        'Read 10 keys: 0 copied, 6 already there, 0 conflicts, 4 skipped; verified 6 of 6 at the target.\n',
      );
      expect(await contents(dynamo)).toEqual(atTarget);

      // A team goes on at the target meanwhile: the next run reports the conflict and keeps the target's value.
      const engine = new DialogEngine({ store: dynamo });
      await engine.handle(
        teams[0] as string,
        { type: 'SNOOZE', until: '2026-12-24T00:00:00.000Z' },
        {
          actor: BEN,
          channel: 'test',
        },
      );
      const changed = (await dynamo.get(teamRecordKey(teams[0] as string)))?.value;
      const third = await runCli(['migrate-store', '--from', source.url, '--to', target]);
      expectExit(third, 1);
      expect(third.stdout).toMatch(/ {2}team: +0 copied, 2 already there, 1 conflict\n/);
      expect(third.stdout).toContain('0 copied, 5 already there, 1 conflict, 4 skipped; verified 5 of 5');
      expect(third.stderr).toContain(
        `conflict: ${teamRecordKey(teams[0] as string)}: the target holds another value; not overwritten.\n`,
      );
      expect((await dynamo.get(teamRecordKey(teams[0] as string)))?.value).toBe(changed);
    } finally {
      await dynamo.close();
    }
  });

  it('SQLite → SQLite: a copy that reads the same, and a second run that changes nothing', async () => {
    const { store: source, teams } = await seeded();
    const target = temp();
    const first = await runCli(['migrate-store', '--from', source.url, '--to', target.url]);
    expectExit(first, 0);
    expect(first.stdout).toContain('6 copied, 0 already there, 0 conflicts, 4 skipped; verified 6 of 6');
    for (const team of teams) expect(await statusJson(target, team)).toEqual(await statusJson(source, team));
    const second = await runCli(['migrate-store', '--from', source.url, '--to', target.url]);
    expectExit(second, 0);
    expect(second.stdout).toContain('0 copied, 6 already there, 0 conflicts, 4 skipped; verified 6 of 6');
    expect(existsSync(join(target.dir, 'paysetup.db'))).toBe(true);
  });

  it('needs --from and --to, and refuses to copy a store onto itself', async () => {
    const missing = await runCli(['migrate-store', '--from', 'memory:']);
    expectExit(missing, 2);
    expect(missing.stderr).toContain('migrate-store needs --from URL and --to URL');
    const store = temp();
    const same = await runCli([
      'migrate-store',
      '--from',
      store.url,
      '--to',
      `sqlite:${store.dir}/./paysetup.db`,
    ]);
    expectExit(same, 2);
    expect(same.stderr).toContain('--from and --to are the same store');
  });
});
