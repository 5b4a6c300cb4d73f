import { installationKey } from '../../../../src/adapters/slack/oauth';
import { teamKeyFromSlack } from '../../../../src/adapters/slack/team-key';
import { teamRecordKey } from '../../../../src/core/engine';
import { ANNA, BEN } from '../../../helpers/slack/payloads';
import { BETA, GAMMA, type OAuthHarness, startOAuthHarness } from './oauth-harness';

/**
 * Multi-workspace mode end to end, through the real server and the fake Web API: each workspace installs the app
 * (state checked, code exchanged at `oauth.v2.access`, installation stored), and every request from a workspace is
 * served with that workspace's token, never another's.
 */

let h: OAuthHarness;
beforeEach(async () => {
  h = await startOAuthHarness();
});
afterEach(async () => {
  await h.close();
});

/** The bot token the fake handed out for a workspace's install. */
function tokenOf(teamId: string): string {
  const found = [...h.fake.workspaces.entries()].filter(([, w]) => w.teamId === teamId).map(([t]) => t);
  expect(found).toHaveLength(1);
  return found[0] as string;
}

it('stores the installation the code was exchanged for, under the workspace key', async () => {
  const { status } = await h.install(BETA);
  expect(status).toBe(200);
  const exchange = h.fake.callsOf('oauth.v2.access');
  expect(exchange).toHaveLength(1);
  expect(exchange[0]?.args).toMatchObject({ client_id: h.fake.oauthClient.id, code: expect.any(String) });
  const stored = await h.store.get(installationKey(null, BETA.teamId));
  expect(JSON.parse(stored?.value ?? '{}')).toMatchObject({
    team: { id: 'T0BETA', name: 'Beta GmbH' },
    bot: { token: tokenOf('T0BETA'), userId: 'U0BOTB', id: 'B0BETA' },
    isEnterpriseInstall: false,
  });
  // auth.test was asked with the new token (the bot id comes from there).
  expect(h.fake.callsOf('auth.test').map((c) => c.token)).toEqual([tokenOf('T0BETA')]);
});

it("serves a workspace's command with that workspace's token, and two workspaces side by side", async () => {
  await h.install(BETA);
  await h.install(GAMMA);
  const beta = tokenOf('T0BETA');
  const gamma = tokenOf('T0GAMMA');

  const before = h.fake.mark();
  const answer = await h.command('T0BETA', 'C0SHOP', 'start', ANNA);
  expect(answer.status).toBe(200);
  const betaCalls = h.fake.since(before);
  expect(betaCalls.length).toBeGreaterThan(0);
  expect(betaCalls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0SHOP')).not.toEqual(
    [],
  );
  expect(new Set(betaCalls.map((c) => c.token))).toEqual(new Set([beta]));

  const between = h.fake.mark();
  await h.command('T0GAMMA', 'C0STORE', 'start', BEN);
  const gammaCalls = h.fake.since(between);
  expect(
    gammaCalls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0STORE'),
  ).not.toEqual([]);
  expect(new Set(gammaCalls.map((c) => c.token))).toEqual(new Set([gamma]));

  // Each channel's progress is its workspace's own.
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack('T0BETA', 'C0SHOP')))).not.toBeNull();
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack('T0GAMMA', 'C0STORE')))).not.toBeNull();
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack('T0GAMMA', 'C0SHOP')))).toBeNull();
  // No call anywhere went out with another token, or none.
  expect(
    h.fake.calls.every((c) => c.method === 'oauth.v2.access' || c.token === beta || c.token === gamma),
  ).toBe(true);
});

it('refuses a command from a workspace that never installed the app, with one log line and no Web API call', async () => {
  await h.install(BETA);
  const before = h.fake.mark();
  const answer = await h.command('T0NOBODY', 'C0ELSE', 'start', ANNA);
  expect(answer.status).toBe(200);
  expect(h.fake.since(before)).toEqual([]);
  expect(h.logger.problems()).toEqual([
    expect.objectContaining({
      text: expect.stringMatching(/refused a request from workspace T0NOBODY: the app is not installed/),
    }),
  ]);
});
