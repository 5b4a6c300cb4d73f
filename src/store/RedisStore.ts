import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { createClient } from 'redis';
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

/** The key prefix when the URL names none. */
export const DEFAULT_REDIS_PREFIX = 'paysetup:';
export const DEFAULT_REDIS_PORT = 6379;

export interface RedisStoreOptions {
  /**
   * How long opening the store may take: the TCP (and TLS) connection and the handshake (AUTH, SELECT). Each
   * reconnect attempt after an outage has the same bound. @default 2000
   */
  connectTimeoutMs?: number;
  /**
   * How long one operation waits for Redis's answer before it fails with STORE_UNAVAILABLE, for a Redis that is
   * frozen or a link that died without closing. A write that timed out may still have been applied (Redis answers
   * late or never); the version check keeps a retry from applying it twice. Short, because a Slack turn makes
   * a few store calls one after another before it can say "please try again". @default 500
   */
  commandTimeoutMs?: number;
  /** How long `health()` waits for its PING. @default 500 */
  healthTimeoutMs?: number;
  /** The longest pause between two reconnect attempts (they start at 50 ms and double). @default 2000 */
  maxReconnectDelayMs?: number;
  /**
   * The clock expiry is measured against, for `ttlMs` and for telling expired values from live ones on every read
   * (tests move it). Redis also deletes an expiring value by itself, at its real TTL: a clock moved ahead makes values
   * count as absent sooner, never later. @default () => Date.now()
   */
  now?: () => number;
}

/** Where a `redis://` / `rediss://` URL points, parsed and checked; credentials kept apart from the description. */
export interface RedisTarget {
  tls: boolean;
  host: string;
  port: number;
  database: number;
  username?: string;
  password?: string;
  prefix: string;
  /** The URL without credentials (`***@` in their place), for logs and errors. */
  description: string;
}

const USAGE = 'redis://[user:password@]host[:port][/db][?prefix=paysetup:] (rediss:// for TLS)';

/**
 * Parses a store URL of the `redis` or `rediss` scheme: host, port (default 6379), database number (default 0), user
 * and password (percent-encoded), and the only parameter, `prefix` (default `paysetup:`). Throws StoreError
 * STORE_BAD_URL, whose message never holds the credentials.
 */
