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

export interface MemoryStoreOptions {
  /** Artificial latency (ms) before every get/put/list, to simulate a slow store in tests. Default 0. */
  delayMs?: number;
  /** The clock expiry is measured against (tests move it). @default () => Date.now() */
  now?: () => number;
}

interface Entry extends StoredValue {
  /** Epoch ms from which the entry counts as absent. */
  expiresAt?: number;
  /** Epoch ms at which the value falls due (`due()`). */
  dueAt?: number;
}

/** UTF-8 byte order, as SQLite's BINARY collation, Redis and DynamoDB sort keys. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * In-process store for tests and demos only: everything is lost when the process exits and it cannot be shared between processes.
 */
export class MemoryStore implements KeyValueStore {
  readonly description = 'memory: (in-process, not persisted)';
  private readonly entries = new Map<string, Entry>();
  private readonly delayMs: number;
  private readonly now: () => number;
  private down = false;
  private closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    const delayMs = options.delayMs ?? 0;
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new RangeError(`MemoryStore delayMs must be a non-negative number, got ${delayMs}`);
    }
    this.delayMs = delayMs;
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * Test hook: while down, get/put/list reject with StoreError('STORE_UNAVAILABLE'); the data is kept and
   * comes back with `setDown(false)`. close() still succeeds, so test teardown never fails.
   */
  setDown(down: boolean): void {
    this.down = down;
  }

  async get(key: string): Promise<StoredValue | null> {
    await this.ready();
    const entry = this.live(key);
    return entry ? { value: entry.value, version: entry.version } : null;
  }

  async put(
    key: string,
    value: string,
    expectedVersion: number | null,
    options: PutOptions = {},
  ): Promise<PutResult> {
    await this.ready();
    // From here on everything is synchronous, so the compare-and-set is atomic.
    const current = this.live(key);
    const currentVersion = current ? current.version : null;
    if (currentVersion !== expectedVersion) return { ok: false, reason: 'version-mismatch' };
    const version = (currentVersion ?? 0) + 1;
    this.entries.set(key, {
      value,
      version,
      ...(options.ttlMs !== undefined ? { expiresAt: this.now() + options.ttlMs } : {}),
      ...(options.dueAt !== undefined ? { dueAt: options.dueAt } : {}),
    });
    this.purge();
    return { ok: true, version };
  }

  async delete(key: string): Promise<void> {
    await this.ready();
    this.entries.delete(key);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    await this.ready();
    const limit = pageSize(options);
    const after = options?.after;
    const keys = [...this.entries.keys()]
      .filter((key) => key.startsWith(prefix) && (after === undefined || byBytes(key, after) > 0))
      .sort(byBytes);
    const items: ListedValue[] = [];
    for (const key of keys) {
      const entry = this.live(key);
      if (!entry) continue;
      if (items.length === limit) return { items, next: items[items.length - 1]?.key as string };
      items.push({ key, value: entry.value, version: entry.version });
    }
    return { items };
  }

  async due(before: number, limit: number): Promise<DueKey[]> {
    await this.ready();
    const due: DueKey[] = [];
    for (const key of [...this.entries.keys()]) {
      const entry = this.live(key);
      if (entry?.dueAt !== undefined && entry.dueAt <= before) due.push({ key, dueAt: entry.dueAt });
    }
    return due.sort((a, b) => a.dueAt - b.dueAt || byBytes(a.key, b.key)).slice(0, Math.max(0, limit));
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, code: 'STORE_UNAVAILABLE', reason: 'closed' };
    if (this.down) return { ok: false, code: 'STORE_UNAVAILABLE', reason: 'down (simulated outage)' };
    return { ok: true };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The entry, unless it has expired (an expired one is dropped on the way). */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private lastPurge = 0;

  /** Drops expired entries, at most once a minute. */
  private purge(): void {
    const now = this.now();
    if (now - this.lastPurge < 60_000) return;
    this.lastPurge = now;
    for (const [key, entry] of this.entries)
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.entries.delete(key);
  }

  private async ready(): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.closed) {
      throw new StoreError(
        'STORE_UNAVAILABLE',
        'Memory store is closed.',
        'The store was used after close(); this is a programming error.',
      );
    }
    if (this.down) {
      throw new StoreError(
        'STORE_UNAVAILABLE',
        'Memory store is down (simulated outage).',
        'This is a test double: call setDown(false) to bring it back.',
      );
    }
  }
}
