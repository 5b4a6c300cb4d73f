import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type KeyValueStore, type ListedValue, type PutResult, type StoredValue, StoreError } from './port';

export const DEFAULT_BUSY_TIMEOUT_MS = 2000;

export interface SqliteStoreOptions {
  /** How long a statement waits for another connection's lock before failing with STORE_LOCKED. Default 2000. */
  busyTimeoutMs?: number;
}

interface Row {
  key: string;
  value: string;
  version: number;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL
)`;

/**
 * Single-file SQLite store (WAL mode), safe to share between processes on one machine. Writes are
 * compare-and-set on `version`, done in one statement each, so they are atomic across processes.
 */
export class SqliteStore implements KeyValueStore {
  /** Absolute path of the database file. */
  readonly path: string;
  readonly description: string;
  private readonly busyTimeoutMs: number;
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], Omit<Row, 'key'>>;
  private readonly insert: Database.Statement<[string, string, string]>;
  private readonly update: Database.Statement<[string, string, string, number]>;
  private readonly selectFrom: Database.Statement<[string], Row>;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = resolve(path);
    this.description = `sqlite:${this.path}`;
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new RangeError(`SqliteStore busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
    }
    this.busyTimeoutMs = busyTimeoutMs;

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

    let db: Database.Database | undefined;
    try {
      db = new Database(this.path, { timeout: busyTimeoutMs });
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      db.pragma('journal_mode = WAL');
      db.exec(SCHEMA);
      this.selectOne = db.prepare('SELECT value, version FROM kv WHERE key = ?');
      this.insert = db.prepare(
        'INSERT INTO kv (key, value, version, updated_at) VALUES (?, ?, 1, ?) ON CONFLICT (key) DO NOTHING',
      );
      this.update = db.prepare(
        'UPDATE kv SET value = ?, version = version + 1, updated_at = ? WHERE key = ? AND version = ?',
      );
      // Range scan instead of LIKE: LIKE treats % and _ as wildcards and ignores ASCII case.
      this.selectFrom = db.prepare('SELECT key, value, version FROM kv WHERE key >= ? ORDER BY key');
      this.db = db;
    } catch (error) {
      try {
        db?.close();
      } catch {
        // already failing; the original error is the one worth reporting
      }
      throw this.wrap(error);
    }
  }

  async get(key: string): Promise<StoredValue | null> {
    return this.run(() => {
      const row = this.selectOne.get(key);
      return row ? { value: row.value, version: row.version } : null;
    });
  }

  async put(key: string, value: string, expectedVersion: number | null): Promise<PutResult> {
    return this.run((): PutResult => {
      const now = new Date().toISOString();
      if (expectedVersion === null) {
        const { changes } = this.insert.run(key, value, now);
        return changes === 1 ? { ok: true, version: 1 } : { ok: false, reason: 'version-mismatch' };
      }
      const { changes } = this.update.run(value, now, key, expectedVersion);
      return changes === 1
        ? { ok: true, version: expectedVersion + 1 }
        : { ok: false, reason: 'version-mismatch' };
    });
  }

  async list(prefix: string): Promise<ListedValue[]> {
    return this.run(() => {
      const result: ListedValue[] = [];
      // BINARY collation orders keys by UTF-8 bytes, so all keys starting with `prefix` are contiguous from `prefix` on.
      for (const row of this.selectFrom.iterate(prefix)) {
        if (!row.key.startsWith(prefix)) break;
        result.push({ key: row.key, value: row.value, version: row.version });
      }
      return result;
    });
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      this.db.close();
    } catch (error) {
      throw this.wrap(error);
    }
  }

  private run<T>(operation: () => T): T {
    if (!this.db.open) {
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `SQLite store at ${this.path} is closed.`,
        'The store was used after close(); this is a programming error.',
      );
    }
    try {
      return operation();
    } catch (error) {
      throw this.wrap(error);
    }
  }

  private wrap(error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    const code = sqliteCode(error);
    if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
      return new StoreError(
        'STORE_LOCKED',
        `SQLite store at ${this.path} is locked: another process holds a lock on the database file ` +
          `(gave up after waiting ${this.busyTimeoutMs} ms; ${explain(error)})`,
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
