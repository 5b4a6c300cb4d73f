import { listAll } from '../../src/store/list-all';
import { MemoryStore } from '../../src/store/MemoryStore';
import { StoreError } from '../../src/store/port';
import { describeStoreContract } from './contract';

/** A store on a clock the contract can move. */
function clocked(options: { delayMs?: number } = {}) {
  let offset = 0;
  return {
    store: new MemoryStore({ ...options, now: () => Date.now() + offset }),
    cleanup: async () => {},
    advance: (ms: number) => {
      offset += ms;
    },
  };
}

describeStoreContract('MemoryStore', async () => clocked());
describeStoreContract('MemoryStore with delayMs', async () => clocked({ delayMs: 2 }));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to reject');
    },
    (error: unknown) => error,
  );
}

describe('MemoryStore test hooks', () => {
  it('setDown(true) makes get, put and list reject with STORE_UNAVAILABLE; setDown(false) brings the data back', async () => {
    const store = new MemoryStore();
    await store.put('team/a', 'a', null);
    store.setDown(true);
    for (const call of [
      () => store.get('team/a'),
      () => store.put('team/a', 'b', 1),
      () => listAll(store, 'team/'),
    ]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        hint: expect.stringContaining('setDown(false)'),
      });
    }
    store.setDown(false);
    await expect(store.get('team/a')).resolves.toEqual({ value: 'a', version: 1 });
    store.setDown(true);
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('a write that was still waiting when the store went down fails and is not applied', async () => {
    const store = new MemoryStore({ delayMs: 30 });
    const pending = store.put('team/a', 'a', null);
    store.setDown(true);
    expect(await rejection(pending)).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    store.setDown(false);
    await expect(store.get('team/a')).resolves.toBeNull();
  });

  it('delayMs slows every call down', async () => {
    const store = new MemoryStore({ delayMs: 50 });
    const started = performance.now();
    await store.put('team/a', 'a', null);
    await store.get('team/a');
    await listAll(store, 'team/');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rejects a negative delay', () => {
    expect(() => new MemoryStore({ delayMs: -1 })).toThrow(RangeError);
  });
});
