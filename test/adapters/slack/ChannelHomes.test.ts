import { ChannelHomes, channelHomeKey } from '../../../src/adapters/slack/ChannelHomes';
import { MemoryStore } from '../../../src/store/MemoryStore';

/** The home of a channel: the first installation that serves it, the same for every later delivery from either side. */

it('the first of two installations racing for a channel becomes its home, for both', async () => {
  const store = new MemoryStore();
  const a = new ChannelHomes(store);
  const b = new ChannelHomes(store);
  const keys = await Promise.all([
    a.teamKey({ teamId: 'T0AAA' }, 'C0SHARED'),
    b.teamKey({ teamId: 'T0BBB' }, 'C0SHARED'),
  ]);
  expect(keys[0]).toBe(keys[1]);
  expect(['slack:T0AAA:C0SHARED', 'slack:T0BBB:C0SHARED']).toContain(keys[0]);
  // A third process, later, from the other side: the same key.
  const c = new ChannelHomes(store);
  expect(await c.teamKey({ teamId: 'T0CCC' }, 'C0SHARED')).toBe(keys[0]);
});

it('keys an org-wide install by its org, and a workspace of a grid without one by the workspace', async () => {
  const homes = new ChannelHomes(new MemoryStore());
  expect(
    await homes.teamKey({ teamId: 'T0GA', enterpriseId: 'E0GRID', isEnterpriseInstall: true }, 'C1'),
  ).toBe('slack:E0GRID:C1');
  expect(
    await homes.teamKey({ teamId: 'T0GA', enterpriseId: 'E0GRID', isEnterpriseInstall: false }, 'C2'),
  ).toBe('slack:T0GA:C2');
  await expect(homes.teamKey({}, 'C3')).rejects.toMatchObject({ code: 'SLACK_NO_INSTALLATION' });
});

it('replaces a home record it did not write, and trusts a read home only for a while', async () => {
  const store = new MemoryStore();
  await store.put(channelHomeKey('C0X'), '{"installation":"<!channel>"}', null);
  let now = 1_000_000;
  const homes = new ChannelHomes(store, { ttlMs: 1000, now: () => now });
  expect(await homes.teamKey({ teamId: 'T0NEW' }, 'C0X')).toBe('slack:T0NEW:C0X');
  // Another process moved the home (a purge and a new first delivery): seen once the cached one expires.
  const stored = await store.get(channelHomeKey('C0X'));
  await store.put(channelHomeKey('C0X'), '{"installation":"T0OTHER"}', stored?.version ?? null);
  expect(await homes.teamKey({ teamId: 'T0NEW' }, 'C0X')).toBe('slack:T0NEW:C0X');
  now += 1001;
  expect(await homes.teamKey({ teamId: 'T0NEW' }, 'C0X')).toBe('slack:T0OTHER:C0X');
});
