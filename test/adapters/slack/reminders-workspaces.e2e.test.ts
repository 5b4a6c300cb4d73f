import type { Installation } from '@slack/oauth';
import {
  missingSlackSettings,
  readySlackConfig,
  SlackConfigSchema,
} from '../../../src/adapters/slack/config';
import { installationKey, PortInstallationStore } from '../../../src/adapters/slack/oauth';
import { parseEnv } from '../../../src/config';
import type { Locale } from '../../../src/core/context';
import { DialogEngine } from '../../../src/core/engine';
import { text } from '../../../src/core/i18n';
import { createRemindersHandlerFromEnv } from '../../../src/reminders/lambda';
import { openStore } from '../../../src/store/open-store';
import { CaptureLogger } from '../../helpers/slack/capture-logger';
import { FakeSlackApi, type RecordedCall } from '../../helpers/slack/fake-slack-api';
import { roundWith, workspaceRemindersOf } from '../../helpers/slack/reminders';
import { DUE, seedStalledTeams } from '../../reminders/seed';
import { type Dynalite, startDynalite, uniquePartition } from '../../store/dynalite';
import { BETA, GAMMA, type OAuthHarness, startOAuthHarness } from './oauth/oauth-harness';

/**
 * Reminders with many workspaces (OAuth): each stalled team's nudge goes out with its own workspace's bot token from
 * the installation store, an uninstalled workspace's teams get none (and leave the due index), a rotating token that
 * expires soon is refreshed first and saved back, and the experts' digest goes out with DIGEST_TEAM's token.
 */

let h: OAuthHarness;
afterEach(async () => {
  await h?.close();
});

const tokenOf = async (teamId: string): Promise<string> =>
  JSON.parse((await h.store.get(installationKey(null, teamId)))?.value ?? '{}').bot?.token;

const nudges = (calls: RecordedCall[]) =>
  calls.filter(
    (call) =>
      call.method === 'chat.postMessage' &&
      call.response.ok === true &&
      (call.args.metadata as { event_type?: string } | undefined)?.event_type === 'paysetup_nudge',
  );

const teamOf = (call: RecordedCall) =>
  (call.args.metadata as { event_payload?: { team?: string } }).event_payload?.team;

async function stalled(workspace: string, locale: Locale): Promise<string> {
  const [team] = await seedStalledTeams(h.store, { count: 1, workspace, locales: [locale], ownerEvery: 1 });
  return team as string;
}

