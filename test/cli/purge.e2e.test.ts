import { installationKey } from '../../src/adapters/slack/oauth';
import { purgeMarkKey, schedulePurge } from '../../src/adapters/slack/oauth/purge';
import { DialogEngine, teamRecordKey } from '../../src/core/engine';
import { text } from '../../src/core/i18n';
import { LinkService } from '../../src/linking/LinkService';
import { QuestionLog } from '../../src/questions/QuestionLog';
import { openStore } from '../../src/store/open-store';
import { runCli, type TempStore, tempStore } from '../helpers/cli';
import { ANNA } from '../helpers/dialog';

/**
 * `paysetup purge --workspace T…` as an operator runs it (`node bin/paysetup`, a SQLite store): the workspace's
 * onboarding records go, what was deleted is printed in the operator's language, other workspaces stay.
 */

const SHOP = 'slack:T0BETA:C0SHOP';
const LAB = 'slack:T0BETA:C0LAB';
const OTHER = 'slack:T0GAMMA:C0STORE';

let temp: TempStore;

async function seed(): Promise<void> {
  const store = await openStore(temp.url);
  try {
    const engine = new DialogEngine({ store, defaultLocale: 'de' });
    for (const team of [SHOP, LAB, OTHER])
      await engine.handle(
        team,
        { type: 'START' },
        { actor: ANNA, channel: 'test', idempotencyKey: `start-${team}` },
      );
    await new LinkService({ store }).createCode(SHOP, ANNA.id);
    await new QuestionLog(store).record({
      team: LAB,
      via: 'slack',
      locale: 'de',
      text: 'was kostet das?',
      at: '2027-01-10T09:00:00.000Z',
      reason: 'outOfScope',
      closest: [],
    });
    await store.put(
      installationKey(null, 'T0GAMMA'),
      JSON.stringify({
        team: { id: 'T0GAMMA', name: 'Gamma Ltd' },
        bot: { token: 'xoxb-gamma', scopes: ['commands'], id: 'B0GAMMA', userId: 'U0BOTG' },
        isEnterpriseInstall: false,
        authVersion: 'v2',
      }),
      null,
    );
    await schedulePurge(store, {
      teamId: 'T0BETA',
      reason: 'app_uninstalled',
      uninstalledAt: new Date('2027-01-11T09:00:00Z'),
      purgeAt: new Date('2027-02-10T09:00:00Z'),
    });
  } finally {
    await store.close();
  }
}

async function keys(): Promise<string[]> {
  const store = await openStore(temp.url);
  try {
    return (await store.list('', { limit: 1000 })).items.map((item) => item.key);
  } finally {
    await store.close();
  }
}

beforeEach(async () => {
  temp = tempStore('paysetup-purge-');
  await seed();
});
afterEach(() => temp.remove());

it('deletes the workspace’s records, says what in German, and leaves the other workspace alone', async () => {
  const result = await runCli(['purge', '--workspace', 'T0BETA', '--store', temp.url, '--locale', 'de']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines[0]).toBe(
    text('de', 'slack:purge.done', {
      workspace: 'T0BETA',
      records: 2,
      deliveryMarks: 2,
      keptAside: 0,
      links: 1,
      questions: 1,
    }),
  );
  expect(lines.slice(1, 3).map((l) => l.trim())).toEqual([LAB, SHOP]);
  expect(lines[3]).toBe(text('de', 'slack:purge.planned', { date: '10. Februar 2027' }));
  const left = await keys();
  expect(left.filter((key) => key.includes('T0BETA'))).toEqual([]);
  expect(left).not.toContain(purgeMarkKey('T0BETA'));
  expect(left.filter((key) => key.startsWith('link:'))).toEqual([]);
  expect(left.filter((key) => key.startsWith('question:'))).toEqual([]);
  expect(left).toEqual(expect.arrayContaining([teamRecordKey(OTHER), installationKey(null, 'T0GAMMA')]));

  // Again: nothing more to delete, and it says so.
  const again = await runCli(['purge', '--workspace', 'T0BETA', '--store', temp.url, '--locale', 'de']);
  expect(again.stdout).toBe(`${text('de', 'slack:purge.none', { workspace: 'T0BETA' })}\n`);
});

it('in English, says that a workspace that still has the app keeps its installation', async () => {
  const result = await runCli(['purge', '--workspace', 'T0GAMMA', '--store', temp.url, '--locale', 'en']);
  expect(result.code).toBe(0);
  expect(result.stdout).toBe(
    [
      text('en', 'slack:purge.done', {
        workspace: 'T0GAMMA',
        records: 1,
        deliveryMarks: 1,
        keptAside: 0,
        links: 0,
        questions: 0,
      }),
      `  ${OTHER}`,
      text('en', 'slack:purge.stillInstalled'),
      '',
    ].join('\n'),
  );
  expect(await keys()).toContain(installationKey(null, 'T0GAMMA'));
});

it.each([
  [[], 'purge needs --workspace T…'],
  [['--workspace', 'C0SHOP'], '--workspace must be a Slack workspace id (T…), not "C0SHOP"'],
])('refuses %j without touching the store', async (args, message) => {
  const result = await runCli(['purge', ...args, '--store', temp.url]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(message);
  expect((await keys()).filter((key) => key.includes('T0BETA')).length).toBeGreaterThan(0);
});
