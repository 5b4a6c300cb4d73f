import { CLAIM_TTL_MS, DeliveryClaims, STALE_CLAIM_MS } from '../../../src/adapters/slack/DeliveryClaims';
import { MemoryStore } from '../../../src/store/MemoryStore';

/** The marks behind the edge's deduplication, on a clock the test moves. */

let now: number;
let store: MemoryStore;
let claims: DeliveryClaims;

beforeEach(() => {
  now = Date.UTC(2026, 11, 1, 9);
  store = new MemoryStore({ now: () => now });
  claims = new DeliveryClaims(store, () => now);
});

it('lets the first delivery through and stops every repeat while it runs and after it is done', async () => {
  expect(await claims.claim('event:Ev1')).toBe('first');
  expect(await claims.claim('event:Ev1')).toBe('repeat');
  await claims.finish('event:Ev1');
  now += 5 * 60 * 1000; // Slack's last retry comes about five minutes after the first delivery
  expect(await claims.claim('event:Ev1')).toBe('repeat');
  expect(await claims.claim('event:Ev2')).toBe('first');
});

it('keeps a done mark for hours, then lets it expire', async () => {
  await claims.claim('command:1.2.a');
  await claims.finish('command:1.2.a');
  now += CLAIM_TTL_MS - 1000;
  expect(await claims.claim('command:1.2.a')).toBe('repeat');
  now += 2000;
  expect(await claims.claim('command:1.2.a')).toBe('first');
});

it('hands a delivery whose work never finished (its process died) to the next redelivery, once', async () => {
  expect(await claims.claim('action:1.1:U1')).toBe('first');
  now += STALE_CLAIM_MS - 1000;
  expect(await claims.claim('action:1.1:U1')).toBe('repeat');
  now += 2000;
  expect(await claims.claim('action:1.1:U1')).toBe('first');
  expect(await claims.claim('action:1.1:U1')).toBe('repeat');
});

it('lets a delivery whose work failed be tried again', async () => {
  await claims.claim('event:Ev3');
  await claims.release('event:Ev3');
  expect(await claims.claim('event:Ev3')).toBe('first');
});

it('reads an unreadable mark as stale, and says "unknown" while the store is down', async () => {
  await store.put('delivery:event:Ev4', '2026-12-01T09:00:00.000Z', null);
  expect(await claims.claim('event:Ev4')).toBe('first');
  store.setDown(true);
  expect(await claims.claim('event:Ev5')).toBe('unknown');
});