describe.each(['de', 'en'] as const)('reminders in multi-workspace mode (%s)', (locale) => {
  beforeEach(async () => {
    h = await startOAuthHarness();
  });

  it("nudges each workspace's team with that workspace's token, never another's", async () => {
    await h.install(BETA);
    await h.install(GAMMA);
    const beta = await stalled('T0BETA', locale);
    const gamma = await stalled('T0GAMMA', locale === 'de' ? 'en' : 'de');
    const engine = new DialogEngine({ store: h.store, now: () => DUE });
    const reminders = workspaceRemindersOf(h, { engine, defaultLocale: locale });

    const mark = h.fake.mark();
    const round = await roundWith(h, engine, reminders, DUE);
    expect(round.errors).toEqual([]);
    const posted = nudges(h.fake.since(mark));
    expect(posted.map(teamOf).sort()).toEqual([beta, gamma].sort());
    const betaToken = await tokenOf('T0BETA');
    const gammaToken = await tokenOf('T0GAMMA');
    expect(betaToken).not.toBe(gammaToken);
    for (const call of posted) expect(call.token).toBe(teamOf(call) === beta ? betaToken : gammaToken);
    // Every call of the round went out with the token of the workspace it was for.
    for (const call of h.fake.since(mark)) expect([betaToken, gammaToken]).toContain(call.token);
    const texts = Object.fromEntries(posted.map((call) => [teamOf(call), String(call.args.text)]));
    expect(texts[beta]).not.toEqual(texts[gamma]);
  });

  it("an uninstalled workspace's team gets no nudge and leaves the due index; the others still get theirs", async () => {
    await h.install(BETA);
    await h.install(GAMMA);
    const beta = await stalled('T0BETA', locale);
    const gamma = await stalled('T0GAMMA', locale);
    await h.installations.deleteInstallation({
      teamId: 'T0GAMMA',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    const engine = new DialogEngine({ store: h.store, now: () => DUE });
    const reminders = workspaceRemindersOf(h, { engine, defaultLocale: locale });

    const mark = h.fake.mark();
    const round = await roundWith(h, engine, reminders, DUE);
    expect(nudges(h.fake.since(mark)).map(teamOf)).toEqual([beta]);
    expect(round.sweep?.entries.find((e) => e.team === gamma)?.outcome).toBe('rescheduled');
    expect(h.logger.matching(/no channel reaches this team; its due time is cleared/)).toHaveLength(1);
    const due = await h.store.due(DUE.getTime() + 365 * 86_400_000, 100);
    expect(due.map((d) => d.key).some((key) => key.includes('T0GAMMA'))).toBe(false);
    expect(due.map((d) => d.key).some((key) => key.includes('T0BETA'))).toBe(true);
  });

  it("nudges a channel of an Enterprise Grid org-wide install with the org's token", async () => {
    await h.install({
      teamId: 'T0GRIDA',
      teamName: 'Grid Shop A',
      enterpriseId: 'E0GRID',
      botUserId: 'U0BOTGRID',
      botId: 'B0GRID',
      isEnterpriseInstall: true,
    });
    await h.install(BETA);
    // An org-wide install's channels are keyed by the org (what a delivery from it writes).
    const grid = await stalled('E0GRID', locale);
    const engine = new DialogEngine({ store: h.store, now: () => DUE });
    const reminders = workspaceRemindersOf(h, { engine, defaultLocale: locale });

    const mark = h.fake.mark();
    const round = await roundWith(h, engine, reminders, DUE);
    expect(round.errors).toEqual([]);
    const posted = nudges(h.fake.since(mark));
    expect(posted.map(teamOf)).toEqual([grid]);
    const org = JSON.parse((await h.store.get(installationKey('E0GRID', null)))?.value ?? '{}').bot?.token;
    expect(posted[0]?.token).toBe(org);
    expect(org).not.toBe(await tokenOf('T0BETA'));
  });

  it('refreshes a rotating token that expires within two hours before the nudge, and saves it back', async () => {
    await h.install({ ...BETA, rotation: true, expiresIn: 3600 });
    const first = JSON.parse((await h.store.get(installationKey(null, 'T0BETA')))?.value ?? '{}').bot;
    const beta = await stalled('T0BETA', locale);
    const engine = new DialogEngine({ store: h.store, now: () => DUE });
    const reminders = workspaceRemindersOf(h, { engine, defaultLocale: locale });

    const mark = h.fake.mark();
    await roundWith(h, engine, reminders, DUE);
    const calls = h.fake.since(mark);
    const refresh = calls.findIndex((c) => c.method === 'oauth.v2.access');
    expect(calls.filter((c) => c.method === 'oauth.v2.access')).toHaveLength(1);
    expect(calls[refresh]?.args).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: first.refreshToken,
    });
    const after = JSON.parse((await h.store.get(installationKey(null, 'T0BETA')))?.value ?? '{}').bot;
    expect(after.token).not.toBe(first.token);
    expect(after.expiresAt).toBeGreaterThan(first.expiresAt);
    expect(h.fake.knowsRefreshToken(after.refreshToken)).toBe(true);
    const posted = nudges(calls);
    expect(posted.map(teamOf)).toEqual([beta]);
    expect(posted[0]?.token).toBe(after.token);
    expect(calls.indexOf(posted[0] as RecordedCall)).toBeGreaterThan(refresh);
  });

  it("posts the experts' digest with DIGEST_TEAM's token", async () => {
    await h.install(BETA);
    await h.install(GAMMA);
    await stalled('T0BETA', locale);
    await stalled('T0GAMMA', locale);
    const engine = new DialogEngine({ store: h.store, now: () => DUE });
    const reminders = workspaceRemindersOf(h, {
      engine,
      defaultLocale: locale,
      digestChannel: 'C0EXPERTS',
      digestTeam: 'T0GAMMA',
    });

    const mark = h.fake.mark();
    const round = await roundWith(h, engine, reminders, DUE);
    expect(round.digest).toMatchObject({ kind: 'posted', stalled: 2 });
    const digest = h.fake
      .since(mark, 'chat.postMessage')
      .filter((c) => (c.args.metadata as { event_type?: string }).event_type === 'paysetup_digest');
    expect(digest).toHaveLength(1);
    expect(digest[0]?.args.channel).toBe('C0EXPERTS');
    expect(digest[0]?.token).toBe(await tokenOf('T0GAMMA'));
    expect(String(digest[0]?.args.text)).toContain(text(locale, 'slack:digest.intro', { count: 2 }));
  });
});

