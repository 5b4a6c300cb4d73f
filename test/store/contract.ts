import { type KeyValueStore, StoreError } from '../../src/store/port';

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
      const [listed] = await store.list('team/');
      if (!listed) throw new Error('expected a listed value');
      listed.value = 'mutated';
      await expect(store.get('team/a')).resolves.toEqual({ value: 'a', version: 1 });
    });

    it('lists by prefix, in key order, with values and versions', async () => {
      for (const key of ['team/c', 'other/a', 'team/a', 'teams/x', 'team/b/2', 'team/b', 'tea']) {
        await store.put(key, `value of ${key}`, null);
      }
      await store.put('team/b', 'b updated', 1);

      await expect(store.list('team/')).resolves.toEqual([
        { key: 'team/a', value: 'value of team/a', version: 1 },
        { key: 'team/b', value: 'b updated', version: 2 },
        { key: 'team/b/2', value: 'value of team/b/2', version: 1 },
        { key: 'team/c', value: 'value of team/c', version: 1 },
      ]);
      expect((await store.list('team')).map((item) => item.key)).toEqual([
        'team/a',
        'team/b',
        'team/b/2',
        'team/c',
        'teams/x',
      ]);
      expect((await store.list('')).map((item) => item.key)).toEqual([
        'other/a',
        'tea',
        'team/a',
        'team/b',
        'team/b/2',
        'team/c',
        'teams/x',
      ]);
      await expect(store.list('nobody/')).resolves.toEqual([]);
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
      expect((await store.list('50%_off/')).map((item) => item.key)).toEqual(['50%_off/a', '50%_off/b']);
      expect((await store.list('50_')).map((item) => item.key)).toEqual([]);
      expect((await store.list('%')).map((item) => item.key)).toEqual([]);
      expect((await store.list('50%_')).map((item) => item.key)).toEqual([
        '50%_OFF/a',
        '50%_off/a',
        '50%_off/b',
      ]);
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
      await expect(store.list('team/Müller')).resolves.toEqual([{ key, value, version: 1 }]);
      await expect(store.list('team/Mu')).resolves.toEqual([]);
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
      expect((await store.list('team/')).map((item) => item.key)).toEqual(['team/b']);
      await expect(store.put('team/a', 'again', null)).resolves.toEqual({ ok: true, version: 1 });
    });

    it('lets a value expire: then it reads as absent, is not listed, and a create may replace it', async () => {
      if (!advance) throw new Error('the store under test must take a clock');
      await store.put('mark/a', 'soon gone', null, { ttlMs: 60_000 });
      await store.put('mark/b', 'kept', null);
      await expect(store.get('mark/a')).resolves.toEqual({ value: 'soon gone', version: 1 });
      advance(61_000);
      await expect(store.get('mark/a')).resolves.toBeNull();
      expect((await store.list('mark/')).map((item) => item.key)).toEqual(['mark/b']);
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
