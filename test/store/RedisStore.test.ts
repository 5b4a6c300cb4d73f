import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { openStore } from '../../src/store/open-store';
import { StoreError } from '../../src/store/port';
import { DEFAULT_REDIS_PREFIX, parseRedisUrl, RedisStore } from '../../src/store/RedisStore';
import { describeStoreContract } from './contract';
import {
  keysUnder,
  RedisServer,
  removeKeysUnder,
  SHARED_REDIS,
  storeUrl,
  uniquePrefix,
  withRedis,
} from './redis-helpers';

/**
 * The Redis store: the contract on the shared Redis (a prefix of its own per test, its keys removed afterwards, a
 * clock the contract moves), what it keeps in Redis and what it leaves alone, URLs, and connection faults on a
 * redis-server of the test's own (killed, frozen, restarted on the same port).
 */

describeStoreContract('RedisStore', async () => {
  const prefix = uniquePrefix('contract');
  let offset = 0;
  const store = await RedisStore.open(storeUrl(SHARED_REDIS, prefix), { now: () => Date.now() + offset });
  return {
    store,
    cleanup: async () => {
      await removeKeysUnder(SHARED_REDIS, prefix);
    },
    advance: (ms: number) => {
      offset += ms;
    },
  };
});

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to reject');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `health()` until it is ok, or fails after `ms`. */
async function healed(store: RedisStore, ms: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    if ((await store.health()).ok) return performance.now() - start;
    if (performance.now() - start > ms) throw new Error(`the store did not heal within ${ms} ms`);
    await sleep(50);
  }
}

/** The sockets this process holds open (a store that failed to open must leave none behind). */
const handles = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'TLSSocketWrap')
    .length;

