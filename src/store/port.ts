/**
 * The key-value port every progress store implements. Values are opaque strings (the engine stores JSON);
 * every write carries the version it expects, so two processes cannot silently overwrite each other.
 */
export interface StoredValue {
  value: string;
  /** Monotonic version of the value; 1 after the first write. */
  version: number;
}

export type PutResult = { ok: true; version: number } | { ok: false; reason: 'version-mismatch' };

export interface ListedValue extends StoredValue {
  key: string;
}

export interface PutOptions {
  /**
   * How long the value lives, in ms from the write, by the store's own clock (Redis keeps a TTL, others an expiry
   * time). After that it counts as absent: reads do not return it, a create (`expectedVersion` null) may replace it,
   * and the store purges it later. Absent: the value never expires.
   */
  ttlMs?: number;
  /**
   * When this value falls due (ms since the epoch), for `due()`: written atomically with the value, and replaced by
   * every write of the key. Absent: the value is not due (a due time it had is cleared).
   */
  dueAt?: number;
}

/** A page of `list`: at most `limit` items in key order; `next` (the last key) when more may follow. */
export interface ListPage {
  items: ListedValue[];
  next?: string;
}

export interface ListOptions {
  /** At most this many items. @default DEFAULT_LIST_LIMIT; more than MAX_LIST_LIMIT is cut to it */
  limit?: number;
  /** Start after this key (the `next` of the previous page). */
  after?: string;
}

export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

/** A key that is due, and when. */
export interface DueKey {
  key: string;
  dueAt: number;
}

/** Whether a store can be used right now; when not, why (for `/healthz` and the operator). */
export type StoreHealth = { ok: true } | { ok: false; code: StoreErrorCode; reason: string };

/** The page size `list` uses for `options.limit`, within 1..MAX_LIST_LIMIT. */
export function pageSize(options?: ListOptions): number {
  const limit = options?.limit ?? DEFAULT_LIST_LIMIT;
  return Math.max(1, Math.min(MAX_LIST_LIMIT, Math.floor(limit)));
}

export interface KeyValueStore {
  /** Human-readable name of the implementation and its location, for logs and errors (never secrets). */
  readonly description: string;
  get(key: string): Promise<StoredValue | null>;
  /**
   * Writes `value` if the stored version equals `expectedVersion`; `null` means "only if the key does not exist yet"
   * (or has expired). Returns the new version, or `{ ok: false }` when someone else wrote first.
   */
  put(key: string, value: string, expectedVersion: number | null, options?: PutOptions): Promise<PutResult>;
  /** Removes a key; nothing happens when it does not exist. */
  delete(key: string): Promise<void>;
  /**
   * The keys starting with `prefix`, in key order (UTF-8 byte order), one bounded page at a time; expired values left
   * out. No request path reads more than a page: `listAll` (list-all.ts) pages through for tools that need all.
   */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  /** At most `limit` keys whose due time is at or before `before`, earliest first (expired values left out). */
  due(before: number, limit: number): Promise<DueKey[]>;
  /** Checks the store without writing: reachable, not locked, the file still the one that was opened. */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

/** Stable codes of store failures, for logs and for the adapters' error boundaries. */
export type StoreErrorCode = 'STORE_UNAVAILABLE' | 'STORE_LOCKED' | 'STORE_BAD_URL';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** What an operator can do about it. */
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
