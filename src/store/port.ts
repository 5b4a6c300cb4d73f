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

export interface KeyValueStore {
  /** Human-readable name of the implementation and its location, for logs and errors (never secrets). */
  readonly description: string;
  get(key: string): Promise<StoredValue | null>;
  /**
   * Writes `value` if the stored version equals `expectedVersion`; `null` means "only if the key does not exist yet".
   * Returns the new version, or `{ ok: false }` when someone else wrote first.
   */
  put(key: string, value: string, expectedVersion: number | null): Promise<PutResult>;
  /** Every key starting with `prefix`, in key order. */
  list(prefix: string): Promise<ListedValue[]>;
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
