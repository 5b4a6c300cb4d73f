import { existsSync, mkdirSync, renameSync, type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import {
  type DueKey,
  type KeyValueStore,
  type ListedValue,
  type ListOptions,
  type ListPage,
  type PutOptions,
  type PutResult,
  pageSize,
  type StoredValue,
  StoreError,
  type StoreHealth,
} from './port';

/** How long an operation keeps trying while another connection holds the lock. */
export const DEFAULT_LOCK_WAIT_MS = 1500;

export interface SqliteStoreOptions {
  /**
   * How long an operation keeps retrying while another connection holds a lock, before it fails with STORE_LOCKED.
   * The driver is synchronous, so it never waits inside SQLite (that would block every other request): each try
   * fails at once and the next one is scheduled after a short pause. @default 1500
   */
  lockWaitMs?: number;
  /** The clock expiry is measured against (tests move it). @default () => Date.now() */
  now?: () => number;
}

interface Row {
  key: string;
  value: string;
  version: number;
  expires_at: number | null;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  expires_at INTEGER,
  due_at INTEGER
)`;

/** The file a connection was opened on: a file deleted or replaced under it has another identity (or none). */
type Identity = { dev: number; ino: number };
const identityOf = (stats: Stats): Identity => ({ dev: stats.dev, ino: stats.ino });

class Connection {
  readonly db: Database.Database;
  readonly identity: Identity;
  /** The `-wal` file this connection writes, once it exists: told apart from one that came with a replacement. */
  wal: Identity | null = null;
  readonly selectOne: Database.Statement<[string], Omit<Row, 'key'>>;
  readonly create: Database.Statement<[string, string, string, number | null, number | null, number]>;
  readonly update: Database.Statement<[string, string, number | null, number | null, string, number, number]>;
  readonly remove: Database.Statement<[string]>;
  readonly selectPage: Database.Statement<[string, string, number, number], Row>;
  readonly selectDue: Database.Statement<[number, number, number], { key: string; due_at: number }>;
  readonly purge: Database.Statement<[number]>;

  constructor(path: string) {
    const db = new Database(path, { timeout: 0 });
    try {
      db.pragma('busy_timeout = 0');
      // Only what is missing is written: `CREATE … IF NOT EXISTS` takes the write lock even when there is nothing to
      // create, so several processes opening one file at once (the operator commands) would queue for it. Reads
      // never wait in WAL mode.
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      const has = (type: string, name: string) =>
        db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get(type, name) !== undefined;
      if (!has('table', 'kv')) db.exec(SCHEMA);
      // Files written before values could expire lack the column: add it (older rows never expire).
      const columns = db.prepare('PRAGMA table_info(kv)').all() as { name: string }[];
      if (!columns.some((c) => c.name === 'expires_at'))
        db.exec('ALTER TABLE kv ADD COLUMN expires_at INTEGER');
      // Likewise before values could fall due; the partial index holds only the keys that are due.
      if (!columns.some((c) => c.name === 'due_at')) db.exec('ALTER TABLE kv ADD COLUMN due_at INTEGER');
      if (!has('index', 'kv_due'))
        db.exec('CREATE INDEX IF NOT EXISTS kv_due ON kv (due_at) WHERE due_at IS NOT NULL');
      this.selectOne = db.prepare('SELECT value, version, expires_at FROM kv WHERE key = ?');
      // A create also replaces a value that has expired (it counts as absent), starting again at version 1.
      this.create = db.prepare(
        `INSERT INTO kv (key, value, version, updated_at, expires_at, due_at) VALUES (?, ?, 1, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = 1, updated_at = excluded.updated_at,
           expires_at = excluded.expires_at, due_at = excluded.due_at
         WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= ?`,
      );
      this.update = db.prepare(
        `UPDATE kv SET value = ?, version = version + 1, updated_at = ?, expires_at = ?, due_at = ?
         WHERE key = ? AND version = ? AND (expires_at IS NULL OR expires_at > ?)`,
      );
      this.remove = db.prepare('DELETE FROM kv WHERE key = ?');
      // Range scan instead of LIKE (LIKE treats % and _ as wildcards and ignores ASCII case): BINARY collation orders
      // keys by UTF-8 bytes, so the keys starting with a prefix come in one run from the prefix on.
      this.selectPage = db.prepare(
        `SELECT key, value, version, expires_at FROM kv
         WHERE key >= ? AND key > ? AND (expires_at IS NULL OR expires_at > ?)
         ORDER BY key LIMIT ?`,
      );
      this.selectDue = db.prepare(
        `SELECT key, due_at FROM kv WHERE due_at IS NOT NULL AND due_at <= ? AND (expires_at IS NULL OR expires_at > ?)
         ORDER BY due_at, key LIMIT ?`,
      );
      this.purge = db.prepare('DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?');
      this.identity = identityOf(statSync(path));
      this.db = db;
    } catch (error) {
      try {
        db.close();
      } catch {
        // already failing; the original error is the one worth reporting
      }
      throw error;
    }
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Single-file SQLite store (WAL mode), safe to share between processes on one machine. Writes are
 * compare-and-set on `version`, done in one statement each, so they are atomic across processes.
 *
 * Two faults of the file are handled without a restart: a lock held by another connection is waited out
 * asynchronously (other requests go on meanwhile) up to `lockWaitMs`; a database file deleted or replaced while the
 * process runs is noticed before every operation (its identity no longer matches the open one), reads and writes are
 * refused until a valid file is there again, and then that file is opened. A fresh empty database is never created in
 * place of a vanished one: that would look like a working store that had forgotten every team.
 */
export class SqliteStore implements KeyValueStore {
  /** Absolute path of the database file. */
  readonly path: string;
  readonly description: string;
  private readonly lockWaitMs: number;
  private readonly now: () => number;
  private connection: Connection | null;
  private closed = false;
  private lastPurge = 0;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = resolve(path);
    this.description = `sqlite:${this.path}`;
    const lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    if (!Number.isInteger(lockWaitMs) || lockWaitMs < 0) {
      throw new RangeError(`SqliteStore lockWaitMs must be a non-negative integer, got ${lockWaitMs}`);
    }
    this.lockWaitMs = lockWaitMs;
    this.now = options.now ?? (() => Date.now());

    const dir = dirname(this.path);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `SQLite store at ${this.path} is unavailable: cannot create directory ${dir} (${explain(error)})`,
        unavailableHint(this.path),
        { cause: error },
      );
    }
    try {
      this.connection = new Connection(this.path);
    } catch (error) {
      throw this.wrap(error);
    }
  }

  async get(key: string): Promise<StoredValue | null> {
    return this.run((c) => {
      const row = c.selectOne.get(key);
      if (!row || this.expired(row.expires_at)) return null;
      return { value: row.value, version: row.version };
    });
  }

  async put(
    key: string,
    value: string,
    expectedVersion: number | null,
    options: PutOptions = {},
  ): Promise<PutResult> {
    return this.run((c): PutResult => {
      const now = this.now();
      const updatedAt = new Date(now).toISOString();
      const expiresAt = options.ttlMs !== undefined ? now + options.ttlMs : null;
      const dueAt = options.dueAt ?? null;
      this.purgeNow(c, now);
      if (expectedVersion === null) {
        const { changes } = c.create.run(key, value, updatedAt, expiresAt, dueAt, now);
        return changes === 1 ? { ok: true, version: 1 } : { ok: false, reason: 'version-mismatch' };
      }
      const { changes } = c.update.run(value, updatedAt, expiresAt, dueAt, key, expectedVersion, now);
      return changes === 1
        ? { ok: true, version: expectedVersion + 1 }
        : { ok: false, reason: 'version-mismatch' };
    });
  }

  async delete(key: string): Promise<void> {
    await this.run((c) => {
      c.remove.run(key);
    });
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    const limit = pageSize(options);
    return this.run((c) => {
      const rows = c.selectPage.all(prefix, options?.after ?? '', this.now(), limit + 1);
      const end = rows.findIndex((row) => !row.key.startsWith(prefix));
      const matching = end === -1 ? rows : rows.slice(0, end);
      const items: ListedValue[] = matching
        .slice(0, limit)
        .map((row) => ({ key: row.key, value: row.value, version: row.version }));
      return matching.length > limit ? { items, next: items[items.length - 1]?.key as string } : { items };
    });
  }

  async due(before: number, limit: number): Promise<DueKey[]> {
    return this.run((c) =>
      c.selectDue
        .all(before, this.now(), Math.max(0, limit))
        .map((row) => ({ key: row.key, dueAt: row.due_at })),
    );
  }

  /** One try, no waiting: the file is the one at the path, and a write could start now (no other lock holds it). */
  async health(): Promise<StoreHealth> {
    try {
      const { db } = this.current();
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
      return { ok: true };
    } catch (error) {
      const storeError = this.wrap(error);
      return { ok: false, code: storeError.code, reason: storeError.message };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    if (!connection?.db.open) return;
    try {
      connection.db.close();
    } catch (error) {
      throw this.wrap(error);
    }
  }

  private expired(expiresAt: number | null): boolean {
    return expiresAt !== null && expiresAt <= this.now();
  }

  /** Drops expired rows, at most once a minute (a write is already under way, so this costs no extra lock). */
  private purgeNow(c: Connection, now: number): void {
    if (now - this.lastPurge < 60_000) return;
    this.lastPurge = now;
    c.purge.run(now);
  }

  /**
   * Runs one operation on the connection to the file that is at `path` now. While another connection holds the lock,
   * it tries again after short pauses (never blocking the event loop), up to `lockWaitMs`.
   */
  private async run<T>(operation: (c: Connection) => T): Promise<T> {
    const deadline = performance.now() + this.lockWaitMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      try {
        const connection = this.current();
        const result = operation(connection);
        if (!connection.wal) {
          const wal = statSync(`${this.path}-wal`, { throwIfNoEntry: false });
          if (wal) connection.wal = identityOf(wal);
        }
        return result;
      } catch (error) {
        const left = deadline - performance.now();
        if (!isLocked(error) || left <= 0) throw this.wrap(error);
        await sleep(Math.min(pause, left));
      }
    }
  }

  /** The connection to the database file at `path`: reopened when the file was replaced, refused when it is gone. */
  private current(): Connection {
    if (this.closed) {
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `SQLite store at ${this.path} is closed.`,
        'The store was used after close(); this is a programming error.',
      );
    }
    const stats = statSync(this.path, { throwIfNoEntry: false });
    if (!stats) {
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `SQLite store at ${this.path} is unavailable: the database file was deleted while the server runs.`,
        `Put the database file back at ${this.path} (from a backup); the server opens it again by itself. ` +
          'Until then nothing is read or written, so nothing is shown as saved that was not saved.',
      );
    }
    const connection = this.connection;
    const same = connection && connection.identity.dev === stats.dev && connection.identity.ino === stats.ino;
    if (connection && same) return connection;
    // A different file is at the path now (put back from a backup, or replaced): open that one instead. The `-wal`
    // and `-shm` beside the path may still be the old connection's, which SQLite does not remove when its file has
    // been replaced and would replay into the new one: those are moved aside (kept, never deleted) first.
    this.connection = null;
    try {
      connection?.db.close();
    } catch {
      // the old file is gone; its connection has nothing left worth closing cleanly
    }
    const wal = statSync(`${this.path}-wal`, { throwIfNoEntry: false });
    if (wal && connection?.wal && wal.ino === connection.wal.ino && wal.dev === connection.wal.dev) {
      const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(`${this.path}${suffix}`))
          renameSync(`${this.path}${suffix}`, `${this.path}${suffix}.stale-${stamp}`);
      }
    }
    this.connection = new Connection(this.path);
    return this.connection;
  }

  private wrap(error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    if (isLocked(error)) {
      return new StoreError(
        'STORE_LOCKED',
        `SQLite store at ${this.path} is locked: another process holds a lock on the database file ` +
          `(gave up after trying for ${this.lockWaitMs} ms; ${explain(error)})`,
        'Another paysetup process (or a tool such as the sqlite3 shell) is writing to this file. Wait for it ' +
          'to finish or stop it, then retry; or give this process its own database file.',
        { cause: error },
      );
    }
    return new StoreError(
      'STORE_UNAVAILABLE',
      `SQLite store at ${this.path} is unavailable: ${explain(error)}`,
      unavailableHint(this.path),
      { cause: error },
    );
  }
}

function isLocked(error: unknown): boolean {
  const code = sqliteCode(error);
  return code?.startsWith('SQLITE_BUSY') === true || code?.startsWith('SQLITE_LOCKED') === true;
}

function unavailableHint(path: string): string {
  return (
    `Check that the directory of ${path} exists or can be created, that this process may write to it, and ` +
    'that the file (if present) is a SQLite database; or point the store URL (sqlite:<path>) at another file.'
  );
}

function sqliteCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

function explain(error: unknown): string {
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code}: ${message}` : message;
}
