import { installationKey, purgeDueWorkspaces } from '../../../../src/adapters/slack/oauth';
import { purgeMarkKey } from '../../../../src/adapters/slack/oauth/purge';
import { teamKeyFromSlack } from '../../../../src/adapters/slack/team-key';
import { DialogEngine, teamRecordKey } from '../../../../src/core/engine';
import { LinkService } from '../../../../src/linking/LinkService';
import { runReminders } from '../../../../src/reminders/run';
import { ANNA, BEN } from '../../../helpers/slack/payloads';
import { BETA, GAMMA, type OAuthHarness, startOAuthHarness } from './oauth-harness';

/**
 * A workspace that uninstalls the app (`app_uninstalled`) or revokes its bot token (`tokens_revoked`): the
 * installation goes at once, a later request from there is refused cleanly, and the workspace's onboarding records
 * are deleted by the reminder round once the grace period is over, not before. Another workspace is not touched.
 */

const DAY = 24 * 3600_000;
const SHOP = teamKeyFromSlack('T0BETA', 'C0SHOP');
const STORE = teamKeyFromSlack('T0GAMMA', 'C0STORE');

let h: OAuthHarness;
beforeEach(async () => {
  h = await startOAuthHarness();
  await h.install(BETA);
  await h.install(GAMMA);
  await h.command('T0BETA', 'C0SHOP', 'start', ANNA);
  await h.command('T0GAMMA', 'C0STORE', 'start', BEN);
});
afterEach(async () => {
  await h.close();
});

const uninstalled = () => h.event('T0BETA', { type: 'app_uninstalled', event_ts: '1700000000.000100' });
const revoked = (tokens: { bot?: string[]; oauth?: string[] }) =>
  h.event('T0BETA', { type: 'tokens_revoked', tokens, event_ts: '1700000000.000200' });

async function keysOf(prefix: string): Promise<string[]> {
  return (await h.store.list(prefix, { limit: 1000 })).items.map((item) => item.key);
}

describe.each([
  ['app_uninstalled', uninstalled],
  ['tokens_revoked', () => revoked({ bot: ['U0BOTB'] })],
])('%s', (_name, end) => {
  it('deletes the installation at once; a later command from there is refused cleanly and logged once', async () => {
    expect((await end()).status).toBe(200);
    expect(await h.store.get(installationKey(null, 'T0BETA'))).toBeNull();
    expect(await h.store.get(installationKey(null, 'T0GAMMA'))).not.toBeNull();

    const before = h.fake.mark();
    const answer = await h.command('T0BETA', 'C0SHOP', 'status', ANNA);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect(h.fake.since(before)).toEqual([]);
    expect(h.logger.problems()).toEqual([
      expect.objectContaining({
        text: 'slack: refused a request from workspace T0BETA: the app is not installed there (or was uninstalled)',
      }),
    ]);

    // The other workspace goes on, with its own token.
    const next = h.fake.mark();
    await h.command('T0GAMMA', 'C0STORE', 'status', BEN);
    const calls = h.fake.since(next);
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.token)).size).toBe(1);
    expect(h.fake.workspaces.get(calls[0]?.token ?? '')?.teamId).toBe('T0GAMMA');
  });
});

it('a revocation of user tokens only keeps the installation', async () => {
  await revoked({ oauth: ['U0ANNA'] });
  expect(await h.store.get(installationKey(null, 'T0BETA'))).not.toBeNull();
  expect(await h.store.get(purgeMarkKey('T0BETA'))).toBeNull();
});

describe('the grace period', () => {
  beforeEach(async () => {
    // What the workspace leaves behind: its channel's record, the engine's delivery marks, a link code for Alexa.
    await new LinkService({ store: h.store }).createCode(SHOP, ANNA.id);
    expect(await keysOf(`applied:${SHOP}:`)).not.toEqual([]);
    await uninstalled();
    // Both events come for one uninstall: the second changes nothing.
    await revoked({ bot: ['U0BOTB'] });
  });

  const round = (at: Date) =>
    runReminders(at, {
      engine: new DialogEngine({ store: h.store }),
      store: h.store,
      logger: h.logger,
      senderFor: () => null,
      purge: (now) => purgeDueWorkspaces(now, { store: h.store, logger: h.logger }),
    });

  it('keeps the records for 30 days, then the reminder round deletes them (and only them)', async () => {
    const uninstalledAt = h.clock.now.getTime();
    const early = await round(new Date(uninstalledAt + 30 * DAY - 60_000));
    expect(early.purge).toEqual([]);
    expect(await h.store.get(teamRecordKey(SHOP))).not.toBeNull();

    const due = await round(new Date(uninstalledAt + 30 * DAY + 60_000));
    expect(due.errors).toEqual([]);
    expect(due.purge).toEqual([
      {
        teamId: 'T0BETA',
        teams: [SHOP],
        counts: { records: 1, deliveryMarks: expect.any(Number), keptAside: 0, links: 1, questions: 0 },
      },
    ]);
    expect(await h.store.get(teamRecordKey(SHOP))).toBeNull();
    expect(await keysOf(`applied:${SHOP}:`)).toEqual([]);
    expect(await keysOf('link:code:')).toEqual([]);
    expect(await h.store.get(purgeMarkKey('T0BETA'))).toBeNull();
    expect(h.logger.lines.filter((l) => /purged workspace T0BETA/.test(l.text))).toHaveLength(1);
    // The other workspace keeps everything.
    expect(await h.store.get(teamRecordKey(STORE))).not.toBeNull();
    expect(await h.store.get(installationKey(null, 'T0GAMMA'))).not.toBeNull();
    // Nothing is left to purge: the next round reads nothing and deletes nothing.
    expect((await round(new Date(uninstalledAt + 31 * DAY))).purge).toEqual([]);
  });

  it('a reinstall within the grace period keeps the records', async () => {
    h.advance(3 * DAY);
    await h.install(BETA);
    expect(await h.store.get(purgeMarkKey('T0BETA'))).toBeNull();
    const later = await round(new Date(h.clock.now.getTime() + 40 * DAY));
    expect(later.purge).toEqual([]);
    expect(await h.store.get(teamRecordKey(SHOP))).not.toBeNull();
    // And the workspace is served again, with its new token.
    const before = h.fake.mark();
    await h.command('T0BETA', 'C0SHOP', 'status', ANNA);
    const calls = h.fake.since(before);
    expect(calls.length).toBeGreaterThan(0);
    const stored = JSON.parse((await h.store.get(installationKey(null, 'T0BETA')))?.value ?? '{}');
    expect(new Set(calls.map((c) => c.token))).toEqual(new Set([stored.bot.token]));
  });
});

it('honours SLACK_UNINSTALL_GRACE_DAYS', async () => {
  await h.close();
  h = await startOAuthHarness({ graceDays: 7 });
  await h.install(BETA);
  await h.command('T0BETA', 'C0SHOP', 'start', ANNA);
  await uninstalled();
  const at = h.clock.now.getTime();
  const deps = { store: h.store, logger: h.logger };
  expect(await purgeDueWorkspaces(new Date(at + 7 * DAY - 1000), deps)).toEqual([]);
  expect(await purgeDueWorkspaces(new Date(at + 7 * DAY), deps)).toHaveLength(1);
  expect(await h.store.get(teamRecordKey(SHOP))).toBeNull();
});
