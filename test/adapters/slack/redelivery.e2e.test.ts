import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { ANNA, appMentionEvent, BEN, eventCallback, slashCommandFields } from '../../helpers/slack/payloads';
import { seedChannel } from '../../helpers/slack/seed';

/**
 * Slack redelivers (X-Slack-Retry-Num 1..3) whatever it thinks was not acknowledged in time. Every delivery is
 * recognized by its own id at the edge, whatever it does: a status or help that changes nothing is not posted again,
 * a retried click does not open its modal again, and a redelivery is recognized long after twenty others.
 */

let h: SlackHarness;

beforeEach(async () => {
  h = await startSlackHarness();
});

afterEach(async () => {
  await h.close();
});

const replies = (mark: number) =>
  h.fake.since(mark).filter((c) => c.method.startsWith('chat.') || c.method.startsWith('views.'));

async function redeliver(send: (retryNum?: number) => Promise<unknown>): Promise<void> {
  for (const retryNum of [1, 2, 3]) {
    await send(retryNum);
    await h.idle();
  }
}

describe.each(['de', 'en'] as const)(
  'in %s: read-only requests redelivered three times answer once',
  (locale: Locale) => {
    const words = locale === 'de' ? { status: 'status', help: 'hilfe' } : { status: 'status', help: 'help' };

    it.each(['status', 'help'] as const)('/paysetup %s', async (what) => {
      await seedChannel(h.store, 'C0READ', 'processing', { locale });
      const fields = slashCommandFields(words[what], ANNA, { channel: 'C0READ' }, h.fake.responseUrl('c'));
      const mark = h.fake.mark();
      await h.sender.command(fields);
      await h.idle();
      expect(replies(mark)).toHaveLength(1);

      await redeliver((retryNum) => h.sender.command(fields, retryNum ? { retryNum } : {}));

      expect(replies(mark)).toHaveLength(1);
      expect(h.logger.matching(/delivered again/)).toHaveLength(3);
    });

    it.each(['status', 'help'] as const)('@paysetup %s', async (what) => {
      await seedChannel(h.store, 'C0READ', 'processing', { locale });
      const envelope = eventCallback(appMentionEvent(ANNA, 'C0READ', words[what]));
      const mark = h.fake.mark();
      await h.sender.event(envelope);
      await h.idle();
      const first = replies(mark).length;
      expect(first).toBe(1);

      await redeliver((retryNum) => h.sender.event(envelope, retryNum ? { retryNum } : {}));

      expect(replies(mark)).toHaveLength(1);
    });

    it('a click that opens a modal calls views.open once', async () => {
      await seedChannel(h.store, 'C0MODAL', 'oms', { locale });
      await h.channel('C0MODAL').command('start');
      const question = h.channel('C0MODAL').currentQuestion();
      if (!question) throw new Error('no question posted');
      const payload = h.channel('C0MODAL').clickPayload(question, 'ps:text:oms');
      await h.sender.interact(payload);
      await h.idle();
      expect(h.fake.callsOf('views.open')).toHaveLength(1);

      await redeliver((retryNum) => h.sender.interact(payload, retryNum ? { retryNum } : {}));

      expect(h.fake.callsOf('views.open')).toHaveLength(1);
    });
  },
);

it('recognizes a redelivery after twenty-one other deliveries (Slack retries for about five minutes)', async () => {
  const team = teamRecordKey(teamKeyFromSlack('T1', 'C0LONG'));
  const start = slashCommandFields('start', ANNA, { channel: 'C0LONG' }, h.fake.responseUrl('c'));
  await h.sender.command(start);
  await h.idle();
  const question = h.channel('C0LONG').currentQuestion();
  if (!question) throw new Error('no question posted');
  // Twenty-one other deliveries: commands, mentions and clicks, in this channel and others.
  for (let i = 0; i < 7; i += 1) {
    await h.sender.command(slashCommandFields('status', BEN, { channel: 'C0LONG' }, h.fake.responseUrl('s')));
    await h.sender.event(eventCallback(appMentionEvent(BEN, `C0OTHER${i}`, 'start')));
    await h.sender.command(
      slashCommandFields('hilfe', ANNA, { channel: `C0OTHER${i}` }, h.fake.responseUrl('h')),
    );
  }
  await h.idle();
  const version = (await h.store.get(team))?.version;
  const mark = h.fake.mark();

  await h.sender.command(start, { retryNum: 1, retryReason: 'http_timeout' });
  await h.idle();

  expect(replies(mark)).toEqual([]);
  expect((await h.store.get(team))?.version).toBe(version);
});

it('a person doing the same thing again is not a redelivery: it is answered again', async () => {
  await seedChannel(h.store, 'C0AGAIN', 'processing');
  const mark = h.fake.mark();
  await h.channel('C0AGAIN').command('status');
  await h.channel('C0AGAIN').command('status');
  expect(replies(mark)).toHaveLength(2);
});