describe('DIGEST_TEAM', () => {
  const multi = {
    SLACK_SIGNING_SECRET: 'signing-secret-0123',
    SLACK_CLIENT_ID: '1234.5678',
    SLACK_CLIENT_SECRET: 'fakeclientsecret0123456789abcdef',
    SLACK_STATE_SECRET: 'state-secret-0123456789',
  };

  it.each(['T0GAMMA', 'T12345'])('takes a workspace id (%s) and hands it on', (id) => {
    const config = parseEnv(SlackConfigSchema, { ...multi, DIGEST_CHANNEL: 'C0EXPERTS', DIGEST_TEAM: id });
    expect(missingSlackSettings(config)).toEqual([]);
    expect(readySlackConfig(config)).toMatchObject({ digestChannel: 'C0EXPERTS', digestTeam: id });
  });

  it.each(['gamma', 'T0gamma', 'C0EXPERTS', 'T'])('refuses %s', (value) => {
    expect(() => parseEnv(SlackConfigSchema, { ...multi, DIGEST_TEAM: value })).toThrow(
      'DIGEST_TEAM: must be a workspace id (T…), not its name',
    );
  });

  it('is required with DIGEST_CHANNEL in multi-workspace mode, not with one workspace', () => {
    const config = parseEnv(SlackConfigSchema, { ...multi, DIGEST_CHANNEL: 'C0EXPERTS' });
    expect(missingSlackSettings(config)).toEqual([
      'DIGEST_TEAM must be set with DIGEST_CHANNEL in multi-workspace mode (the id T… of its workspace)',
    ]);
    expect(readySlackConfig(config)).toBeNull();
    const single = parseEnv(SlackConfigSchema, {
      SLACK_SIGNING_SECRET: multi.SLACK_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-1',
      DIGEST_CHANNEL: 'C0EXPERTS',
    });
    expect(missingSlackSettings(single)).toEqual([]);
    expect(readySlackConfig(single)).toMatchObject({ digestChannel: 'C0EXPERTS' });
  });
});

describe('the reminders Lambda in multi-workspace mode', () => {
  let dyn: Dynalite;
  beforeAll(async () => {
    dyn = await startDynalite();
  });
  afterAll(async () => {
    await dyn.close();
  });

  const installation = (teamId: string, token: string): Installation<'v2', false> => ({
    team: { id: teamId },
    user: { id: 'U0ANNA', token: undefined, scopes: undefined },
    enterprise: undefined,
    bot: { token, scopes: ['chat:write'], id: `B${teamId}`, userId: `U${teamId}` },
    isEnterpriseInstall: false,
    appId: 'A0PAYSETUP',
    authVersion: 'v2',
  });

  it("nudges each workspace's team with its own token from the installation store", async () => {
    const fake = await new FakeSlackApi().start();
    const storeUrl = dyn.url(uniquePartition('reminders-workspaces'));
    const store = await openStore(storeUrl);
    try {
      const installations = new PortInstallationStore(store);
      await installations.storeInstallation(installation('T0BETA', 'xoxb-beta-token'));
      await installations.storeInstallation(installation('T0GAMMA', 'xoxb-gamma-token'));
      const [beta] = await seedStalledTeams(store, { count: 1, workspace: 'T0BETA', locales: ['de'] });
      const [gamma] = await seedStalledTeams(store, { count: 1, workspace: 'T0GAMMA', locales: ['en'] });
      const [delta] = await seedStalledTeams(store, { count: 1, workspace: 'T0DELTA', locales: ['de'] });
      const invoke = createRemindersHandlerFromEnv(
        {
          STORE_URL: storeUrl,
          SLACK_API_URL: fake.url,
          SLACK_CLIENT_ID: fake.oauthClient.id,
          SLACK_CLIENT_SECRET: fake.oauthClient.secret,
          SLACK_STATE_SECRET: 'state-secret-for-the-reminders-0123456789',
          DEFAULT_LOCALE: 'de',
        },
        { parameters: async () => new Map(), logger: new CaptureLogger(), now: () => DUE },
      );
      const result = await invoke({ time: DUE.toISOString() });
      expect(result).toMatchObject({ ok: true, due: 3 });
      const posted = nudges(fake.calls);
      expect(Object.fromEntries(posted.map((call) => [teamOf(call), call.token]))).toEqual({
        [beta as string]: 'xoxb-beta-token',
        [gamma as string]: 'xoxb-gamma-token',
      });
      expect(posted.map(teamOf)).not.toContain(delta);
    } finally {
      await store.close();
      await fake.stop();
    }
  });

  it('wants DIGEST_TEAM with DIGEST_CHANNEL', async () => {
    const invoke = createRemindersHandlerFromEnv(
      {
        STORE_URL: 'memory:',
        SLACK_CLIENT_ID: '1111111111.2222222222222',
        SLACK_CLIENT_SECRET: 'fakeclientsecret0123456789abcdef',
        SLACK_STATE_SECRET: 'state-secret-for-the-reminders-0123456789',
        DIGEST_CHANNEL: 'C0EXPERTS',
      },
      { parameters: async () => new Map(), logger: new CaptureLogger(), now: () => DUE },
    );
    await expect(invoke({ time: DUE.toISOString() })).rejects.toThrow(/DIGEST_TEAM/);
  });
});
