import { channelHomeKey } from '../../../../src/adapters/slack/ChannelHomes';
import { installationKey } from '../../../../src/adapters/slack/oauth';
import { purgeMarkOf, purgeWorkspace } from '../../../../src/adapters/slack/oauth/purge';
import { teamKeyFromSlack } from '../../../../src/adapters/slack/team-key';
import { teamRecordKey } from '../../../../src/core/engine';
import type { FakeGrant } from '../../../helpers/slack/fake-slack-api';
import { ANNA, appMentionEvent, BEN, slashCommandFields } from '../../../helpers/slack/payloads';
import { BETA, GAMMA, type OAuthHarness, startOAuthHarness } from './oauth-harness';

/**
 * Many installations meeting in one channel: a Slack Connect channel shared by two organisations that both installed
 * the app (Slack delivers each event with one of the two installations), and an Enterprise Grid org-wide install.
 */

let h: OAuthHarness;
beforeEach(async () => {
  h = await startOAuthHarness();
});
afterEach(async () => {
  await h.close();
});

const SHARED = 'C0SHARED';

async function tokenOf(enterpriseId: string | null, teamId: string | null): Promise<string> {
  return JSON.parse((await h.store.get(installationKey(enterpriseId, teamId)))?.value ?? '{}').bot?.token;
}

it('a channel shared by two installing organisations is one onboarding, each side served with its own token', async () => {
  await h.install(BETA);
  await h.install(GAMMA);
  const beta = await tokenOf(null, 'T0BETA');
  const gamma = await tokenOf(null, 'T0GAMMA');

  await h.command('T0BETA', SHARED, 'start', ANNA);
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack('T0BETA', SHARED)))).not.toBeNull();

  // The same channel, delivered to Gamma's installation: Gamma's member asks for the status.
  const mark = h.fake.mark();
  await h.event('T0GAMMA', {
    ...appMentionEvent(BEN, SHARED, 'status'),
    text: `<@${GAMMA.botUserId}> status`,
    user_team: 'T0GAMMA',
  });
  const calls = h.fake.since(mark);
  const posts = calls.filter((c) => c.method.startsWith('chat.post'));
  expect(posts).toHaveLength(1);
  // It is Beta's onboarding (the channel's home), answered with Gamma's token (the delivery's installation).
  expect(JSON.stringify(posts[0]?.args)).toContain('Schritt 1 von 5');
  expect(new Set(calls.map((c) => c.token))).toEqual(new Set([gamma]));
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack('T0GAMMA', SHARED)))).toBeNull();
  expect(JSON.parse((await h.store.get(channelHomeKey(SHARED)))?.value ?? '{}').installation).toBe('T0BETA');
  expect(beta).not.toBe(gamma);

  // When Beta's records are purged, the home goes with them: Gamma's side starts afresh under its own key.
  await purgeWorkspace(h.store, 'T0BETA');
  expect(await h.store.get(channelHomeKey(SHARED))).toBeNull();
});

it("the other organisation's App Home shows the shared channel's onboarding, homed at the first installation", async () => {
  await h.install(BETA);
  await h.install(GAMMA);
  await h.command('T0BETA', SHARED, 'start', ANNA);
  h.fake.memberships.set(BEN.id, [SHARED, 'C0GAMMAONLY']);
  h.fake.sharedChannels.add(SHARED);
  const mark = h.fake.mark();
  await h.event('T0GAMMA', {
    type: 'app_home_opened',
    user: BEN.id,
    channel: 'D0HOME',
    tab: 'home',
    event_ts: '1.1',
  });
  const published = h.fake.since(mark).filter((c) => c.method === 'views.publish');
  expect(published).toHaveLength(1);
  expect(published[0]?.token).toBe(await tokenOf(null, 'T0GAMMA'));
  const shown = JSON.stringify((published[0]?.args.view as { blocks?: unknown } | undefined)?.blocks);
  expect(shown).toContain(`<#${SHARED}>`);
  // Nothing was written for it: the home is Beta's, and Gamma's side only read it.
  expect(JSON.parse((await h.store.get(channelHomeKey(SHARED)))?.value ?? '{}').installation).toBe('T0BETA');
  expect(await h.store.get(channelHomeKey('C0GAMMAONLY'))).toBeNull();
});

const GRID: FakeGrant = {
  teamId: 'T0GRIDA',
  teamName: 'Grid Shop A',
  enterpriseId: 'E0GRID',
  enterpriseName: 'Grid AG',
  botUserId: 'U0BOTGRID',
  botId: 'B0GRID',
  isEnterpriseInstall: true,
};

it('an org-wide install keys its channels by the org, and its uninstall marks the org for the purge', async () => {
  const installed = await h.install(GRID);
  expect(installed.status).toBe(200);
  const org = await tokenOf('E0GRID', null);
  expect(org).toEqual(expect.any(String));

  const fields = {
    ...slashCommandFields('start', ANNA, { channel: 'C0GRID', teamId: 'T0GRIDA' }, h.fake.responseUrl('g')),
    enterprise_id: 'E0GRID',
    enterprise_name: 'Grid AG',
    is_enterprise_install: 'true',
  };
  const mark = h.fake.mark();
  expect((await h.sender.command(fields)).status).toBe(200);
  await h.idle();
  expect(h.fake.since(mark).filter((c) => c.method === 'chat.postMessage').length).toBeGreaterThan(0);
  expect(new Set(h.fake.since(mark).map((c) => c.token))).toEqual(new Set([org]));
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack('E0GRID', 'C0GRID')))).not.toBeNull();
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack('T0GRIDA', 'C0GRID')))).toBeNull();

  await h.sender.event({
    token: 'x',
    team_id: 'T0GRIDA',
    enterprise_id: 'E0GRID',
    api_app_id: 'A0PAYSETUP',
    event: { type: 'app_uninstalled', event_ts: '1700000000.000100' },
    type: 'event_callback',
    event_id: 'Ev0GRIDGONE',
    event_time: 1_700_000_000,
    is_enterprise_install: true,
    authorizations: [
      {
        enterprise_id: 'E0GRID',
        team_id: null,
        user_id: 'U0BOTGRID',
        is_bot: true,
        is_enterprise_install: true,
      },
    ],
  });
  await h.idle();
  expect(await h.store.get(installationKey('E0GRID', null))).toBeNull();
  expect((await purgeMarkOf(h.store, 'E0GRID'))?.teamId).toBe('E0GRID');
  const purged = await purgeWorkspace(h.store, 'E0GRID');
  expect(purged.teams).toEqual([teamKeyFromSlack('E0GRID', 'C0GRID')]);
});