export function parseRedisUrl(url: string): RedisTarget {
  const shown = redactUrl(url);
  const bad = (problem: string) =>
    new StoreError(
      'STORE_BAD_URL',
      `Invalid store URL "${shown}": ${problem}. Expected ${USAGE}.`,
      `Set the store URL to ${USAGE}, e.g. redis://127.0.0.1:6379/0 or rediss://user:password@cache.example.com:6380/0?prefix=paysetup:.`,
    );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('not a URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw bad('the scheme must be redis or rediss');
  if (parsed.hostname === '') throw bad('it names no host (write redis://host:port)');
  if (parsed.hash !== '') throw bad('a #fragment has no meaning here');
  const path = parsed.pathname;
  if (path !== '' && path !== '/' && !/^\/\d{1,5}$/.test(path)) {
    throw bad('the path must be a database number, e.g. /0');
  }
  const database = path.length > 1 ? Number(path.slice(1)) : 0;
  let prefix = DEFAULT_REDIS_PREFIX;
  const names = [...parsed.searchParams.keys()];
  for (const name of names) {
    if (name !== 'prefix') throw bad(`unknown parameter "${name}" (the only one is prefix)`);
  }
  if (names.length > 1) throw bad('prefix is given more than once');
  const given = parsed.searchParams.get('prefix');
  if (given !== null) {
    if (given === '') throw bad('the prefix must not be empty (every key of the store lives under it)');
    prefix = given;
  }
  let username: string | undefined;
  let password: string | undefined;
  try {
    if (parsed.username !== '') username = decodeURIComponent(parsed.username);
    if (parsed.password !== '') password = decodeURIComponent(parsed.password);
  } catch {
    throw bad('the user or password is not percent-encoded properly');
  }
  const tls = parsed.protocol === 'rediss:';
  const port = parsed.port === '' ? DEFAULT_REDIS_PORT : Number(parsed.port);
  const credentials = username !== undefined || password !== undefined ? '***@' : '';
  return {
    tls,
    // An IPv6 literal comes in brackets, which the socket does not take.
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    database,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    prefix,
    description: `${tls ? 'rediss' : 'redis'}://${credentials}${parsed.hostname}:${port}/${database}?prefix=${prefix}`,
  };
}

/**
 * Hides credentials (`scheme://user:secret@host` → `scheme://***@host`) of a URL that may not even parse: everything
 * up to the last `@`, since a password that should have been percent-encoded may hold `/`, `?` or `#`.
 */
function redactUrl(url: string): string {
  return url.replace(/^([^:]*:\/\/).*@/s, '$1***@');
}

/*
 * Layout under the prefix P (nothing outside it is ever read or written):
 *   P v:<key>   a hash per value: `value`, `version`, and `expiresAt` (ms, by the store's clock) when it expires; an
 *               expiring hash also has a real TTL (PEXPIRE) so Redis frees it even if this store never looks again.
 *   P keys      a sorted set of every key, all with score 0: Redis orders equal scores by the members' bytes, so
 *               ZRANGEBYLEX pages through the keys in UTF-8 byte order, bounded, from any key on (`list`).
 *   P due       a sorted set of the keys that fall due, scored by their due time (`due`).
 *   P expires   a sorted set of the keys that expire, scored by `expiresAt`, so that writes purge expired values and
 *               their index entries a few at a time (Redis deleting a hash by TTL leaves its index entries behind).
 * Readers skip index entries whose hash is gone or has expired, so a stale entry is never listed, only purged later.
 *
 * Every write is one Lua script, which Redis runs atomically: no other command runs between its reads and writes, so
 * the compare-and-set, the value, its TTL and the index entries always change together, across any number of
 * processes. The scripts name the value hashes they purge or read from the index without declaring them in KEYS, which
 * a single Redis (or a replicated primary) allows and Redis Cluster does not: this store is for a single primary.
 * Times are passed in (ARGV), never read from Redis's clock, so that the store's `now` decides what has expired.
 */

/** How many expired values a write removes on the way (each write adds at most one that expires, so this keeps up). */
const PURGE_PER_WRITE = 16;

/**
 * put: purge a few expired values, compare the live version with the expected one, then write value, version,
 * expiry (HSET + PEXPIRE, on a fresh hash so an old TTL or expiresAt never survives) and the three index entries. An
 * expired value counts as absent: the compare sees no version, so a create replaces it. Returns the new version, or
 * 0 when the versions differ (versions start at 1).
 * KEYS: hash, keys, due, expires. ARGV: key, value, expected version ('' = create), now, ttl in ms ('' = none),
 * expiresAt, due time ('' = none), value-hash prefix, purge limit.
 */
const PUT_SCRIPT = `
local now = tonumber(ARGV[4])
local expired = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[4], 'LIMIT', 0, tonumber(ARGV[9]))
for _, member in ipairs(expired) do
  redis.call('DEL', ARGV[8] .. member)
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZREM', KEYS[3], member)
  redis.call('ZREM', KEYS[4], member)
end
local current = redis.call('HMGET', KEYS[1], 'version', 'expiresAt')
local version = nil
if current[1] and (not current[2] or tonumber(current[2]) > now) then version = tonumber(current[1]) end
if ARGV[3] == '' then
  if version ~= nil then return 0 end
elseif version == nil or version ~= tonumber(ARGV[3]) then
  return 0
end
local nextVersion = (version or 0) + 1
redis.call('DEL', KEYS[1])
if ARGV[5] == '' then
  redis.call('HSET', KEYS[1], 'value', ARGV[2], 'version', nextVersion)
  redis.call('ZREM', KEYS[4], ARGV[1])
else
  redis.call('HSET', KEYS[1], 'value', ARGV[2], 'version', nextVersion, 'expiresAt', ARGV[6])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1])
end
redis.call('ZADD', KEYS[2], 0, ARGV[1])
if ARGV[7] == '' then
  redis.call('ZREM', KEYS[3], ARGV[1])
else
  redis.call('ZADD', KEYS[3], ARGV[7], ARGV[1])
end
return nextVersion
`;

/** delete: the hash and its entries in all three indexes, together. KEYS: hash, keys, due, expires. ARGV: key. */
const DELETE_SCRIPT = `
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return 1
`;

/**
 * list: one page from the key index, read in one script so that the page is a consistent snapshot. Walks the index
 * from the start bound in byte order, stops at the first key without the prefix (the keys with it come in one run),
 * skips entries whose hash is gone or expired, and returns up to `wanted` items as a flat array key, value, version.
 * KEYS: keys. ARGV: value-hash prefix, list prefix, start bound ('-', '[prefix' or '(after'), wanted, now.
 */
const LIST_SCRIPT = `
local prefix = ARGV[2]
local wanted = tonumber(ARGV[4])
local now = tonumber(ARGV[5])
local out = {}
local found = 0
local from = ARGV[3]
while found < wanted do
  local batch = redis.call('ZRANGEBYLEX', KEYS[1], from, '+', 'LIMIT', 0, math.max(wanted - found, 16))
  if #batch == 0 then break end
  for _, member in ipairs(batch) do
    if string.sub(member, 1, #prefix) ~= prefix then return out end
    local entry = redis.call('HMGET', ARGV[1] .. member, 'value', 'version', 'expiresAt')
    if entry[2] and (not entry[3] or tonumber(entry[3]) > now) then
      out[#out + 1] = member
      out[#out + 1] = entry[1]
      out[#out + 1] = entry[2]
      found = found + 1
      if found == wanted then return out end
    end
  end
  from = '(' .. batch[#batch]
end
return out
`;

/**
 * due: the keys due at or before a time, earliest first (equal times in byte order of the keys, as Redis orders equal
 * scores), skipping entries whose hash is gone or expired; up to `limit`, as a flat array key, due time.
 * KEYS: due. ARGV: value-hash prefix, before, limit, now.
 */
const DUE_SCRIPT = `
local limit = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local out = {}
local found = 0
local offset = 0
while found < limit do
  local batch = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'WITHSCORES', 'LIMIT', offset, math.max(limit - found, 16))
  if #batch == 0 then break end
  for i = 1, #batch, 2 do
    local entry = redis.call('HMGET', ARGV[1] .. batch[i], 'version', 'expiresAt')
    if entry[1] and (not entry[2] or tonumber(entry[2]) > now) then
      out[#out + 1] = batch[i]
      out[#out + 1] = batch[i + 1]
      found = found + 1
      if found == limit then return out end
    end
  end
  offset = offset + math.floor(#batch / 2)
end
return out
`;

interface Script {
  source: string;
  sha: string;
}

const script = (source: string): Script => ({
  source,
  sha: createHash('sha1').update(source).digest('hex'),
});
const PUT = script(PUT_SCRIPT);
const DELETE = script(DELETE_SCRIPT);
const LIST = script(LIST_SCRIPT);
const DUE = script(DUE_SCRIPT);

function makeClient(
  target: RedisTarget,
  connectTimeout: number,
  reconnect: (retries: number, cause: Error) => number | Error,
) {
  // TLS sends the host name for SNI (managed Redis serves its certificate by it), which must not be an IP address.
  const socket = target.tls
    ? {
        tls: true as const,
        host: target.host,
        port: target.port,
        ...(isIP(target.host) ? {} : { servername: target.host }),
      }
    : { host: target.host, port: target.port };
  return createClient({
    RESP: 2,
    socket: { ...socket, connectTimeout, reconnectStrategy: reconnect },
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    database: target.database,
    // Fail at once while disconnected instead of queueing: a turn must not wait inside Slack's 3-second budget.
    disableOfflineQueue: true,
    maintNotifications: 'disabled',
  });
}

type Client = ReturnType<typeof makeClient>;

/**
 * Redis (or Valkey) store, shared by any number of processes, for running several servers behind a load balancer.
 * Every key lives under a prefix (`?prefix=`, default `paysetup:`), so the store can share a database with other
 * data; it never flushes, scans or reads anything outside its prefix. Writes are compare-and-set on `version`, each
 * one Lua script (see PUT_SCRIPT), so they are atomic across processes.
 *
 * Connection loss never blocks a request: while disconnected every call fails at once with StoreError
 * STORE_UNAVAILABLE (the offline queue is off), a call that gets no answer fails after `commandTimeoutMs`, and the
 * client reconnects by itself in the background (50 ms doubling up to `maxReconnectDelayMs`); the same process
 * carries on once Redis is back. Redis holds the progress itself, so it must persist (AOF or snapshots) and must not
 * evict (`maxmemory-policy noeviction`).
 */
export class RedisStore implements KeyValueStore {
  readonly description: string;
  /** Every key the store writes starts with this. */
  readonly prefix: string;
  private readonly client: Client;
  private readonly now: () => number;
  private readonly commandTimeoutMs: number;
  private readonly healthTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly keys: { index: string; due: string; expires: string; values: string };
  private connected = false;
  private closed = false;
  private lastError: string | null = null;

  /**
   * Connects to the Redis a URL names (see `parseRedisUrl`) and resolves once it answers. Rejects with StoreError
   * STORE_BAD_URL for a malformed URL and STORE_UNAVAILABLE (with a hint) when Redis cannot be reached or refuses
   * the credentials; the client is closed then, nothing keeps running.
   */
  static async open(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
    const store = new RedisStore(parseRedisUrl(url), options);
    await store.connect();
    return store;
  }

  private constructor(target: RedisTarget, options: RedisStoreOptions) {
    this.description = target.description;
    this.prefix = target.prefix;
    this.now = options.now ?? (() => Date.now());
    this.connectTimeoutMs = positive('connectTimeoutMs', options.connectTimeoutMs ?? 2000);
    this.commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs ?? 500);
    this.healthTimeoutMs = positive('healthTimeoutMs', options.healthTimeoutMs ?? 500);
    const maxDelay = positive('maxReconnectDelayMs', options.maxReconnectDelayMs ?? 2000);
    this.keys = {
      index: `${target.prefix}keys`,
      due: `${target.prefix}due`,
      expires: `${target.prefix}expires`,
      values: `${target.prefix}v:`,
    };
    this.client = makeClient(target, this.connectTimeoutMs, (retries, cause) => {
      // Before the first connection, give up at once: `open` reports it (a wrong host should not retry forever).
      // (A new Error: the client checks `instanceof Error`, which a socket error from another realm would fail.)
      if (!this.connected) return new Error(explain(cause));
      const delay = Math.min(maxDelay, 50 * 2 ** Math.min(retries, 16));
      return Math.round(delay * (0.5 + Math.random() / 2));
    });
    // Without a listener an 'error' event would crash the process; the errors are kept for health() instead.
    this.client.on('error', (error: unknown) => {
      this.lastError = explain(error);
    });
    this.client.on('ready', () => {
      this.connected = true;
      this.lastError = null;
    });
  }

  async get(key: string): Promise<StoredValue | null> {
    const reply = await this.run('get', () =>
      this.client.sendCommand(['HMGET', this.valueKey(key), 'value', 'version', 'expiresAt']),
    );
    const [value, version, expiresAt] = strings(reply, 3);
    if (typeof value !== 'string' || typeof version !== 'string') return null;
    if (typeof expiresAt === 'string' && Number(expiresAt) <= this.now()) return null;
    return { value, version: Number(version) };
  }

  async put(
    key: string,
    value: string,
    expectedVersion: number | null,
    options: PutOptions = {},
  ): Promise<PutResult> {
    const now = this.now();
    const { ttlMs, dueAt } = options;
    if (ttlMs !== undefined && !Number.isFinite(ttlMs))
      throw new RangeError(`ttlMs must be finite, got ${ttlMs}`);
    if (dueAt !== undefined && !Number.isFinite(dueAt))
      throw new RangeError(`dueAt must be finite, got ${dueAt}`);
    const reply = await this.eval(
      'put',
      PUT,
      [this.valueKey(key), this.keys.index, this.keys.due, this.keys.expires],
      [
        key,
        value,
        expectedVersion === null ? '' : String(expectedVersion),
        String(now),
        // A TTL of zero or less: expired at once (counted as absent by expiresAt); Redis takes whole milliseconds >= 1.
        ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(ttlMs))),
        ttlMs === undefined ? '' : String(now + ttlMs),
        dueAt === undefined ? '' : String(dueAt),
        this.keys.values,
        String(PURGE_PER_WRITE),
      ],
    );
    const version = integer(reply);
    return version > 0 ? { ok: true, version } : { ok: false, reason: 'version-mismatch' };
  }

  async delete(key: string): Promise<void> {
    await this.eval(
      'delete',
      DELETE,
      [this.valueKey(key), this.keys.index, this.keys.due, this.keys.expires],
      [key],
    );
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    const limit = pageSize(options);
    const after = options?.after;
    const start =
      after !== undefined && Buffer.compare(Buffer.from(after), Buffer.from(prefix)) >= 0
        ? `(${after}`
        : prefix === ''
          ? '-'
          : `[${prefix}`;
    const reply = await this.eval(
      'list',
      LIST,
      [this.keys.index],
      [this.keys.values, prefix, start, String(limit + 1), String(this.now())],
    );
    const flat = strings(reply);
    const items: ListedValue[] = [];
    for (let i = 0; i + 2 < flat.length && items.length < limit; i += 3) {
      items.push({ key: need(flat[i]), value: need(flat[i + 1]), version: Number(need(flat[i + 2])) });
    }
    return flat.length / 3 > limit ? { items, next: items[items.length - 1]?.key as string } : { items };
  }

  async due(before: number, limit: number): Promise<DueKey[]> {
    const count = Math.floor(limit);
    if (this.closed) throw this.closedError();
    if (!(count > 0) || Number.isNaN(before)) return [];
    const bound = Number.isFinite(before) ? String(before) : before > 0 ? '+inf' : '-inf';
    const reply = await this.eval(
      'due',
      DUE,
      [this.keys.due],
      [this.keys.values, bound, String(count), String(this.now())],
    );
    const flat = strings(reply);
    const due: DueKey[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2)
      due.push({ key: need(flat[i]), dueAt: Number(need(flat[i + 1])) });
    return due;
  }

  /** A PING, bounded by `healthTimeoutMs`; while reconnecting it says so at once, with the last connection error. */
  async health(): Promise<StoreHealth> {
    if (this.closed)
      return { ok: false, code: 'STORE_UNAVAILABLE', reason: `Redis store at ${this.description} is closed` };
    if (!this.client.isReady) {
      return {
        ok: false,
        code: 'STORE_UNAVAILABLE',
        reason: `Redis at ${this.description} is not connected (reconnecting${this.lastError ? `; ${this.lastError}` : ''})`,
      };
    }
    try {
      await this.run('health check', () => this.client.sendCommand(['PING']), this.healthTimeoutMs);
      return { ok: true };
    } catch (error) {
      const storeError = this.wrap(error, 'health check');
      return { ok: false, code: storeError.code, reason: storeError.message };
    }
  }

  /** Lets running commands finish (up to `commandTimeoutMs`), then closes the connection; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await withDeadline(this.client.close(), this.commandTimeoutMs, 'close');
    } catch {
      // not connected, or Redis did not answer the last commands in time: drop the connection
    } finally {
      this.client.destroy();
    }
  }

  private valueKey(key: string): string {
    return `${this.keys.values}${key}`;
  }

  private async connect(): Promise<void> {
    try {
      // The PING proves that Redis answers commands: a server that requires a password accepts the connection
      // without one and only refuses the first command (NOAUTH).
      const ready = this.client.connect().then(() => this.client.sendCommand(['PING']));
      await withDeadline(ready, this.connectTimeoutMs, 'connect');
    } catch (error) {
      this.closed = true;
      this.client.destroy();
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `Redis store at ${this.description} is unavailable: cannot connect (${explain(error)}).`,
        `Check that Redis runs at ${this.description.replace(/\?.*$/, '')}, that this host can reach it (firewall, ` +
          'security group; rediss:// for a TLS endpoint, redis:// for a plain one), and that the user and password in ' +
          'the URL are right. The server does not start without its store.',
        { cause: error },
      );
    }
  }

  /** Runs a script by its SHA1 (sent in full once Redis does not know it, e.g. after a restart). */
  private eval(what: string, s: Script, keys: string[], args: string[]): Promise<unknown> {
    const send = (command: 'EVALSHA' | 'EVAL', body: string) =>
      this.client.sendCommand([command, body, String(keys.length), ...keys, ...args]);
    return this.run(what, async () => {
      try {
        return await send('EVALSHA', s.sha);
      } catch (error) {
        if (!String((error as { message?: unknown })?.message).startsWith('NOSCRIPT')) throw error;
        return send('EVAL', s.source);
      }
    });
  }

  /** One call to Redis, bounded in time, every failure a StoreError. */
  private async run<T>(what: string, call: () => Promise<T>, timeoutMs = this.commandTimeoutMs): Promise<T> {
    if (this.closed) throw this.closedError();
    try {
      return await withDeadline(call(), timeoutMs, what);
    } catch (error) {
      throw this.wrap(error, what);
    }
  }

  private closedError(): StoreError {
    return new StoreError(
      'STORE_UNAVAILABLE',
      `Redis store at ${this.description} is closed.`,
      'The store was used after close(); this is a programming error.',
    );
  }

  private wrap(error: unknown, what: string): StoreError {
    if (error instanceof StoreError) return error;
    if (error instanceof DeadlineError) {
      return new StoreError(
        'STORE_UNAVAILABLE',
        `Redis at ${this.description} did not answer the ${what} within ${error.ms} ms.`,
        'Redis is overloaded, frozen or the network to it is broken. A write that timed out may or may not have been ' +
          'applied; try again in a moment (a retry is never applied twice). If it persists, check Redis and the network.',
        { cause: error },
      );
    }
    // Not ready: the client was offline (nothing sent) or lost the connection with the call in flight (unknown).
    const offline = !this.client.isReady;
    return new StoreError(
      'STORE_UNAVAILABLE',
      offline
        ? `Redis at ${this.description} is not connected (${this.lastError ?? explain(error)}); the ${what} failed.`
        : `Redis at ${this.description} failed the ${what}: ${explain(error)}`,
      offline
        ? 'The store reconnects by itself; try again in a moment. If it persists, check that Redis runs and this host ' +
            'can reach it.'
        : 'Check the Redis server (memory, replication role, ACL permissions for EVALSHA and the commands above).',
      { cause: error },
    );
  }
}

