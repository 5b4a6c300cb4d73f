import { request } from 'node:http';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { text } from '../../../src/core/i18n';
import { parseRecord } from '../../../src/core/record';
import { listAll } from '../../../src/store/list-all';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import {
  ANNA,
  appMentionEvent,
  blockActionsPayload,
  buttonAction,
  eventCallback,
  slashCommandFields,
  viewSubmissionPayload,
} from '../../helpers/slack/payloads';
import { seedChannel } from '../../helpers/slack/seed';
import { nowSeconds, signedHeaders } from '../../helpers/slack/signing';

/**
 * The edge of `POST /slack/events`, through the real server: what Bolt would have answered with a 500 (a signed
 * payload with `null` where it reads a field), a wiped record (a click whose user id is a number), records under
 * made-up keys (modal metadata with `team: 123`), a 404 after three seconds (a modal without state), a 4 MB body read
 * whole before the signature check, and timestamps from the future.
 */

let h: SlackHarness;

beforeEach(async () => {
  h = await startSlackHarness();
});

afterEach(async () => {
  await h.close();
});

const CHANNEL = 'C0EDGE';
const TEAM = teamKeyFromSlack('T1', CHANNEL);

/** The channel at "processing", as earlier clicks left it; returns the stored version. */
async function seeded(locale: Locale = 'de'): Promise<number> {
  await seedChannel(h.store, CHANNEL, 'processing', { locale });
  return (await h.store.get(teamRecordKey(TEAM)))?.version ?? -1;
}

/** A click on the processing question's first choice, with `patch` applied to the payload. */
function click(patch: (payload: Record<string, unknown>) => void): Record<string, unknown> {
  const payload = blockActionsPayload({
    user: ANNA,
    message: { channel: CHANNEL, ts: '1700000000.000100', blocks: [] },
    actions: [buttonAction({ action_id: 'ps:choose:processing:at_order', text: 'x' })],
    responseUrl: h.fake.responseUrl('edge'),
  });
  patch(payload);
  return payload;
}

/** A signed request with a raw body of our choosing. */
function sendRaw(raw: string, contentType: string, timestamp?: number) {
  return h.sender.send(raw, contentType, timestamp !== undefined ? { timestamp } : {});
}

const refusals = () => h.logger.problems(/slack: refused a request/);

describe('signed payloads Bolt cannot handle get a 400 and one log line, and change nothing', () => {
  const cases: { name: string; send: (h: SlackHarness) => ReturnType<SlackHarness['sender']['send']> }[] = [
    {
      name: 'payload=null',
      send: (h) => h.sender.send('payload=null', 'application/x-www-form-urlencoded'),
    },
    {
      name: 'a click whose user id is a number',
      send: (h) =>
        h.sender.interact(
          click((p) => {
            (p.user as Record<string, unknown>).id = 12345;
          }),
        ),
    },
    {
      name: 'a click without user',
      send: (h) =>
        h.sender.interact(
          click((p) => {
            delete p.user;
          }),
        ),
    },
    {
      name: 'a click whose channel id holds a colon',
      send: (h) =>
        h.sender.interact(
          click((p) => {
            p.channel = { id: 'C0EDGE:x' };
          }),
        ),
    },
    {
      name: 'a click with no actions',
      send: (h) =>
        h.sender.interact(
          click((p) => {
            p.actions = [];
          }),
        ),
    },
    {
      name: 'event: null',
      send: (h) =>
        h.sender.event({ ...eventCallback(appMentionEvent(ANNA, CHANNEL, 'status')), event: null }),
    },
    {
      name: 'an app_mention with user: null',
      send: (h) => h.sender.event(eventCallback({ ...appMentionEvent(ANNA, CHANNEL, 'status'), user: null })),
    },
    {
      name: 'a view_closed without view',
      send: (h) => h.sender.interact({ type: 'view_closed', user: { id: ANNA.id, team_id: 'T1' } }),
    },
    {
      name: 'a slash command without user_id',
      send: (h) => {
        const fields = slashCommandFields('status', ANNA, { channel: CHANNEL }, h.fake.responseUrl('c'));
        const { user_id: _gone, ...rest } = fields;
        return h.sender.command(rest);
      },
    },
    {
      name: 'a JSON array',
      send: (h) => h.sender.send('[1,2,3]', 'application/json'),
    },
    {
      name: 'JSON that does not parse',
      send: (h) => h.sender.send('{"type":"event_callback",', 'application/json'),
    },
  ];

  it.each(cases)('$name', async ({ send }) => {
    const version = await seeded();
    const before = (await listAll(h.store, '')).map((row) => row.key);

    const response = await send(h);
    await h.idle();

    expect(response.status).toBe(400);
    expect(refusals()).toHaveLength(1);
    expect(h.logger.problems().filter((l) => !/refused a request/.test(l.text))).toEqual([]);
    expect((await listAll(h.store, '')).map((row) => row.key)).toEqual(before);
    const stored = await h.store.get(teamRecordKey(TEAM));
    expect(stored?.version).toBe(version);
    expect(parseRecord(stored?.value ?? '').kind).toBe('ok');
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);

    // The team's progress is intact: the next command answers from it, nothing is set aside.
    await h.channel(CHANNEL).command('status');
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
    const status = h.channel(CHANNEL).ephemerals(ANNA).at(-1);
    expect(JSON.stringify(status?.args.blocks)).toContain(text('de', 'slack:statusTitle'));
  });
});

