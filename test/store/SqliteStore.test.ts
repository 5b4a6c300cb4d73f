import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { StoreError } from '../../src/store/port';
import { SqliteStore } from '../../src/store/SqliteStore';
import { describeStoreContract } from './contract';

const execFileAsync = promisify(execFile);
const projectRoot = resolve(__dirname, '../..');
const childScript = join(__dirname, 'fixtures', 'sqlite-child.ts');

function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'paysetup-sqlite-'));
}

function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to reject');
    },
    (error: unknown) => error,
  );
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

async function runChild(dbPath: string, key: string, value: string): Promise<unknown> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', childScript, dbPath, key, value],
    {
      cwd: projectRoot,
      timeout: 30_000,
    },
  );
  return JSON.parse(stdout);
}

describeStoreContract('SqliteStore', async () => {
  const dir = makeTempDir();
  let offset = 0;
  try {
    return {
      store: new SqliteStore(join(dir, 'store.db'), { now: () => Date.now() + offset }),
      cleanup: async () => removeDir(dir),
      advance: (ms: number) => {
        offset += ms;
      },
    };
  } catch (error) {
    removeDir(dir);
    throw error;
  }
});

describe('SqliteStore', () => {
  let dir: string;
  const open: { close(): unknown }[] = [];

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(async () => {
    for (const handle of open.splice(0).reverse()) await handle.close();
    removeDir(dir);
  });

  function track<T extends { close(): unknown }>(handle: T): T {
    open.push(handle);
    return handle;
  }

  it('creates missing parent directories and describes itself by absolute path', async () => {
    const file = join(dir, 'nested', 'deeper', 'paysetup.db');
    const store = track(new SqliteStore(file));
    expect(store.path).toBe(file);
    expect(store.description).toBe(`sqlite:${file}`);
    await store.put('team/a', 'a', null);
    await expect(store.get('team/a')).resolves.toEqual({ value: 'a', version: 1 });
  });

  it('runs in WAL mode with the kv table', () => {
    const file = join(dir, 'wal.db');
    track(new SqliteStore(file));
    const probe = track(new Database(file, { readonly: true }));
    expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
    const columns = probe.prepare('PRAGMA table_info(kv)').all() as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }[];
    expect(columns.map(({ name, type, notnull, pk }) => ({ name, type, notnull, pk }))).toEqual([
      { name: 'key', type: 'TEXT', notnull: 0, pk: 1 },
      { name: 'value', type: 'TEXT', notnull: 1, pk: 0 },
      { name: 'version', type: 'INTEGER', notnull: 1, pk: 0 },
      { name: 'updated_at', type: 'TEXT', notnull: 1, pk: 0 },
      { name: 'expires_at', type: 'INTEGER', notnull: 0, pk: 0 },
      { name: 'due_at', type: 'INTEGER', notnull: 0, pk: 0 },
    ]);
    // The due index holds only the keys that are due (a partial index), so the reminder sweep reads no other row.
    const index = probe
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'kv_due'")
      .get() as {
      sql: string;
    };
    expect(index.sql).toMatch(/ON kv \(due_at\) WHERE due_at IS NOT NULL/);
    expect(
      (
        probe
          .prepare('EXPLAIN QUERY PLAN SELECT key FROM kv WHERE due_at IS NOT NULL AND due_at <= 5')
          .all() as {
          detail: string;
        }[]
      )
        .map((row) => row.detail)
        .join(' '),
    ).toMatch(/kv_due/);
  });

  it('opens a file written before values could expire, adding the column and keeping every row', async () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.exec(
      'CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL)',
    );
    old
      .prepare('INSERT INTO kv VALUES (?, ?, ?, ?)')
      .run('team:a', '{"old":true}', 4, '2026-11-01T00:00:00.000Z');
    old.close();
    const store = track(new SqliteStore(file));
    await expect(store.get('team:a')).resolves.toEqual({ value: '{"old":true}', version: 4 });
    await expect(store.put('team:a', '{"new":true}', 4)).resolves.toEqual({ ok: true, version: 5 });
  });

  it('records updated_at as an ISO timestamp', async () => {
    const file = join(dir, 'ts.db');
    const store = track(new SqliteStore(file));
    await store.put('team/a', 'a', null);
    const probe = track(new Database(file, { readonly: true }));
    const row = probe.prepare('SELECT updated_at FROM kv WHERE key = ?').get('team/a') as {
      updated_at: string;
    };
    expect(new Date(row.updated_at).toISOString()).toBe(row.updated_at);
  });

  it('keeps progress across processes: a child process reads and updates what this one wrote', async () => {
    const file = join(dir, 'restart.db');
    const first = new SqliteStore(file);
    await first.put('team/acme', '{"step":2}', null);
    await first.close();

    await expect(runChild(file, 'team/acme', '{"step":3,"note":"Grüße 🎉"}')).resolves.toEqual({
      before: { value: '{"step":2}', version: 1 },
      result: { ok: true, version: 2 },
    });

    const reopened = track(new SqliteStore(file));
    await expect(reopened.get('team/acme')).resolves.toEqual({
      value: '{"step":3,"note":"Grüße 🎉"}',
      version: 2,
    });
  });

  it('detects a write by another process while this one keeps the file open (no lost update)', async () => {
    const file = join(dir, 'shared.db');
    const store = track(new SqliteStore(file));
    await store.put('team/acme', 'mine v1', null);
    await expect(runChild(file, 'team/acme', 'theirs v2')).resolves.toMatchObject({
      result: { ok: true, version: 2 },
    });
    await expect(store.put('team/acme', 'mine v2', 1)).resolves.toEqual({
      ok: false,
      reason: 'version-mismatch',
    });
    await expect(store.get('team/acme')).resolves.toEqual({ value: 'theirs v2', version: 2 });
  });

  it('fails with STORE_UNAVAILABLE naming the path when the directory cannot be created', () => {
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, 'just a file');
    const file = join(blocker, 'sub', 'paysetup.db');
    const error = thrown(() => new SqliteStore(file));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', name: 'StoreError' });
    const storeError = error as StoreError;
    expect(storeError.message).toContain(file);
    expect(storeError.hint).toContain(file);
    expect(storeError.cause).toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
  });

  it('fails with STORE_UNAVAILABLE naming the path when the path is a directory', () => {
    const error = thrown(() => new SqliteStore(dir));
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining(dir) });
    expect((error as StoreError).cause).toBeDefined();
  });

  it('fails with STORE_UNAVAILABLE naming the path when the file is not a SQLite database', () => {
    const file = join(dir, 'garbage.db');
    writeFileSync(
      file,
      'this is not a database, just some text that is long enough to have a header'.repeat(20),
    );
    const error = thrown(() => new SqliteStore(file));
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining(file) });
    expect((error as StoreError).cause).toMatchObject({ code: 'SQLITE_NOTADB' });
  });

  it('fails with STORE_LOCKED when another connection holds an exclusive transaction, and recovers after', async () => {
    const file = join(dir, 'locked.db');
    const store = track(new SqliteStore(file, { lockWaitMs: 100 }));
    await store.put('team/a', 'a', null);

    const other = track(new Database(file));
    other.exec('BEGIN EXCLUSIVE');
    other.prepare('UPDATE kv SET value = ? WHERE key = ?').run('other', 'team/a');

    const error = await rejection(store.put('team/a', 'mine', 1));
    expect(error).toBeInstanceOf(StoreError);
    const storeError = error as StoreError;
    expect(storeError.code).toBe('STORE_LOCKED');
    expect(storeError.message).toContain(file);
    expect(storeError.message).toMatch(/another process holds a lock/);
    expect(storeError.hint.length).toBeGreaterThan(0);
    expect(storeError.cause).toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
    expect(await rejection(store.put('team/b', 'b', null))).toMatchObject({ code: 'STORE_LOCKED' });

    other.exec('ROLLBACK');
    await expect(store.put('team/a', 'mine', 1)).resolves.toEqual({ ok: true, version: 2 });
    await expect(store.get('team/a')).resolves.toEqual({ value: 'mine', version: 2 });
  });

  it('opens a file another process is writing to, and reads it, without waiting for the write lock', async () => {
    const file = join(dir, 'busy-open.db');
    const first = track(new SqliteStore(file, { lockWaitMs: 50 }));
    await first.put('team/a', 'a', null);
    // A writer in the middle of a transaction (another paysetup process saving a turn).
    const other = track(new Database(file));
    other.exec('BEGIN IMMEDIATE');
    other.prepare('UPDATE kv SET value = ? WHERE key = ?').run('other', 'team/a');
    // The operator's `paysetup status` opens the same file meanwhile: opening writes nothing when the schema is
    // there, and in WAL mode a read never waits for a writer.
    const reader = track(new SqliteStore(file, { lockWaitMs: 50 }));
    await expect(reader.get('team/a')).resolves.toEqual({ value: 'a', version: 1 });
    other.exec('COMMIT');
  });

  it('waits for a lock without blocking the event loop: other work runs meanwhile', async () => {
    const file = join(dir, 'nonblocking.db');
    const store = track(new SqliteStore(file, { lockWaitMs: 400 }));
    await store.put('team/a', 'a', null);
    const other = track(new Database(file));
    other.exec('BEGIN EXCLUSIVE');
    // Count how often a 10 ms timer gets to run while the write waits for the lock.
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 10);
    const write = store.put('team/a', 'mine', 1);
    const healthWhileLocked = await store.health();
    const error = await rejection(write);
    clearInterval(timer);
    other.exec('ROLLBACK');
    expect(error).toMatchObject({ code: 'STORE_LOCKED' });
    // A blocking wait would have let no timer run at all; the asynchronous one lets many run.
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect(healthWhileLocked).toMatchObject({ ok: false, code: 'STORE_LOCKED' });
    await expect(store.put('team/a', 'mine', 1)).resolves.toEqual({ ok: true, version: 2 });
  });

  it('refuses every read and write while the database file is deleted, and opens it again when it is put back', async () => {
    const file = join(dir, 'deleted.db');
    const store = track(new SqliteStore(file));
    await store.put('team/a', 'saved', null);
    await store.close();
    const backup = join(dir, 'backup.db');
    copyFileSync(file, backup);
    const running = track(new SqliteStore(file));
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });

    const refused = await rejection(running.put('team/a', 'lost?', 1));
    expect(refused).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('deleted') });
    expect(await rejection(running.get('team/a'))).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(running.health()).resolves.toMatchObject({ ok: false, code: 'STORE_UNAVAILABLE' });
    // No empty database was created in its place.
    expect(existsSync(file)).toBe(false);

    copyFileSync(backup, file);
    await expect(running.health()).resolves.toEqual({ ok: true });
    await expect(running.get('team/a')).resolves.toEqual({ value: 'saved', version: 1 });
    await expect(running.put('team/a', 'after', 1)).resolves.toEqual({ ok: true, version: 2 });
    const probe = track(new Database(file, { readonly: true }));
    expect(probe.prepare('SELECT value FROM kv WHERE key = ?').get('team/a')).toEqual({ value: 'after' });
  });

  it('follows a database file replaced under it, and refuses a replacement that is no database', async () => {
    const file = join(dir, 'replaced.db');
    const store = track(new SqliteStore(file));
    await store.put('team/a', 'first file', null);
    const other = join(dir, 'other.db');
    const second = new SqliteStore(other);
    await second.put('team/a', 'second file', null);
    await second.close();
    renameSync(other, file);
    await expect(store.get('team/a')).resolves.toEqual({ value: 'second file', version: 1 });
    writeFileSync(join(dir, 'garbage'), 'not a database at all '.repeat(100));
    renameSync(join(dir, 'garbage'), file);
    expect(await rejection(store.get('team/a'))).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('rejects an invalid lock wait', () => {
    expect(() => new SqliteStore(join(dir, 'x.db'), { lockWaitMs: -5 })).toThrow(RangeError);
  });
});
