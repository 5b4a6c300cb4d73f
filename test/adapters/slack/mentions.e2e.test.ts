import { escapeOnce, escapeOutgoing, safeMrkdwn } from '../../../src/adapters/slack/escape';
import type { Locale } from '../../../src/core/context';
import type { RecordedCall } from '../../helpers/slack/fake-slack-api';
import {
  type ChannelSession,
  type PostedMessage,
  type SlackHarness,
  startSlackHarness,
} from '../../helpers/slack/harness';
import { ANNA, BEN, type SlackUser } from '../../helpers/slack/payloads';
import { seedInto } from '../../helpers/slack/seed';

/**
 * User text that the bot repeats must never notify anyone: Slack reads `<!channel>`, `<!here>`, `<!everyone>`,
 * `<@U…>` and `<!subteam^…>` as mentions in a message's `text` fallback as much as in its blocks. Every place that
 * echoes what someone typed (a recorded answer, a failed test's note, a skip reason, "already answered", the
 * answer list, the status, the plan, a name) is driven here, and every call to Slack is scanned.
 */

const HOSTILE =
  '<!channel> <@U0EVILMENTION> <!here> <!everyone> <!subteam^S0EVIL|@leads> <#C0SPAM|spam> &amp;';

/** The texts of one call Slack would render as mrkdwn: the `text` fallback and every mrkdwn object in blocks or view. */
function mrkdwnTexts(call: RecordedCall): string[] {
  const out: string[] = [];
  if (typeof call.args.text === 'string') out.push(call.args.text);
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (object.type === 'mrkdwn' && typeof object.text === 'string') out.push(object.text);
      Object.values(object).forEach(walk);
    }
  };
  walk(call.args.blocks);
  walk(call.args.view);
  return out;
}

/** Live mentions or links in what the bot sent (the bot's own `<#C…>` channel links in App Home are allowed). */
function liveMentions(h: SlackHarness): string[] {
  return h.fake.calls
    .filter((c) => c.method.startsWith('chat.') || c.method.startsWith('views.'))
    .flatMap((call) => mrkdwnTexts(call).map((t) => ({ method: call.method, t })))
    .flatMap(({ method, t }) =>
      (t.replace(/<#C[A-Z0-9]+>/g, '').match(/<[!@#][^>]*>?/g) ?? []).map((m) => `${method}: ${m}`),
    );
}

/** Whether what the person typed reached Slack at all (escaped), so the scan is not vacuous. */
function echoed(h: SlackHarness, fragment: string): boolean {
  const escaped = escapeOnce(fragment);
  return h.fake.calls.some((call) => mrkdwnTexts(call).some((t) => t.includes(escaped)));
}

let h: SlackHarness;

afterEach(async () => {
  await h.close();
});

async function at(
  locale: Locale,
  channel: string,
  questionId: string,
): Promise<{ session: ChannelSession; message: PostedMessage }> {
  h = await startSlackHarness({ defaultLocale: locale });
  await seedInto(h.store, channel, questionId, { locale });
  const session = h.channel(channel);
  await session.command('start');
  const message = session.currentQuestion();
  if (message?.questionId !== questionId)
    throw new Error(`expected ${questionId}, got ${message?.questionId}`);
  return { session, message };
}

async function openModal(
  session: ChannelSession,
  message: PostedMessage,
  actionId: string,
  user: SlackUser = ANNA,
) {
  const mark = h.fake.mark();
  await h.sender.interact(session.clickPayload(message, actionId, user));
  await h.idle();
  const opened = h.fake.since(mark, 'views.open')[0];
  if (!opened) throw new Error(`no modal opened by ${actionId}`);
  return opened;
}

describe.each(['de', 'en'] as const)('in %s', (locale) => {
  it('a typed answer, its "noted" message, the answer list, the status and the plan', async () => {
    const { session } = await at(locale, 'C0ECHO1', 'oms');
    await session.command(`Eigenes ERP ${HOSTILE}`);
    await session.command(locale === 'de' ? 'antworten' : 'answers');
    await session.command('status');
    await session.command(locale === 'de' ? 'bericht' : 'report');
    expect(echoed(h, 'Eigenes ERP')).toBe(true);
    expect(echoed(h, '<!channel>')).toBe(true);
    expect(liveMentions(h)).toEqual([]);
  });

  it('a failed test’s note', async () => {
    const { session, message } = await at(locale, 'C0ECHO2', 'test_component');
    const modal = await openModal(session, message, 'ps:failed:test_component');
    await session.submitModal(modal, `Button grau ${HOSTILE}`);
    await session.command('status');
    expect(echoed(h, '<!here>')).toBe(true);
    expect(liveMentions(h)).toEqual([]);
  });

  it('a skip reason', async () => {
    const { session, message } = await at(locale, 'C0ECHO3', 'welcome_kit');
    const modal = await openModal(session, message, 'ps:skip-reason:welcome_kit');
    await session.submitModal(modal, `Später ${HOSTILE}`);
    await session.command('status');
    expect(echoed(h, '<!everyone>')).toBe(true);
    expect(liveMentions(h)).toEqual([]);
  });

  it('the private "already answered" another teammate is shown', async () => {
    const { session, message } = await at(locale, 'C0ECHO4', 'oms');
    await session.command(`ERP ${HOSTILE}`);
    // Ben clicks the old question's button: he is told, privately, what anna answered.
    await h.sender.interact(session.clickPayload(message, 'ps:text:oms', BEN));
    await h.idle();
    expect(session.ephemerals(BEN).length).toBeGreaterThan(0);
    expect(echoed(h, '<!subteam^S0EVIL|@leads>')).toBe(true);
    expect(liveMentions(h)).toEqual([]);
  });

  it('a name someone gave themselves', async () => {
    const { session } = await at(locale, 'C0ECHO5', 'oms');
    await session.command('Eigenes ERP', { id: 'U0NAMED', username: '<!channel>' });
    expect(echoed(h, '<!channel>')).toBe(true);
    expect(liveMentions(h)).toEqual([]);
  });

  it('an unknown command echoed back', async () => {
    h = await startSlackHarness({ defaultLocale: locale });
    await h.channel('C0ECHO6').command(`wipe ${HOSTILE}`);
    expect(liveMentions(h)).toEqual([]);
  });
});

describe('the escaping itself', () => {
  it('escapes &, < and > once, and never twice', () => {
    expect(escapeOnce('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(escapeOnce(escapeOnce('<!channel> & <@U1>'))).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(escapeOnce('&lt; typed as such')).toBe('&lt; typed as such');
  });

  it('keeps only the bot’s own channel links', () => {
    expect(safeMrkdwn('<#C0ABC> and <#C0ABC|x> <!here>')).toBe('<#C0ABC> and &lt;#C0ABC|x&gt; &lt;!here&gt;');
  });

  it('escapes the text fallback and mrkdwn in blocks and views, and leaves plain_text alone', () => {
    const out = escapeOutgoing({
      channel: 'C1',
      text: '<!channel>',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '<@U1>' } },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: '<b>' } }] },
      ],
      view: { blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: '<!here>' }] }] },
    });
    expect(out).toEqual({
      channel: 'C1',
      text: '&lt;!channel&gt;',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '&lt;@U1&gt;' } },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: '<b>' } }] },
      ],
      view: { blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: '&lt;!here&gt;' }] }] },
    });
  });
});
