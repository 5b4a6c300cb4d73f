import { installationKey, PortInstallationStore } from '../../../../src/adapters/slack/oauth';
import { MemoryStore } from '../../../../src/store/MemoryStore';
import { ANNA } from '../../../helpers/slack/payloads';
import { BETA, type OAuthHarness, startOAuthHarness } from './oauth-harness';

/**
 * Token rotation (`token_rotation_enabled`): the install stores a refresh token and the expiry; a request whose token
 * expires within two hours has it refreshed (`oauth.v2.access` with `grant_type=refresh_token`) before the listener
 * runs, the new token and refresh token are saved back through the store with the version check, and the request's
 * calls use the new token.
 */

let h: OAuthHarness;
beforeEach(async () => {
  h = await startOAuthHarness();
});
afterEach(async () => {
  await h.close();
});

const stored = async () => JSON.parse((await h.store.get(installationKey(null, 'T0BETA')))?.value ?? '{}');

it('refreshes a token that expires soon, saves the new one, and serves the request with it', async () => {
  // Slack's first token lives an hour here: inside the two-hour window, so the first request refreshes it.
  await h.install({ ...BETA, rotation: true, expiresIn: 3600 });
  const first = await stored();
  expect(first.bot).toMatchObject({
    token: expect.stringMatching(/^xoxe\.xoxb-/),
    refreshToken: expect.any(String),
  });
  expect(first.bot.expiresAt).toBeGreaterThan(Date.now() / 1000);

  const before = h.fake.mark();
  await h.command('T0BETA', 'C0SHOP', 'start', ANNA);
  const refreshes = h.fake.since(before, 'oauth.v2.access');
  expect(refreshes).toHaveLength(1);
  expect(refreshes[0]?.args).toMatchObject({
    grant_type: 'refresh_token',
    refresh_token: first.bot.refreshToken,
  });

  const after = await stored();
  expect(after.bot.token).not.toBe(first.bot.token);
  expect(after.bot.refreshToken).not.toBe(first.bot.refreshToken);
  expect(after.bot.expiresAt).toBeGreaterThan(first.bot.expiresAt);
  expect(h.fake.knowsRefreshToken(after.bot.refreshToken)).toBe(true);
  const work = h.fake.since(before).filter((c) => c.method !== 'oauth.v2.access');
  expect(work.length).toBeGreaterThan(0);
  expect(new Set(work.map((c) => c.token))).toEqual(new Set([after.bot.token]));

  // Twelve hours now: the next request uses it as it is.
  const next = h.fake.mark();
  await h.command('T0BETA', 'C0SHOP', 'status', ANNA);
  expect(h.fake.since(next, 'oauth.v2.access')).toEqual([]);
  expect(new Set(h.fake.since(next).map((c) => c.token))).toEqual(new Set([after.bot.token]));
});

it('a token far from its expiry is not refreshed', async () => {
  await h.install({ ...BETA, rotation: true });
  const before = h.fake.mark();
  await h.command('T0BETA', 'C0SHOP', 'start', ANNA);
  expect(h.fake.since(before, 'oauth.v2.access')).toEqual([]);
});

describe('saving a refreshed token with the version check', () => {
  const installation = (token: string, expiresAt: number) => ({
    team: { id: 'T0BETA', name: 'Beta GmbH' },
    enterprise: undefined,
    user: { token: undefined, scopes: undefined, id: 'UINSTALLER' },
    bot: {
      token,
      refreshToken: `r-${token}`,
      expiresAt,
      scopes: ['commands'],
      id: 'B0BETA',
      userId: 'U0BOTB',
    },
    isEnterpriseInstall: false,
    authVersion: 'v2' as const,
  });

  it('keeps a fresher token that another process saved meanwhile', async () => {
    const store = new MemoryStore();
    const installations = new PortInstallationStore(store);
    await installations.storeInstallation(installation('xoxe.xoxb-new', 2_000_000_000));
    await installations.storeInstallation(installation('xoxe.xoxb-old', 1_900_000_000));
    const kept = await installations.fetchInstallation({
      teamId: 'T0BETA',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(kept.bot?.token).toBe('xoxe.xoxb-new');
    expect((await store.get(installationKey(null, 'T0BETA')))?.version).toBe(1);
  });

  it('writes over an older one, one version up', async () => {
    const store = new MemoryStore();
    const installations = new PortInstallationStore(store);
    await installations.storeInstallation(installation('xoxe.xoxb-old', 1_900_000_000));
    await installations.storeInstallation(installation('xoxe.xoxb-new', 2_000_000_000));
    expect((await store.get(installationKey(null, 'T0BETA')))?.version).toBe(2);
    const kept = await installations.fetchInstallation({
      teamId: 'T0BETA',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(kept.bot?.token).toBe('xoxe.xoxb-new');
  });

  it('an org-wide install serves every workspace of the org', async () => {
    const store = new MemoryStore();
    const installations = new PortInstallationStore(store);
    await installations.storeInstallation({
      ...installation('xoxb-org', 2_000_000_000),
      team: undefined,
      enterprise: { id: 'E0GRID', name: 'Grid AG' },
      isEnterpriseInstall: true,
    });
    expect(await store.get(installationKey('E0GRID', null))).not.toBeNull();
    const forWorkspace = await installations.fetchInstallation({
      teamId: 'T0ANY',
      enterpriseId: 'E0GRID',
      isEnterpriseInstall: false,
    });
    expect(forWorkspace.bot?.token).toBe('xoxb-org');
    await expect(
      installations.fetchInstallation({
        teamId: 'T0ANY',
        enterpriseId: 'E0OTHER',
        isEnterpriseInstall: false,
      }),
    ).rejects.toThrow('not installed');
  });
});
