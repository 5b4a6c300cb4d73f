// For bench:store — a KeyValueStore decorator that counts what goes through the port (puts, their bytes, gets,
// deletes) and, for a DynamoDB store, estimates the write capacity units each write costs.
import type {
  DueKey,
  KeyValueStore,
  ListOptions,
  ListPage,
  PutOptions,
  PutResult,
  StoredValue,
  StoreHealth,
} from '../src/store/port';

/** What the puts of one kind of key (the key up to its first colon: `team`, `applied`, …) wrote. */
export interface KindCounts {
  puts: number;
  bytes: number;
  /** DynamoDB only (estimated). */
  wcu: number;
}

export interface Counts {
  gets: number;
  puts: number;
  /** Buffer.byteLength of key + value of every put. */
  putBytes: number;
  deletes: number;
  lists: number;
  /** Puts that carried a due time (PutOptions.dueAt). */
  duePuts: number;
  /** DynamoDB only (estimated): write capacity units of the table's writes. */
  wcu: number;
  /** DynamoDB only (estimated): write capacity units of the writes to the index `due`. */
  gsiWcu: number;
  /** The puts by kind of key. */
  kinds: Record<string, KindCounts>;
}

export const noCounts = (): Counts => ({
  gets: 0,
  puts: 0,
  putBytes: 0,
  deletes: 0,
  lists: 0,
  duePuts: 0,
  wcu: 0,
  gsiWcu: 0,
  kinds: {},
});

/** The counts of one kind of key, created at the first put of that kind. */
function kindOf(counts: Counts, kind: string): KindCounts {
  let found = counts.kinds[kind];
  if (!found) {
    found = { puts: 0, bytes: 0, wcu: 0 };
    counts.kinds[kind] = found;
  }
  return found;
}

/** Adds `more` to `sum`. */
export function addCounts(sum: Counts, more: Counts): void {
  for (const field of ['gets', 'puts', 'putBytes', 'deletes', 'lists', 'duePuts', 'wcu', 'gsiWcu'] as const)
    sum[field] += more[field];
  for (const [kind, counts] of Object.entries(more.kinds)) {
    const into = kindOf(sum, kind);
    into.puts += counts.puts;
    into.bytes += counts.bytes;
    into.wcu += counts.wcu;
  }
}