class DeadlineError extends Error {
  constructor(
    readonly ms: number,
    what: string,
  ) {
    super(`no answer to the ${what} within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/** The promise, or a DeadlineError after `ms` (the promise goes on; its late outcome is ignored). */
async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms, what)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`RedisStore ${name} must be a positive number, got ${value}`);
  return value;
}

/** An error's message with its code, for messages (by shape, not `instanceof`: socket errors come from Node's realm). */
function explain(error: unknown): string {
  const { message, code, socketError } = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown;
    code?: unknown;
    socketError?: { message?: unknown };
  };
  if (typeof message !== 'string') return String(error);
  const inner =
    typeof socketError?.message === 'string' && socketError.message !== message
      ? ` (${socketError.message})`
      : '';
  return `${typeof code === 'string' && !message.includes(code) ? `${code}: ` : ''}${message}${inner}`;
}

/** A reply that must be an array of bulk strings (or nils), of `length` when given. */
function strings(reply: unknown, length?: number): (string | null)[] {
  if (
    !Array.isArray(reply) ||
    (length !== undefined && reply.length !== length) ||
    !reply.every((item) => item === null || typeof item === 'string')
  ) {
    throw unexpected(reply);
  }
  return reply as (string | null)[];
}

function integer(reply: unknown): number {
  if (typeof reply !== 'number' || !Number.isInteger(reply)) throw unexpected(reply);
  return reply;
}

function need(item: string | null | undefined): string {
  if (typeof item !== 'string') throw unexpected(item);
  return item;
}

function unexpected(reply: unknown): StoreError {
  return new StoreError(
    'STORE_UNAVAILABLE',
    `Redis answered in an unexpected shape (${typeof reply}).`,
    'The server at the store URL does not behave like Redis 6 or later (or Valkey); point the URL at one that does.',
  );
}
