import { resolve } from 'node:path';
import { MemoryStore } from './MemoryStore';
import { type KeyValueStore, StoreError } from './port';

export const DEFAULT_STORE_URL = 'sqlite:./data/paysetup.db';

interface SchemeEntry {
  /** Shown in error messages, e.g. `sqlite:<path>`. */
  usage: string;
  /** `rest` is everything after `<scheme>:`; `url` is the whole (trimmed) URL. */
  open(rest: string, url: string, options: OpenOptions): KeyValueStore | Promise<KeyValueStore>;
}

export interface OpenOptions {
  /**
   * How long an embedded store waits for another process's lock before it reports STORE_LOCKED. Request paths keep
   * the short default (Slack's 3-second budget); an operator's command can afford to wait longer.
   * @default SqliteStore's DEFAULT_LOCK_WAIT_MS (1.5 s)
   */
  lockWaitMs?: number;
}

/** Scheme (lower case, without the colon) → factory. Networked stores' drivers are loaded only when their scheme is used. */
const SCHEMES: Record<string, SchemeEntry> = {
  memory: {
    usage: 'memory:',
    open(rest, url) {
      if (rest !== '') throw badUrl(url, 'memory: takes no arguments');
      return new MemoryStore();
    },
  },
  sqlite: {
    usage: 'sqlite:<path>',
    open(rest, url, options) {
      if (rest === '') throw badUrl(url, 'sqlite: needs a file path, e.g. sqlite:./data/paysetup.db');
      if (rest.startsWith('//')) {
        throw badUrl(
          url,
          'write sqlite:<path> without "//", e.g. sqlite:./data/paysetup.db or sqlite:/var/lib/x.db',
        );
      }
      // Loaded only when asked for: the native driver is not bundled where a shared store is used (Lambda).
      const { SqliteStore } = require('./SqliteStore') as typeof import('./SqliteStore');
      return new SqliteStore(
        resolve(process.cwd(), rest),
        options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs },
      );
    },
  },
  dynamodb: {
    usage: 'dynamodb://<table>?region=<region>[&endpoint=…][&partition=…]',
    open(_rest, url) {
      // Loaded only when asked for: the AWS SDK costs start-up time where the store is another one.
      const { DynamoStore } = require('./DynamoStore') as typeof import('./DynamoStore');
      return DynamoStore.fromUrl(url);
    },
  },
  // Redis shared by several processes; the driver is loaded only when asked for. `rediss` is Redis over TLS.
  redis: {
    usage: 'redis://host:port[/db][?prefix=…]',
    open: (_rest, url) => (require('./RedisStore') as typeof import('./RedisStore')).RedisStore.open(url),
  },
  rediss: {
    usage: 'rediss://host:port[/db][?prefix=…]',
    open: (_rest, url) => (require('./RedisStore') as typeof import('./RedisStore')).RedisStore.open(url),
  },
};

/** Supported URL forms, for messages and `--help` texts. */
export const SUPPORTED_STORE_URLS: readonly string[] = Object.values(SCHEMES).map((entry) => entry.usage);

/**
 * Opens the store a URL names:
 * - `memory:` — this process only, gone when it exits (tests, trials);
 * - `sqlite:<path>` — the embedded default; relative paths are relative to the current directory;
 * - `redis://host:port[/db][?prefix=…]`, `rediss://…` for TLS — shared by several processes;
 * - `dynamodb://<table>?region=…[&endpoint=…][&partition=…]` — shared by Lambda functions.
 * Rejects with StoreError STORE_BAD_URL for anything else, and with the store's own StoreError if it cannot be opened.
 * Asynchronous because networked stores connect before they are ready.
 */
export async function openStore(url: string, options: OpenOptions = {}): Promise<KeyValueStore> {
  const trimmed = url.trim();
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(trimmed);
  const entry = match ? SCHEMES[match[1]?.toLowerCase() ?? ''] : undefined;
  if (!match || !entry) throw badUrl(trimmed, 'unsupported scheme');
  return entry.open(match[2] ?? '', trimmed, options);
}

function badUrl(url: string, problem: string): StoreError {
  return new StoreError(
    'STORE_BAD_URL',
    `Invalid store URL "${redact(url)}": ${problem}. Supported: ${SUPPORTED_STORE_URLS.join(', ')}.`,
    `Set the store URL to one of ${SUPPORTED_STORE_URLS.join(', ')} (default: ${DEFAULT_STORE_URL}).`,
  );
}

/** Hides credentials (`scheme://user:secret@host`) so a mistyped URL never ends up in a log with its password. */
function redact(url: string): string {
  return url.replace(/^([^:]*:\/\/)[^@/]*@/, '$1***@');
}
