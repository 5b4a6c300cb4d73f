import { DEFAULT_LIST_LIMIT, type KeyValueStore, MAX_LIST_LIMIT, StoreError } from '../../src/store/port';

export interface StoreUnderTest {
  store: KeyValueStore;
  /** Removes whatever the store left behind (temp files, tables); called after the store is closed. */
  cleanup: () => Promise<void>;
  /** Moves the store's clock on, for expiry (stores that take a clock). */
  advance?: (ms: number) => void;
}

/**
 * The behaviour every KeyValueStore implementation must show. Each test gets a fresh, empty store;
 * it is closed (close() must be idempotent) and cleaned up after the test.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name} (KeyValueStore contract)`, () => {
    let store: KeyValueStore;
    let cleanup: (() => Promise<void>) | undefined;
    let advance: ((ms: number) => void) | undefined;

    beforeEach(async () => {
      ({ store, cleanup, advance } = await makeStore());
    });

    /** One page of the keys starting with `prefix` (the tests put far fewer than a page). */
    const items = async (prefix: string) => (await store.list(prefix)).items;

    afterEach(async () => {
      try {
        await store.close();
      } finally {
        await cleanup?.();
        cleanup = undefined;
      }
    });

    it('has a description', () => {
      expect(typeof store.description).toBe('string');
      expect(store.description.length).toBeGreaterThan(0);
    });

    it('returns null for a missing key', async () => {
      await expect(store.get('team/none')).resolves.toBeNull();
    });

    it('creates a key with expected version null, at version 1', async () => {
      await expect(store.put('team/a', '{"step":1}', null)).resolves.toEqual({ ok: true, version: 1 });
      await expect(store.get('team/a')).resolves.toEqual({ value: '{"step":1}', version: 1 });
    });

    it('refuses to create a key twice', async () => {
      await store.put('team/a', 'first', null);
      await expect(store.put('team/a', 'second', null)).resolves.toEqual({
        ok: false,
        reason: 'version-mismatch',
      });
      await expect(store.get('team/a')).resolves.toEqual({ value: 'first', version: 1 });
    });

    it('updates with the right version and increments it', async () => {
      await store.put('team/a', 'v1', null);
      await expect(store.put('team/a', 'v2', 1)).resolves.toEqual({ ok: true, version: 2 });
      await expect(store.put('team/a', 'v3', 2)).resolves.toEqual({ ok: true, version: 3 });
      await expect(store.get('team/a')).resolves.toEqual({ value: 'v3', version: 3 });
    });

    it('rejects a stale version and leaves the value unchanged', async () => {
      await store.put('team/a', 'v1', null);
      await store.put('team/a', 'v2', 1);
      await expect(store.put('team/a', 'stale', 1)).resolves.toEqual({
        ok: false,
        reason: 'version-mismatch',
      });
      await expect(store.put('team/a', 'future', 7)).resolves.toEqual({
        ok: false,
        reason: 'version-mismatch',
      });
      await expect(store.get('team/a')).resolves.toEqual({ value: 'v2', version: 2 });
    });

    it('rejects an update of a key that does not exist, without creating it', async () => {
      await expect(store.put('team/ghost', 'x', 1)).resolves.toEqual({
        ok: false,
        reason: 'version-mismatch',
      });
      await expect(store.get('team/ghost')).resolves.toBeNull();
    });

    it('keeps keys independent', async () => {
      await store.put('team/a', 'a', null);
      await store.put('team/b', 'b', null);
      await store.put('team/a', 'a2', 1);
      await expect(store.get('team/b')).resolves.toEqual({ value: 'b', version: 1 });
    });

    it('hands out copies: mutating a result does not change the store', async () => {
      await store.put('team/a', 'a', null);
      const got = await store.get('team/a');
      if (!got) throw new Error('expected a value');
      got.value = 'mutated';
      got.version = 99;
      const [listed] = (await store.list('team/')).items;
      if (!listed) throw new Error('expected a listed value');
      listed.value = 'mutated';
      await expect(store.get('team/a')).resolves.toEqual({ value: 'a', version: 1 });
    });

    it('lists by prefix, in key order, with values and versions', async () => {
      for (const key of ['team/c', 'other/a', 'team/a', 'teams/x', 'team/b/2', 'team/b', 'tea']) {
        await store.put(key, `value of ${key}`, null);
      }
      await store.put('team/b', 'b updated', 1);

      await expect(items('team/')).resolves.toEqual([
        { key: 'team/a', value: 'value of team/a', version: 1 },
        { key: 'team/b', value: 'b updated', version: 2 },
        { key: 'team/b/2', value: 'value of team/b/2', version: 1 },
        { key: 'team/c', value: 'value of team/c', version: 1 },
      ]);
      expect((await items('team')).map((item) => item.key)).toEqual([
        'team/a',
        'team/b',
        'team/b/2',
        'team/c',
        'teams/x',
      ]);
      expect((await items('')).map((item) => item.key)).toEqual([
        'other/a',
        'tea',
        'team/a',
        'team/b',
        'team/b/2',
        'team/c',
        'teams/x',
      ]);
      await expect(items('nobody/')).resolves.toEqual([]);
    });

    it('treats the list prefix literally (% and _ are not wildcards, case matters)', async () => {
      for (const key of [
        '50%_off/a',
        '50%_off/b',
        '50X_off/a',
        '50%Xoff/a',
        '50%%_off/a',
        '50%_OFF/a',
        '51%_off/a',
      ]) {
        await store.put(key, key, null);
      }
      expect((await items('50%_off/')).map((item) => item.key)).toEqual(['50%_off/a', '50%_off/b']);
      expect((await items('50_')).map((item) => item.key)).toEqual([]);
      expect((await items('%')).map((item) => item.key)).toEqual([]);
      expect((await items('50%_')).map((item) => item.key)).toEqual(['50%_OFF/a', '50%_off/a', '50%_off/b']);
    });

    it('round-trips German umlauts, emoji and other non-ASCII text exactly, in keys and values', async () => {
      const value = JSON.stringify({
        greeting: 'Grüß Gott, Jürgen! Äpfel, Öl, Übermaß, ß – „Anführungszeichen“ …',
        emoji: '🎉 👩🏽‍💻 🇩🇪 ✅',
        mixed: 'tab\there\nnewline\r\n  trailing spaces  ',
      });
      const key = 'team/Müller & Söhne 🚀';
      await store.put(key, value, null);
      await expect(store.get(key)).resolves.toEqual({ value, version: 1 });
      await expect(items('team/Müller')).resolves.toEqual([{ key, value, version: 1 }]);
      await expect(items('team/Mu')).resolves.toEqual([]);
    });

    it('round-trips an empty string value', async () => {
      await store.put('team/empty', '', null);
      await expect(store.get('team/empty')).resolves.toEqual({ value: '', version: 1 });
    });

    it('round-trips a large (200 KB) value', async () => {
      const chunk = 'Schritt 3: Zahlungsarten prüfen ✓ — ';
      const value = chunk.repeat(Math.ceil((200 * 1024) / chunk.length));
      expect(Buffer.byteLength(value, 'utf8')).toBeGreaterThan(200 * 1024);
      await store.put('team/large', value, null);
      const got = await store.get('team/large');
      expect(got?.version).toBe(1);
      expect(got?.value.length).toBe(value.length);
      expect(got?.value === value).toBe(true);
    });

    it('lets exactly one of 10 concurrent creates win', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.put('team/race', `writer ${i}`, null)),
      );
      const winners = results.flatMap((result, i) => (result.ok ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((result) => !result.ok)).toHaveLength(9);
      await expect(store.get('team/race')).resolves.toEqual({ value: `writer ${winners[0]}`, version: 1 });
    });

    it('lets exactly one of 10 concurrent updates with the same expected version win', async () => {
      await store.put('team/race', 'start', null);
      await store.put('team/race', 'second', 1);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.put('team/race', `writer ${i}`, 2)),
      );
      const winners = results.flatMap((result, i) => (result.ok ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(results[winners[0] ?? -1]).toEqual({ ok: true, version: 3 });
      for (const result of results) {
        if (!result.ok) expect(result).toEqual({ ok: false, reason: 'version-mismatch' });
      }
      await expect(store.get('team/race')).resolves.toEqual({ value: `writer ${winners[0]}`, version: 3 });
    });

    it('deletes a key (and deleting a missing one is no error); the key can then be created again', async () => {
      await store.put('team/a', 'a', null);
      await store.put('team/b', 'b', null);
      await expect(store.delete('team/a')).resolves.toBeUndefined();
      await expect(store.delete('team/never')).resolves.toBeUndefined();
      await expect(store.get('team/a')).resolves.toBeNull();
      expect((await items('team/')).map((item) => item.key)).toEqual(['team/b']);
      await expect(store.put('team/a', 'again', null)).resolves.toEqual({ ok: true, version: 1 });
    });

    it('lets a value expire: then it reads as absent, is not listed, and a create may replace it', async () => {
      if (!advance) throw new Error('the store under test must take a clock');
      await store.put('mark/a', 'soon gone', null, { ttlMs: 60_000 });
      await store.put('mark/b', 'kept', null);
      await expect(store.get('mark/a')).resolves.toEqual({ value: 'soon gone', version: 1 });
      advance(61_000);
      await expect(store.get('mark/a')).resolves.toBeNull();
      expect((await items('mark/')).map((item) => item.key)).toEqual(['mark/b']);
      // Expired counts as absent: an update expecting the old version fails, a create succeeds at version 1.
      await expect(store.put('mark/a', 'stale', 1)).resolves.toEqual({
        ok: false,
        reason: 'version-mismatch',
      });
      await expect(store.put('mark/a', 'new', null)).resolves.toEqual({ ok: true, version: 1 });
      await expect(store.get('mark/a')).resolves.toEqual({ value: 'new', version: 1 });
    });

    it('keeps an expiry until a write changes it, and a value without one never expires', async () => {
      if (!advance) throw new Error('the store under test must take a clock');
      await store.put('mark/a', 'v1', null, { ttlMs: 1000 });
      await store.put('mark/a', 'v2', 1, { ttlMs: 10 * 60_000 });
      await store.put('mark/b', 'forever', null);
      advance(5 * 60_000);
      await expect(store.get('mark/a')).resolves.toEqual({ value: 'v2', version: 2 });
      advance(365 * 24 * 3600_000);
      await expect(store.get('mark/a')).resolves.toBeNull();
      await expect(store.get('mark/b')).resolves.toEqual({ value: 'forever', version: 1 });
    });

    it('lists in bounded pages that continue where the last one ended, and never skip or repeat a key', async () => {
      const keys = Array.from({ length: 25 }, (_, i) => `team/p${String(i).padStart(2, '0')}`);
      for (const key of [...keys].reverse()) await store.put(key, key, null);
      await store.put('teams/after', 'x', null);
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await store.list('team/', { limit: 10, ...(after ? { after } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(10);
        seen.push(...page.items.map((item) => item.key));
        after = page.next;
        pages += 1;
      } while (after && pages < 10);
      expect(seen).toEqual(keys);
      expect(pages).toBe(3);
      // A page that holds the last key says there is no more.
      expect((await store.list('team/', { limit: 25 })).next).toBeUndefined();
      expect((await store.list('team/', { limit: 24 })).next).toBe('team/p23');
      // No limit: the default page, however many keys there are.
      expect((await store.list('team/')).items).toHaveLength(25);
      expect(DEFAULT_LIST_LIMIT).toBeLessThanOrEqual(MAX_LIST_LIMIT);
    });

    it('lists at most MAX_LIST_LIMIT items in one page, whatever limit is asked for', async () => {
      const page = await store.list('', { limit: 1_000_000 });
      expect(page.items.length).toBeLessThanOrEqual(MAX_LIST_LIMIT);
    });

    it('finds the keys that are due, earliest first, bounded, without the ones not due or expired', async () => {
      if (!advance) throw new Error('the store under test must take a clock');
      const t0 = Date.UTC(2026, 11, 1, 9);
      await store.put('team/late', 'l', null, { dueAt: t0 + 3000 });
      await store.put('team/early', 'e', null, { dueAt: t0 + 1000 });
      await store.put('team/middle', 'm', null, { dueAt: t0 + 2000 });
      await store.put('team/never', 'n', null);
      await store.put('team/future', 'f', null, { dueAt: t0 + 60_000 });
      await store.put('mark/gone', 'g', null, { dueAt: t0, ttlMs: 1000 });
      advance(2000);
      expect(await store.due(t0 + 3000, 10)).toEqual([
        { key: 'team/early', dueAt: t0 + 1000 },
        { key: 'team/middle', dueAt: t0 + 2000 },
        { key: 'team/late', dueAt: t0 + 3000 },
      ]);
      expect((await store.due(t0 + 3000, 2)).map((d) => d.key)).toEqual(['team/early', 'team/middle']);
      expect(await store.due(t0, 10)).toEqual([]);
    });

    it('writes the due time with the value: a write moves it, and a write without one clears it', async () => {
      const t0 = Date.UTC(2026, 11, 1, 9);
      await store.put('team/a', 'v1', null, { dueAt: t0 });
      await store.put('team/b', 'v1', null, { dueAt: t0 });
      await store.put('team/a', 'v2', 1, { dueAt: t0 + 5000 });
      await store.put('team/b', 'v2', 1);
      expect(await store.due(t0 + 1000, 10)).toEqual([]);
      expect(await store.due(t0 + 5000, 10)).toEqual([{ key: 'team/a', dueAt: t0 + 5000 }]);
      // A refused write changes nothing, the due time included.
      await store.put('team/a', 'stale', 1, { dueAt: t0 });
      expect(await store.due(t0, 10)).toEqual([]);
      await store.delete('team/a');
      expect(await store.due(t0 + 5000, 10)).toEqual([]);
    });

    it('reports its health', async () => {
      await expect(store.health()).resolves.toEqual({ ok: true });
    });

    it('closes; close is idempotent and later calls reject with a StoreError', async () => {
      await store.put('team/a', 'a', null);
      await expect(store.close()).resolves.toBeUndefined();
      await expect(store.close()).resolves.toBeUndefined();
      for (const call of [
        () => store.get('team/a'),
        () => store.put('team/a', 'b', 1),
        () => store.delete('team/a'),
        () => store.list(''),
        () => store.due(Date.now(), 10),
      ]) {
        const error = await call().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(StoreError);
      }
      await expect(store.health()).resolves.toMatchObject({ ok: false, code: 'STORE_UNAVAILABLE' });
    });
  });
}