describe('Redis store URLs', () => {
  it('takes host, port, database, credentials and prefix, with defaults, and describes itself without secrets', () => {
    expect(parseRedisUrl('redis://127.0.0.1')).toEqual({
      tls: false,
      host: '127.0.0.1',
      port: 6379,
      database: 0,
      prefix: DEFAULT_REDIS_PREFIX,
      description: 'redis://127.0.0.1:6379/0?prefix=paysetup:',
    });
    const full = parseRedisUrl('rediss://app%40shop:p%40ss%3Aw0rd@cache.example.com:6380/3?prefix=shop-a:');
    expect(full).toEqual({
      tls: true,
      host: 'cache.example.com',
      port: 6380,
      database: 3,
      username: 'app@shop',
      password: 'p@ss:w0rd',
      prefix: 'shop-a:',
      description: 'rediss://***@cache.example.com:6380/3?prefix=shop-a:',
    });
    expect(parseRedisUrl('redis://:only-a-password@[::1]:7000/')).toMatchObject({
      host: '::1',
      port: 7000,
      password: 'only-a-password',
      description: 'redis://***@[::1]:7000/0?prefix=paysetup:',
    });
    expect(parseRedisUrl('REDIS://h?prefix=team%20data%2F')).toMatchObject({ prefix: 'team data/' });
  });

  it.each([
    ['redis://', 'names no host'],
    ['redis:localhost:6379', 'names no host'],
    ['redis://h:6379/zero', 'database number'],
    ['redis://h:6379/0/1', 'database number'],
    ['redis://h:99999', 'not a URL'],
    ['redis://h?db=1', 'unknown parameter "db"'],
    ['redis://h?prefix=', 'must not be empty'],
    ['redis://h?prefix=a:&prefix=b:', 'more than once'],
    ['redis://h#top', 'fragment'],
    ['redis://us%ZZer:pw@h', 'percent-encoded'],
    ['http://h', 'scheme'],
  ])('rejects %j with STORE_BAD_URL (%s)', (url, problem) => {
    let error: unknown;
    try {
      parseRedisUrl(url);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_BAD_URL', message: expect.stringContaining(problem) });
    expect((error as StoreError).hint).toContain('redis://');
  });

  it('never shows the credentials of a rejected URL', async () => {
    const error = await rejection(openStore('redis://admin:s3cret@localhost:6379/0?foo=bar'));
    expect(error.code).toBe('STORE_BAD_URL');
    expect(error.message).toContain('redis://***@localhost:6379/0');
    expect(`${error.message} ${error.hint}`).not.toMatch(/s3cret|admin/);
  });

  it('is opened by openStore for redis: URLs, upper case and surrounding blanks included', async () => {
    const prefix = uniquePrefix('open');
    const store = await openStore(`  ${storeUrl(SHARED_REDIS.replace(/^redis/, 'REDIS'), prefix)}\n`);
    try {
      expect(store).toBeInstanceOf(RedisStore);
      expect(store.description).toBe(parseRedisUrl(storeUrl(SHARED_REDIS, prefix)).description);
      expect(store.description).toMatch(new RegExp(`^redis://[^?]+/\\d+\\?prefix=${prefix}$`));
      await store.put('team/a', 'a', null);
      await expect(store.get('team/a')).resolves.toEqual({ value: 'a', version: 1 });
    } finally {
      await store.close();
      await removeKeysUnder(SHARED_REDIS, prefix);
    }
  });
});

describe('RedisStore on the shared Redis', () => {
  let prefix: string;
  const opened: RedisStore[] = [];

  beforeEach(() => {
    prefix = uniquePrefix();
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await removeKeysUnder(SHARED_REDIS, prefix);
    expect(await keysUnder(SHARED_REDIS, prefix)).toEqual([]);
  });

  async function open(options: Parameters<typeof RedisStore.open>[1] = {}, p = prefix): Promise<RedisStore> {
    const store = await RedisStore.open(storeUrl(SHARED_REDIS, p), options);
    opened.push(store);
    return store;
  }

  it('keeps each value in a hash under the prefix and indexes it in sorted sets there', async () => {
    const store = await open();
    await store.put('team:a', '{"a":1}', null);
    await store.put('delivery:x', 'pending', null, { ttlMs: 60_000, dueAt: 1234 });
    expect(await keysUnder(SHARED_REDIS, prefix)).toEqual(
      [
        `${prefix}due`,
        `${prefix}expires`,
        `${prefix}keys`,
        `${prefix}v:delivery:x`,
        `${prefix}v:team:a`,
      ].sort(),
    );
    await withRedis(SHARED_REDIS, async (send) => {
      expect(await send(['HGETALL', `${prefix}v:team:a`])).toEqual(['value', '{"a":1}', 'version', '1']);
      expect(await send(['PTTL', `${prefix}v:team:a`])).toBe(-1);
      const ttl = (await send(['PTTL', `${prefix}v:delivery:x`])) as number;
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await send(['ZRANGE', `${prefix}due`, '0', '-1', 'WITHSCORES'])).toEqual(['delivery:x', '1234']);
    });
    // A write without a TTL makes the value permanent again; without a due time it leaves the due index.
    await store.put('delivery:x', 'done', 1);
    await withRedis(SHARED_REDIS, async (send) => {
      expect(await send(['PTTL', `${prefix}v:delivery:x`])).toBe(-1);
      expect(await send(['HGETALL', `${prefix}v:delivery:x`])).toEqual(['value', 'done', 'version', '2']);
      expect(await send(['EXISTS', `${prefix}due`, `${prefix}expires`])).toBe(0);
    });
    await store.delete('delivery:x');
    await store.delete('team:a');
    expect(await keysUnder(SHARED_REDIS, prefix)).toEqual([]);
  });

  it('lets Redis delete an expired value by its TTL; reads skip the index entries left behind, and writes purge them', async () => {
    const store = await open();
    await store.put('mark/short', 'x', null, { ttlMs: 30, dueAt: 5 });
    await store.put('mark/kept', 'y', null, { dueAt: 6 });
    await sleep(80);
    await withRedis(SHARED_REDIS, async (send) => {
      expect(await send(['EXISTS', `${prefix}v:mark/short`])).toBe(0);
      expect(await send(['ZSCORE', `${prefix}keys`, 'mark/short'])).toBe('0');
    });
    expect((await store.list('mark/')).items.map((item) => item.key)).toEqual(['mark/kept']);
    expect(await store.due(10, 10)).toEqual([{ key: 'mark/kept', dueAt: 6 }]);
    await store.put('other', 'z', null);
    await withRedis(SHARED_REDIS, async (send) => {
      for (const index of ['keys', 'due', 'expires'])
        expect(await send(['ZSCORE', `${prefix}${index}`, 'mark/short'])).toBeNull();
    });
  });

  it('pages past many expired entries without returning fewer live keys than asked for', async () => {
    let offset = 0;
    const store = await open({ now: () => Date.now() + offset });
    for (let i = 0; i < 60; i += 1) {
      await store.put(`k/${String(i).padStart(2, '0')}`, 'v', null, {
        ...(i % 10 === 9 ? {} : { ttlMs: 60_000 }),
        dueAt: 1000 + i,
      });
    }
    offset = 61_000; // every key but k/09, k/19, … k/59 has expired; Redis still holds them
    const first = await store.list('k/', { limit: 4 });
    expect(first.items.map((item) => item.key)).toEqual(['k/09', 'k/19', 'k/29', 'k/39']);
    expect(first.next).toBe('k/39');
    const second = await store.list('k/', { limit: 4, after: 'k/39' });
    expect(second).toEqual({
      items: [
        { key: 'k/49', value: 'v', version: 1 },
        { key: 'k/59', value: 'v', version: 1 },
      ],
    });
    expect((await store.due(2000, 3)).map((d) => d.key)).toEqual(['k/09', 'k/19', 'k/29']);
    // A start key before the prefix starts at the prefix; one after every key of it ends the listing.
    expect((await store.list('k/', { limit: 1, after: 'a' })).items.map((item) => item.key)).toEqual([
      'k/09',
    ]);
    expect(await store.list('k/', { after: 'z' })).toEqual({ items: [] });
  });

  it('keeps stores with other prefixes apart, and leaves every key outside its prefix alone', async () => {
    const other = uniquePrefix('other');
    try {
      const mine = await open();
      const theirs = await open({}, other);
      await withRedis(SHARED_REDIS, (send) => send(['SET', `${other}plain`, 'not a store key']));
      await mine.put('team:a', 'mine', null);
      await theirs.put('team:a', 'theirs', null, { dueAt: 1 });
      await theirs.put('team:b', 'theirs', null, { ttlMs: 60_000 });
      expect(await mine.list('')).toEqual({ items: [{ key: 'team:a', value: 'mine', version: 1 }] });
      expect(await mine.due(10, 10)).toEqual([]);
      await mine.delete('team:b');
      await expect(theirs.get('team:b')).resolves.toEqual({ value: 'theirs', version: 1 });
      await expect(withRedis(SHARED_REDIS, (send) => send(['GET', `${other}plain`]))).resolves.toBe(
        'not a store key',
      );
    } finally {
      await removeKeysUnder(SHARED_REDIS, other);
    }
  });

  it('is compare-and-set across connections: 20 connections incrementing one counter lose no increment', async () => {
    const stores = await Promise.all(Array.from({ length: 20 }, () => open()));
    await stores[0]?.put('counter', '0', null);
    let conflicts = 0;
    await Promise.all(
      stores.map(async (store) => {
        for (let done = 0; done < 5; ) {
          const current = await store.get('counter');
          if (!current) throw new Error('the counter is gone');
          const result = await store.put('counter', String(Number(current.value) + 1), current.version);
          if (result.ok) done += 1;
          else conflicts += 1;
        }
      }),
    );
    await expect(stores[0]?.get('counter')).resolves.toEqual({ value: '100', version: 101 });
    expect(conflicts).toBeGreaterThan(0); // they did collide
  });

  it('rejects a TTL or due time that is not a finite number, writing nothing', async () => {
    const store = await open();
    await expect(store.put('a', 'x', null, { ttlMs: Number.NaN })).rejects.toThrow(RangeError);
    await expect(store.put('a', 'x', null, { dueAt: Number.POSITIVE_INFINITY })).rejects.toThrow(RangeError);
    await expect(store.get('a')).resolves.toBeNull();
  });

  it('counts a TTL of zero or less as expired at once', async () => {
    const store = await open();
    await expect(store.put('a', 'x', null, { ttlMs: 0 })).resolves.toEqual({ ok: true, version: 1 });
    await expect(store.get('a')).resolves.toBeNull();
    await expect(store.put('a', 'y', null)).resolves.toEqual({ ok: true, version: 1 });
  });

  it('rejects options that make no sense', async () => {
    await expect(RedisStore.open(storeUrl(SHARED_REDIS, prefix), { commandTimeoutMs: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('RedisStore connection faults (a redis-server of its own)', () => {
  let server: RedisServer;
  const opened: RedisStore[] = [];

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await server?.stop();
  });

  async function open(url: string, options: Parameters<typeof RedisStore.open>[1] = {}): Promise<RedisStore> {
    const store = await RedisStore.open(url, options);
    opened.push(store);
    return store;
  }

  it('on a database of its own writes no key outside its prefix, and touches none of the others', async () => {
    server = await RedisServer.start();
    await withRedis(server.url, async (send) => {
      await send(['SET', 'other-app:config', 'keep me']);
      await send(['ZADD', 'other-app:scores', '1', 'x']);
      await send(['SET', 'paysetup-not:x', 'a near miss of the prefix']);
      await send(['SELECT', '1']);
      await send(['SET', 'db1:key', 'in database 1']);
    });
    const store = await open(`${server.url}/0`);
    await store.put('team:a', 'a', null, { dueAt: 1 });
    await store.put('team:b', 'b', null, { ttlMs: 100_000 });
    await store.put('team:a', 'a2', 1, { dueAt: 2 });
    await store.delete('team:b');
    await store.list('');
    await store.due(10, 10);
    await store.health();
    const inDb1 = await open(`${server.url}/1?prefix=${DEFAULT_REDIS_PREFIX}`);
    expect(await inDb1.list('')).toEqual({ items: [] });
    await withRedis(server.url, async (send) => {
      const all = ((await send(['KEYS', '*'])) as string[]).sort();
      expect(all).toEqual(
        [
          'other-app:config',
          'other-app:scores',
          'paysetup-not:x',
          'paysetup:due',
          'paysetup:keys',
          'paysetup:v:team:a',
        ].sort(),
      );
      expect(await send(['GET', 'other-app:config'])).toBe('keep me');
      expect(await send(['ZRANGE', 'other-app:scores', '0', '-1'])).toEqual(['x']);
      await send(['SELECT', '1']);
      expect(await send(['KEYS', '*'])).toEqual(['db1:key']);
    });
  });

  it('killed: every call fails at once with STORE_UNAVAILABLE and health says why; restarted on the same port, the same store carries on', async () => {
    server = await RedisServer.start({ persist: true });
    const store = await open(server.url);
    await store.put('team:a', 'before', null);
    await server.kill();

    const calls = [
      () => store.get('team:a'),
      () => store.put('team:a', 'during', 1),
      () => store.delete('team:a'),
      () => store.list(''),
      () => store.due(Date.now(), 10),
    ];
    for (const call of calls) {
      const { ms, value } = await timed(() => rejection(call()));
      expect(value.code).toBe('STORE_UNAVAILABLE');
      expect(value.message).toMatch(/not connected|failed/);
      expect(value.hint.length).toBeGreaterThan(0);
      expect(ms).toBeLessThan(250);
    }
    const health = await timed(() => store.health());
    expect(health.value).toMatchObject({ ok: false, code: 'STORE_UNAVAILABLE' });
    expect(health.value.ok === false && health.value.reason).toMatch(/not connected/);
    expect(health.ms).toBeLessThan(250);

    await server.start();
    // It reconnects by itself (backing off up to 2 s between attempts); the scripts are sent anew (NOSCRIPT).
    expect(await healed(store, 6000)).toBeLessThan(6000);
    await expect(store.get('team:a')).resolves.toEqual({ value: 'before', version: 1 });
    await expect(store.put('team:a', 'after', 1)).resolves.toEqual({ ok: true, version: 2 });
    await expect(store.list('')).resolves.toEqual({ items: [{ key: 'team:a', value: 'after', version: 2 }] });
  });

  it('frozen (no answer at all): calls give up after commandTimeoutMs, health after healthTimeoutMs; thawed, it answers again', async () => {
    server = await RedisServer.start();
    const store = await open(server.url, { commandTimeoutMs: 300, healthTimeoutMs: 200 });
    await store.put('team:a', 'v1', null);
    server.freeze();
    try {
      const put = await timed(() => rejection(store.put('team:a', 'v2', 1)));
      expect(put.value).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringContaining('within 300 ms'),
      });
      expect(put.value.hint).toMatch(/may or may not have been applied/);
      expect(put.ms).toBeGreaterThanOrEqual(290);
      expect(put.ms).toBeLessThan(1000);
      const health = await timed(() => store.health());
      expect(health.value).toMatchObject({ ok: false, code: 'STORE_UNAVAILABLE' });
      expect(health.ms).toBeLessThan(700);
    } finally {
      server.thaw();
    }
    expect(await healed(store, 3000)).toBeLessThan(3000);
    // The write that timed out reached Redis and ran once it thawed: a timeout means "unknown", never "applied twice".
    const now = await store.get('team:a');
    expect(now).toEqual({ value: 'v2', version: 2 });
    await expect(store.put('team:a', 'v3', 2)).resolves.toEqual({ ok: true, version: 3 });
  });

  it('unreachable at start: open rejects with STORE_UNAVAILABLE and a hint, quickly, leaving no socket open', async () => {
    server = await RedisServer.start();
    const { port } = server;
    await server.stop();
    const before = handles();
    const { ms, value } = await timed(() => rejection(openStore(`redis://127.0.0.1:${port}/0`)));
    expect(value.code).toBe('STORE_UNAVAILABLE');
    expect(value.message).toContain(`redis://127.0.0.1:${port}/0`);
    expect(value.message).toMatch(/ECONNREFUSED/);
    expect(value.hint).toMatch(/Check that Redis runs/);
    expect(ms).toBeLessThan(1000);
    await sleep(20);
    expect(handles()).toBe(before);
  });

  it('a server that accepts the connection but never answers: open gives up after connectTimeoutMs', async () => {
    const sockets: Socket[] = [];
    // Reads (and ignores) what it is sent, so that it also sees the store hang up.
    const silent: Server = createServer((socket) => {
      sockets.push(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const address = silent.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const before = handles();
      const { ms, value } = await timed(() =>
        rejection(RedisStore.open(`redis://127.0.0.1:${port}`, { connectTimeoutMs: 300 })),
      );
      expect(value.code).toBe('STORE_UNAVAILABLE');
      expect(value.message).toMatch(/cannot connect .*within 300 ms/);
      expect(ms).toBeLessThan(1000);
      // The store hung up: the server's end of each connection it made is closed by the peer.
      await sleep(50);
      expect(sockets.length).toBeGreaterThan(0);
      expect(sockets.map((socket) => socket.destroyed)).toEqual(sockets.map(() => true));
      expect(handles()).toBe(before);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('with a password: the right one opens it, a wrong one is STORE_UNAVAILABLE without echoing either', async () => {
    server = await RedisServer.start({ password: 'c0rrect-h0rse' });
    const store = await open(`${server.url}/0`);
    expect(store.description).toBe(`redis://***@127.0.0.1:${server.port}/0?prefix=paysetup:`);
    await expect(store.put('a', 'b', null)).resolves.toEqual({ ok: true, version: 1 });
    const wrong = await rejection(RedisStore.open(`redis://default:wr0ng-pass@127.0.0.1:${server.port}/0`));
    expect(wrong.code).toBe('STORE_UNAVAILABLE');
    expect(wrong.message).toMatch(/WRONGPASS|invalid/i);
    expect(`${wrong.message} ${wrong.hint}`).not.toMatch(/wr0ng-pass|c0rrect-h0rse/);
    const none = await rejection(RedisStore.open(`redis://127.0.0.1:${server.port}/0`));
    expect(none.code).toBe('STORE_UNAVAILABLE');
  });

  it('closes promptly while Redis is gone, and a closed store reports so', async () => {
    server = await RedisServer.start();
    const store = await RedisStore.open(server.url);
    await server.kill();
    const closing = await timed(() => store.close());
    expect(closing.ms).toBeLessThan(500);
    await expect(store.health()).resolves.toMatchObject({
      ok: false,
      reason: expect.stringMatching(/closed/),
    });
    expect((await rejection(store.get('a'))).message).toMatch(/closed/);
  });
});
