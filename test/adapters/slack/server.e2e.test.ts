import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import { teamRecordKey } from '../../../src/core/engine';
import { text } from '../../../src/core/i18n';
import { listAll } from '../../../src/store/list-all';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { ANNA, slashCommandFields } from '../../helpers/slack/payloads';
import { SIGNING_SECRET } from '../../helpers/slack/signing';

/** The HTTP server around the bot: the health check, and a Slack endpoint that says what is missing. */

let h: SlackHarness;

afterEach(async () => {
  await h?.close();
});

it('GET /healthz answers ok with the store and Slack', async () => {
  h = await startSlackHarness();
  const response = await fetch(`${h.base}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true, store: 'ok', slack: 'ok', alexa: 'off' });
});

it('GET /healthz answers 503 with the store code while the store is down', async () => {
  const store = new MemoryStore();
  h = await startSlackHarness({ store });
  store.setDown(true);
  const response = await fetch(`${h.base}/healthz`);
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({
    ok: false,
    store: 'STORE_UNAVAILABLE',
    reason: expect.any(String),
  });
});

describe('missing Slack settings', () => {
  it.each([
    { slack: {}, missing: ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'] },
    { slack: { SLACK_SIGNING_SECRET: SIGNING_SECRET }, missing: ['SLACK_BOT_TOKEN'] },
    { slack: { SLACK_BOT_TOKEN: 'xoxb-test' }, missing: ['SLACK_SIGNING_SECRET'] },
  ])('answer /slack/events with 503 naming $missing, while /healthz works', async ({ slack, missing }) => {
    h = await startSlackHarness({ slack });

    const fields = slashCommandFields('start', ANNA, { channel: 'C0OFF' }, h.fake.responseUrl('c'));
    const events = await h.sender.command(fields);
    expect(events.status).toBe(503);
    expect(JSON.parse(events.text)).toEqual({ ok: false, error: 'slack_not_configured', missing });

    const health = await fetch(`${h.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, store: 'ok', slack: 'not configured' });

    expect(h.server.slackMissing).toEqual(missing);
    expect(h.logger.problems(new RegExp(missing.join(', ')))).toHaveLength(1);
    expect(h.fake.calls).toEqual([]);
    expect(await listAll(h.store, '')).toEqual([]);
  });

  it('never echoes a secret it was given', async () => {
    h = await startSlackHarness({ slack: { SLACK_SIGNING_SECRET: SIGNING_SECRET } });
    const events = await h.sender.command(slashCommandFields('start', ANNA, { channel: 'C0OFF' }, 'x'));
    expect(events.text).not.toContain(SIGNING_SECRET);
    expect(h.logger.lines.map((l) => l.text).join('\n')).not.toContain(SIGNING_SECRET);
  });
});

it('an unreadable stored record: the channel is told it was kept aside, and the command still works', async () => {
  const store = new MemoryStore();
  h = await startSlackHarness({ store });
  const key = teamRecordKey(teamKeyFromSlack('T1', 'C0BROKEN'));
  await store.put(key, '{"schema":1,"state":', null);

  const response = await h.sender.command(
    slashCommandFields('status', ANNA, { channel: 'C0BROKEN' }, h.fake.responseUrl('cmd')),
  );
  expect(response.status).toBe(200);
  await h.idle();

  const told = h.fake
    .callsOf('chat.postMessage')
    .filter(
      (c) =>
        c.args.channel === 'C0BROKEN' &&
        JSON.stringify(c.args.blocks).includes(text('de', 'record.keptAside')),
    );
  expect(told).toHaveLength(1);
  const aside = await listAll(store, 'aside:');
  expect(aside.map((row) => row.value)).toEqual(['{"schema":1,"state":']);
});