describe('a modal whose metadata or state the bot did not write', () => {
  /** A modal as views.open would have shown it, with this metadata and state. */
  function submission(privateMetadata: unknown, state?: unknown): Record<string, unknown> {
    const payload = viewSubmissionPayload({
      user: ANNA,
      view: { id: 'V0EDGE', hash: '1.a', callback_id: 'ps:modal', private_metadata: privateMetadata },
      value: 'Shopware 6',
    });
    const view = payload.view as Record<string, unknown>;
    if (state === undefined) delete view.state;
    else if (state !== 'keep') view.state = state;
    return payload;
  }

  const metadata = (patch: Record<string, unknown>) =>
    JSON.stringify({ kind: 'answer', team: TEAM, channel: CHANNEL, questionId: 'oms', ...patch });

  it.each([
    { name: '"null"', payload: () => submission('null', 'keep') },
    { name: 'team: 123', payload: () => submission(metadata({ team: 123 }), 'keep') },
    { name: 'no team', payload: () => submission(metadata({ team: undefined }), 'keep') },
    {
      name: 'a team of another channel',
      payload: () => submission(metadata({ team: 'slack:T1:C0OTHER' }), 'keep'),
    },
    { name: 'an unknown kind', payload: () => submission(metadata({ kind: 'wipe' }), 'keep') },
    { name: 'garbage', payload: () => submission('{{{', 'keep') },
    { name: 'a number', payload: () => submission(42, 'keep') },
    { name: 'no view.state', payload: () => submission(metadata({}), undefined) },
    { name: 'a view.state of the wrong shape', payload: () => submission(metadata({}), { values: 'x' }) },
  ])(
    '($name) is acknowledged at once with a localized "nothing saved", and stores nothing',
    async ({ payload }) => {
      for (const locale of ['de', 'en'] as const) {
        await h.close();
        h = await startSlackHarness({ defaultLocale: locale });
        await seedChannel(h.store, CHANNEL, 'oms', { locale });
        const before = await listAll(h.store, 'team:');

        const response = await h.sender.interact(payload());
        await h.idle();

        expect(response.status).toBe(200);
        const body = JSON.parse(response.text) as { response_action: string; view: { blocks: unknown[] } };
        expect(body.response_action).toBe('update');
        expect(JSON.stringify(body.view.blocks)).toContain(
          JSON.stringify(text(locale, 'slack:modal.unreadable')).slice(1, -1),
        );
        // The team's record as it was, and no record under a key like `team:123` or `team:undefined`.
        expect(await listAll(h.store, 'team:')).toEqual(before);
        expect(before.map((r) => r.key)).toEqual([teamRecordKey(TEAM)]);
        expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
        expect(h.logger.problems(/modal came back/)).toHaveLength(1);
      }
    },
  );
});

describe('requests no listener takes are acknowledged, not left to Bolt’s 404 after three seconds', () => {
  it('a click on an element that is not the bot’s, a closed modal, a modal of another callback', async () => {
    await seeded();
    const other = await h.sender.interact(
      click((p) => {
        p.actions = [buttonAction({ action_id: 'someone-elses-button', text: 'x' })];
      }),
    );
    const closed = await h.sender.interact({
      type: 'view_closed',
      user: { id: ANNA.id, team_id: 'T1' },
      team: { id: 'T1' },
      view: { id: 'V0CLOSED', callback_id: 'ps:modal', private_metadata: '' },
      is_cleared: false,
    });
    const foreign = viewSubmissionPayload({
      user: ANNA,
      view: { id: 'V0FOREIGN', hash: '1.b', callback_id: 'not-ours', private_metadata: '' },
      value: 'x',
    });
    const submitted = await h.sender.interact(foreign);
    await h.idle();
    expect([other.status, closed.status, submitted.status]).toEqual([200, 200, 200]);
    expect(refusals()).toEqual([]);
    expect(h.logger.problems(/not acknowledged/)).toEqual([]);
  });
});