/** DynamoDB's size of a number attribute value: about one byte per two significant digits, plus one. */
export function numberSize(n: number): number {
  const digits = String(Math.abs(Math.round(n)))
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return digits === '' ? 1 : 1 + Math.ceil(digits.length / 2);
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** What DynamoDB stores of one item of the DynamoStore (dynamo-schema.ts), sized as DynamoDB bills it. */
interface DynamoItemSize {
  /** The whole item: attribute names + values. */
  item: number;
  /** The index `due` entry (table keys, index keys, expiresAtMs), when the item is due. */
  index: number | null;
  dueAt: number | null;
  /** The one attribute beyond the keys the index projects (INCLUDE). */
  expiresAtMs: number | null;
}

/**
 * The size of the item DynamoStore.put writes: pk, sk, value, version; expiresAt and expiresAtMs with a TTL; dueAt
 * and dueShard with a due time. Attribute names count as UTF-8 bytes, strings as UTF-8 bytes, numbers as numberSize.
 */
export function dynamoItemSize(
  partition: string,
  key: string,
  value: string,
  version: number,
  options: PutOptions,
  now: number,
): DynamoItemSize {
  const keys = utf8('pk') + utf8(partition) + utf8('sk') + utf8(key);
  let item = keys + utf8('value') + utf8(value) + utf8('version') + numberSize(version);
  let expiresAtMs: number | null = null;
  let expirySize = 0;
  if (options.ttlMs !== undefined) {
    expiresAtMs = Math.round(now + options.ttlMs);
    expirySize = utf8('expiresAtMs') + numberSize(expiresAtMs);
    item += expirySize + utf8('expiresAt') + numberSize(Math.ceil(expiresAtMs / 1000));
  }
  if (options.dueAt === undefined) return { item, index: null, dueAt: null, expiresAtMs };
  const dueAt = Math.round(options.dueAt);
  const due = utf8('dueAt') + numberSize(dueAt) + utf8('dueShard') + utf8(partition);
  return { item: item + due, index: keys + due + expirySize, dueAt, expiresAtMs };
}

const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/**
 * Implements the port by delegating to `inner`, counting on the way. With `dynamoPartition` it also estimates WCUs:
 * a put costs 1 WCU per KB (rounded up) of the larger of the new item and the one it replaces (DynamoDB bills a
 * replacement by the larger); a conditional write costs the same, refused or not; a delete 1 WCU per KB of the item
 * deleted (1 when its size is unknown). A put of a due item also writes the index `due`: 1 WCU per KB of the projected
 * entry when it adds one or changes its projected expiresAtMs, twice that when it moves one (a changed dueAt: delete +
 * put), nothing when the entry stays as it was; and 1 per KB to remove the entry of an item no longer due.
 */
export class CountingStore implements KeyValueStore {
  counts: Counts = noCounts();
  /** Sizes of the items this store wrote (DynamoDB estimate), for replacements and deletes. */
  private readonly written = new Map<string, DynamoItemSize>();

  constructor(
    readonly inner: KeyValueStore,
    private readonly dynamoPartition?: string,
  ) {}

  get description(): string {
    return this.inner.description;
  }

  /** Hands back the counts so far and starts again from zero. */
  take(): Counts {
    const counts = this.counts;
    this.counts = noCounts();
    return counts;
  }

  get(key: string): Promise<StoredValue | null> {
    this.counts.gets += 1;
    return this.inner.get(key);
  }

  async put(
    key: string,
    value: string,
    expectedVersion: number | null,
    options?: PutOptions,
  ): Promise<PutResult> {
    const bytes = utf8(key) + utf8(value);
    const kind = kindOf(this.counts, key.split(':')[0] ?? '');
    this.counts.puts += 1;
    this.counts.putBytes += bytes;
    kind.puts += 1;
    kind.bytes += bytes;
    if (options?.dueAt !== undefined) this.counts.duePuts += 1;
    const now = Date.now();
    const result = await this.inner.put(key, value, expectedVersion, options);
    if (this.dynamoPartition !== undefined) {
      const size = dynamoItemSize(
        this.dynamoPartition,
        key,
        value,
        (expectedVersion ?? 0) + 1,
        options ?? {},
        now,
      );
      const old = this.written.get(key);
      const wcu = units(Math.max(size.item, old?.item ?? 0));
      this.counts.wcu += wcu;
      kind.wcu += wcu;
      if (result.ok) {
        if (size.index !== null) {
          const before = old?.index != null ? old : null;
          if (!before) this.counts.gsiWcu += units(size.index);
          else if (before.dueAt !== size.dueAt)
            this.counts.gsiWcu += units(before.index ?? 0) + units(size.index);
          else if (before.expiresAtMs !== size.expiresAtMs) this.counts.gsiWcu += units(size.index);
        } else if (old?.index != null) {
          this.counts.gsiWcu += units(old.index);
        }
        this.written.set(key, size);
      }
    }
    return result;
  }

  async delete(key: string): Promise<void> {
    this.counts.deletes += 1;
    await this.inner.delete(key);
    if (this.dynamoPartition !== undefined) {
      const old = this.written.get(key);
      this.counts.wcu += units(old?.item ?? 0);
      if (old?.index != null) this.counts.gsiWcu += units(old.index);
      this.written.delete(key);
    }
  }

  list(prefix: string, options?: ListOptions): Promise<ListPage> {
    this.counts.lists += 1;
    return this.inner.list(prefix, options);
  }

  due(before: number, limit: number): Promise<DueKey[]> {
    return this.inner.due(before, limit);
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
