import { type KeyValueStore, type ListedValue, type PutResult, type StoredValue, StoreError } from './port';

export interface MemoryStoreOptions {
  /** Artificial latency (ms) before every get/put/list, to simulate a slow store in tests. Default 0. */
  delayMs?: number;
}

/**
 * In-process store for tests and demos only: everything is lost when the process exits and it cannot be shared between processes.
 */
export class MemoryStore implements KeyValueStore {
  readonly description = 'memory: (in-process, not persisted)';
  private readonly entries = new Map<string, StoredValue>();
  private readonly delayMs: number;
  private down = false;
  private closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    const delayMs = options.delayMs ?? 0;
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new RangeError(`MemoryStore delayMs must be a non-negative number, got ${delayMs}`);
    }
    this.delayMs = delayMs;
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
    const entry = this.entries.get(key);
    return entry ? { value: entry.value, version: entry.version } : null;
  }

  async put(key: string, value: string, expectedVersion: number | null): Promise<PutResult> {
    await this.ready();
    // From here on everything is synchronous, so the compare-and-set is atomic.
    const current = this.entries.get(key);
    const currentVersion = current ? current.version : null;
    if (currentVersion !== expectedVersion) return { ok: false, reason: 'version-mismatch' };
    const version = (currentVersion ?? 0) + 1;
    this.entries.set(key, { value, version });
    return { ok: true, version };
  }

  async list(prefix: string): Promise<ListedValue[]> {
    await this.ready();
    const result: ListedValue[] = [];
    for (const [key, entry] of this.entries) {
      if (key.startsWith(prefix)) result.push({ key, value: entry.value, version: entry.version });
    }
    // Same order as SQLite's BINARY collation (and DynamoDB): UTF-8 byte order, i.e. code point order.
    return result.sort((a, b) => Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8')));
  }

  async close(): Promise<void> {
    this.closed = true;
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