describe('request bodies over 1 MB', () => {
  it('are refused with 413 before the signature is checked', async () => {
    const raw = `payload=${'x'.repeat(1024 * 1024 + 10)}`;
    const response = await fetch(`${h.base}/slack/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: raw,
    });
    expect(response.status).toBe(413);
    expect(h.logger.problems(/413 BODY_TOO_LARGE/)).toHaveLength(1);
  });

  it('signed or not, and a body with no length given is cut off as soon as it passes the limit', async () => {
    const url = new URL(`${h.base}/slack/events`);
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const cap = 16 * 1024 * 1024;
    let written = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: signedHeaders(''),
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', (error) => {
        if (written >= cap) reject(error);
      });
      // Chunked (no Content-Length), never ended: only a server that stops reading at the limit answers at all.
      const pump = () => {
        while (written < cap && req.write(chunk)) written += chunk.length;
        if (written < cap) req.once('drain', pump);
      };
      pump();
    });
    expect(status).toBe(413);
    expect(written).toBeLessThan(cap);
  });

  it('a signed body just under the limit still reaches the bot', async () => {
    const fields = slashCommandFields('status', ANNA, { channel: CHANNEL }, h.fake.responseUrl('c'));
    const raw = `${new URLSearchParams(fields).toString()}&padding=${'p'.repeat(1000 * 1000)}`;
    const response = await sendRaw(raw, 'application/x-www-form-urlencoded');
    await h.idle();
    expect(response.status).toBe(200);
    expect(h.channel(CHANNEL).ephemerals(ANNA)).toHaveLength(1);
  });
});

describe('timestamps more than five minutes off, either way', () => {
  const command = (h: SlackHarness) =>
    new URLSearchParams(
      slashCommandFields('start', ANNA, { channel: CHANNEL }, h.fake.responseUrl('c')),
    ).toString();

  it.each([
    { name: 'ten minutes ahead', offset: 600 },
    { name: 'a year ahead', offset: 365 * 24 * 3600 },
    { name: 'ten minutes old', offset: -600 },
  ])('$name: 401, nothing stored, nothing posted', async ({ offset }) => {
    const response = await sendRaw(command(h), 'application/x-www-form-urlencoded', nowSeconds() + offset);
    await h.idle();
    expect(response.status).toBe(401);
    expect(h.logger.problems(/401 TIMESTAMP_OUT_OF_RANGE/)).toHaveLength(1);
    expect(await listAll(h.store, 'team:')).toEqual([]);
    expect(h.fake.calls).toEqual([]);
  });

  it('a timestamp that is not a number: 401', async () => {
    const raw = command(h);
    const headers = { ...signedHeaders(raw), 'X-Slack-Request-Timestamp': 'soon' };
    const response = await fetch(`${h.base}/slack/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: raw,
    });
    expect(response.status).toBe(401);
    expect(await listAll(h.store, 'team:')).toEqual([]);
  });

  it.each([
    { name: 'four minutes ahead', offset: 240 },
    { name: 'four minutes old', offset: -240 },
  ])('$name (a clock that is a little off) is accepted', async ({ offset }) => {
    const response = await sendRaw(command(h), 'application/x-www-form-urlencoded', nowSeconds() + offset);
    await h.idle();
    expect(response.status).toBe(200);
    expect(await listAll(h.store, 'team:')).toHaveLength(1);
  });
});

it('answers Slack’s ssl_check (a form without a command or payload), signed or not, with 200 and does nothing', async () => {
  const signed = await sendRaw('ssl_check=1&token=x', 'application/x-www-form-urlencoded');
  const unsigned = await fetch(`${h.base}/slack/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'ssl_check=1&token=x',
  });
  // An unsigned command dressed as one is still refused.
  const command = await fetch(`${h.base}/slack/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'ssl_check=1&command=%2Fpaysetup&text=start',
  });
  expect([signed.status, unsigned.status, command.status]).toEqual([200, 200, 401]);
  expect(h.fake.calls).toEqual([]);
  expect(await listAll(h.store, '')).toEqual([]);
});
