import { DialogEngine } from '../../src/core/engine';
import { createRemindersHandlerFromEnv, type RemindersHandler } from '../../src/reminders/lambda';
import { ssmParameterSource } from '../../src/secrets';
import { openStore } from '../../src/store/open-store';
import type { KeyValueStore } from '../../src/store/port';
import { type FakeSsm, startFakeSsm, TEST_CREDENTIALS } from '../helpers/aws/fakes';
import { raw } from '../helpers/cli';
import { CaptureLogger } from '../helpers/slack/capture-logger';
import { type Dynalite, startDynalite, uniquePartition } from '../store/dynalite';
import { FakeSlackWeb } from './fake-slack';
import { ANNA, DUE, STARTED, seedStalledTeams, slackTeam } from './seed';

/**
 * The reminders function as EventBridge invokes it, in-process: its store is DynamoDB (dynalite), the bot token comes
 * from SSM by name (a fake SSM), the nudges go through the real Slack sender to a fake Web API.
 */

const TOKEN_PARAM = '/paysetup/test/slack-bot-token';
const TOKEN = 'xoxb-1111111111-2222222222-lambdaReminders';

/** What EventBridge sends for a `rate(1 minute)` rule (the shape of a real "Scheduled Event"). */
const scheduledEvent = (time: Date) => ({
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/paysetup-test-RemindersEventsRuleSchedule1-1X2Y3Z'],
  detail: {},
});

let dyn: Dynalite;
let ssm: FakeSsm;
let slack: FakeSlackWeb;
let storeUrl: string;
let store: KeyValueStore;
let logger: CaptureLogger;

beforeAll(async () => {
  dyn = await startDynalite();
});
afterAll(async () => {
  await dyn.close();
});
beforeEach(async () => {
  ssm = await startFakeSsm({ [TOKEN_PARAM]: TOKEN });
  slack = await new FakeSlackWeb().start();
  slack.nowMs = DUE.getTime();
  storeUrl = dyn.url(uniquePartition('reminders-lambda'));
  store = await openStore(storeUrl);
  logger = new CaptureLogger();
});
afterEach(async () => {
  await store.close();
  await slack.stop();
  await ssm.stop();
});

function handler(env: NodeJS.ProcessEnv = {}): RemindersHandler {
  return createRemindersHandlerFromEnv(
    {
      STORE_URL: storeUrl,
      SLACK_BOT_TOKEN_PARAM: TOKEN_PARAM,
      SLACK_API_URL: slack.url,
      DEFAULT_LOCALE: 'de',
      ...env,
    },
    {
      parameters: ssmParameterSource({
        endpoint: ssm.endpoint,
        region: 'eu-west-1',
        credentials: TEST_CREDENTIALS,
      }),
      logger,
      now: () => DUE,
    },
  );
}

it('a scheduled event: each due team gets its nudge in its channel and language, once', async () => {
  const [german, english] = await seedStalledTeams(store, { count: 2 });
  const invoke = handler();

  const result = await invoke(scheduledEvent(DUE), {});
  expect(result).toMatchObject({ ok: true, at: DUE.toISOString(), due: 2, errors: [] });
  expect(result).toHaveProperty('counts.sent', 2);
  expect(result).toHaveProperty('digest', { kind: 'skipped', reason: 'noChannel' });

  expect(slack.posts.map((post) => post.channel).sort()).toEqual(['C00000001', 'C00000002']);
  const postIn = (team: string) => slack.posts.find((post) => team.endsWith(`:${post.channel}`));
  expect(postIn(german as string)?.text).toMatch(new RegExp(`^${raw('de', 'nudge.helloTeam')} `));
  expect(postIn(english as string)?.text).toMatch(new RegExp(`^${raw('en', 'nudge.helloTeam')} `));
  expect(postIn(german as string)?.metadata).toEqual({
    event_type: 'paysetup_nudge',
    event_payload: { team: german, nudge: 'n1' },
  });
  // The token read from SSM (decrypted) is what the posts carry; it was read once for this container.
  expect(new Set(slack.posts.map((post) => post.token))).toEqual(new Set([TOKEN]));

  // The next minute, in the same container: nothing more is due, nothing is read from SSM again.
  const again = await invoke(scheduledEvent(new Date(DUE.getTime() + 60_000)), {});
  expect(again).toMatchObject({ ok: true, due: 0, errors: [] });
  expect(slack.posts).toHaveLength(2);
  expect(ssm.requests).toEqual([
    { target: 'AmazonSSM.GetParameters', Names: [TOKEN_PARAM], WithDecryption: true },
  ]);
  expect(logger.problems()).toEqual([]);
});

it("with DIGEST_CHANNEL set, the round runs the experts' digest after the sweep", async () => {
  await seedStalledTeams(store, { count: 1 });
  const result = await handler({ DIGEST_CHANNEL: 'C0EXPERTS' })(scheduledEvent(DUE), {});
  expect(result).toHaveProperty('counts.sent', 1);
  // The team has stood still for three working days: the morning's digest lists it, in the experts' channel.
  expect(result).toHaveProperty('digest', { kind: 'posted', date: '2027-01-14', stalled: 1, listed: 1 });
  expect(slack.posts.map((post) => post.channel).sort()).toEqual(['C00000001', 'C0EXPERTS']);
});

it('REMINDERS=off: the function does nothing, and says so', async () => {
  await seedStalledTeams(store, { count: 1 });
  expect(await handler({ REMINDERS: 'off' })(scheduledEvent(DUE), {})).toEqual({ ok: true, off: true });
  expect(slack.posts).toEqual([]);
});

it('without the bot token it fails with the setting named, logs it, and builds again at the next invocation', async () => {
  await seedStalledTeams(store, { count: 1 });
  const invoke = handler({ SLACK_BOT_TOKEN_PARAM: '/paysetup/test/missing' });
  await expect(invoke(scheduledEvent(DUE), {})).rejects.toThrow(/SLACK_BOT_TOKEN_PARAM/);
  expect(logger.problems(/reminders: could not start/)).toHaveLength(1);
  await expect(invoke(scheduledEvent(DUE), {})).rejects.toThrow(/SLACK_BOT_TOKEN_PARAM/);
  // Tried again (a failed cold start is not kept), and no secret value reached the log.
  expect(ssm.requests).toHaveLength(2);
  expect(logger.lines.map((line) => line.text).join('\n')).not.toContain(TOKEN);
  expect(slack.posts).toEqual([]);
});

it('a team of another channel is never nudged (the terminal cannot be pushed to): it is not even due', async () => {
  await seedStalledTeams(store, { count: 1 });
  await new DialogEngine({ store, now: () => STARTED }).handle(
    'terminal:alice',
    { type: 'START' },
    { actor: ANNA, channel: 'terminal' },
  );
  const result = await handler()(scheduledEvent(DUE), {});
  expect(result).toMatchObject({ due: 1, counts: { sent: 1 } });
  expect(slack.posts.map((post) => post.metadata?.event_payload?.team)).toEqual([slackTeam(1)]);
});
