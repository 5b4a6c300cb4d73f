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
}

/** Whether a store can be used right now; when not, why (for `/healthz` and the operator). */
export type StoreHealth = { ok: true } | { ok: false; code: StoreErrorCode; reason: string };

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
  /** Every key starting with `prefix`, in key order (expired values left out). */
  list(prefix: string): Promise<ListedValue[]>;
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
