import type {
  DueKey,
  KeyValueStore,
  ListOptions,
  ListPage,
  PutOptions,
  PutResult,
  StoredValue,
  StoreHealth,
} from '../../../src/store/port';

/**
 * A store wrapper for races and orderings: a barrier makes the next N reads of a key wait for one another (so N
 * requests really load the same version at once), and a timeline records when writes land.
 */
export class GatedStore implements KeyValueStore {
  readonly description: string;
  /** Writes refused because someone else wrote first. */
  mismatches = 0;
  private barrierState: { prefix: string; waiting: (() => void)[]; size: number } | null = null;

  constructor(
    private readonly inner: KeyValueStore,
    /** Called after each write lands (ok or not), for ordering assertions. */
    private readonly onPut?: (key: string, result: PutResult) => void,
  ) {
    this.description = `gated ${inner.description}`;
  }

  /** The next `size` reads of keys starting with `prefix` are held until all `size` have arrived. */
  barrier(prefix: string, size: number): void {
    this.barrierState = { prefix, waiting: [], size };
  }

  async get(key: string): Promise<StoredValue | null> {
    const gate = this.barrierState;
    if (gate && key.startsWith(gate.prefix)) {
      await new Promise<void>((resolve) => {
        const open = () => {
          if (this.barrierState === gate) this.barrierState = null;
          for (const release of gate.waiting.splice(0)) release();
        };
        gate.waiting.push(resolve);
        if (gate.waiting.length >= gate.size) open();
        // Never hang a test on a barrier that does not fill: the race then simply did not happen (and asserts say so).
        else setTimeout(open, 5000).unref();
      });
    }
    return this.inner.get(key);
  }

  async put(
    key: string,
    value: string,
    expectedVersion: number | null,
    options?: PutOptions,
  ): Promise<PutResult> {
    const result = await this.inner.put(key, value, expectedVersion, options);
    if (!result.ok) this.mismatches += 1;
    this.onPut?.(key, result);
    return result;
  }

  list(prefix: string, options?: ListOptions): Promise<ListPage> {
    return this.inner.list(prefix, options);
  }

  due(before: number, limit: number): Promise<DueKey[]> {
    return this.inner.due(before, limit);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
