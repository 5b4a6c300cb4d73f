import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import { teamRecordKey } from '../../../src/core/engine';
import { render, text } from '../../../src/core/i18n';
import type { QuestionView } from '../../../src/core/reply';
import { overviewMessages, questionCounter } from '../../../src/core/summary';
import { actionIds, allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import type { RecordedCall } from '../../helpers/slack/fake-slack-api';
import {
  type ChannelSession,
  type SlackHarness,
  startSlackHarness,
  withoutStepMessages,
} from '../../helpers/slack/harness';
import { ANNA, BEN, type MessageRef } from '../../helpers/slack/payloads';
import { seedInto } from '../../helpers/slack/seed';

/** `/paysetup …` and mentions, in German and English: language, navigation, skipping, restarting, the plan, linking. */

let h: SlackHarness;

beforeEach(async () => {
  h = await startSlackHarness({ defaultLocale: 'de' });
});

afterEach(async () => {
  await h.close();
});

const shown = (call: RecordedCall | undefined) => unescapeMrkdwn(allText(call?.args.blocks));

async function atProcessing(channel: string): Promise<ChannelSession> {
  const session = h.channel(channel);
  await session.command('start');
  const placement = session.currentQuestion();
  if (!placement) throw new Error('no question');
  await session.submitChoices(placement, 'placement', ['cart']);
  expect(session.currentQuestion()?.questionId).toBe('processing');
  return session;
}

describe("the team's language", () => {
  it.each([
    { slackLocale: 'en-US', expected: 'en' as const },
    { slackLocale: 'en-GB', expected: 'en' as const },
    { slackLocale: 'de-DE', expected: 'de' as const },
    { slackLocale: 'de-AT', expected: 'de' as const },
    { slackLocale: 'fr-FR', expected: 'de' as const }, // not offered: the default
  ])(
    'is guessed from users.info ($slackLocale) when a new team starts',
    async ({ slackLocale, expected }) => {
      h.fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale });

      await h.channel('C0LANG').command('start');

      // Bolt's client for the delivery's workspace: it names the workspace in every call.
      expect(h.fake.callsOf('users.info').map((c) => c.args)).toEqual([
        { user: ANNA.id, include_locale: 'true', team_id: 'T1' },
      ]);
      expect(withoutStepMessages(h.fake.callsOf('chat.postMessage'))[0]?.args.text).toBe(
        text(expected, 'notice.start.started'),
      );
      expect((await h.record('C0LANG'))?.context.locale).toBe(expected);
    },
  );

  it("stays the team's once chosen, whoever asks next", async () => {
    h.fake.users.set(ANNA.id, { id: ANNA.id, locale: 'de-DE' });
    h.fake.users.set(BEN.id, { id: BEN.id, locale: 'en-US' });
    const session = h.channel('C0LANG2');
    await session.command('start', ANNA);
    const infoCalls = h.fake.callsOf('users.info').length;

    await session.command('status', BEN);

    expect(h.fake.callsOf('users.info')).toHaveLength(infoCalls);
    const status = session.ephemerals(BEN).at(-1);
    expect(shown(status)).toContain(
      text('de', 'cli.progress', { number: 1, total: 5, step: text('de', 'flow:steps.setup.title') }),
    );
  });

  it('switches with /paysetup sprache en, and back with /paysetup language de', async () => {
    const session = await atProcessing('C0SPRACHE');
    const mark = h.fake.mark();

    await session.command('sprache en');

    const posts = h.fake.since(mark, 'chat.postMessage');
    expect(posts.map((c) => c.args.text)).toEqual([
      text('en', 'notice.locale.changed'),
      text('en', 'flow:questions.processing.prompt'),
    ]);
    expect(session.currentQuestion()?.questionId).toBe('processing');
    expect((await h.record('C0SPRACHE'))?.context.locale).toBe('en');

    await session.command('language de');
    expect(h.fake.callsOf('chat.postMessage').at(-2)?.args.text).toBe(text('de', 'notice.locale.changed'));
    expect((await h.record('C0SPRACHE'))?.context.locale).toBe('de');
  });

  it('says privately which languages exist when asked for another', async () => {
    const session = await atProcessing('C0SPRACHE2');
    const mark = h.fake.mark();
    await session.command('sprache fr');
    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    expect(shown(session.ephemerals(ANNA).at(-1))).toContain(text('de', 'input.unknownLanguage'));
  });
});

describe('German subcommands', () => {
  it('hilfe: the help, privately, to the asker only', async () => {
    const session = await atProcessing('C0HILFE');
    const mark = h.fake.mark();

    await session.command('hilfe', BEN);

    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    const told = h.fake.since(mark, 'chat.postEphemeral');
    expect(told.map((c) => c.args.user)).toEqual([BEN.id]);
    expect(unescapeMrkdwn(allText(told[0]?.args.blocks))).toBe(text('de', 'slack:help'));
  });

  it('zurück: the previous question again, showing its answer and who gave it', async () => {
    const session = await atProcessing('C0ZURUECK');
    const mark = h.fake.mark();

    await session.command('zurück');

    const posts = h.fake.since(mark, 'chat.postMessage');
    expect(posts[0]?.args.text).toBe(text('de', 'notice.moved'));
    const again = session.currentQuestion();
    expect(again?.questionId).toBe('placement');
    expect(unescapeMrkdwn(allText(again?.blocks))).toContain(
      text('de', 'cli.answeredBy', {
        answer: text('de', 'flow:questions.placement.choices.cart'),
        by: ANNA.username,
      }),
    );
    expect((await h.record('C0ZURUECK'))?.context.cursor).toBe('placement');
  });

  it('überspringen <Grund>: skips the current question and keeps the reason', async () => {
    await seedInto(h.store, 'C0SKIP', 'oms');
    const session = h.channel('C0SKIP');
    const mark = h.fake.mark();

    await session.command('überspringen Wir haben noch keine Warenwirtschaft');

    const record = await h.record('C0SKIP');
    expect(record?.context.skips.oms).toMatchObject({
      reason: 'Wir haben noch keine Warenwirtschaft',
      by: { id: ANNA.id, name: ANNA.username },
    });
    expect(h.fake.since(mark, 'chat.postMessage').at(-1)?.args.text).toBe(
      text('de', 'flow:questions.payments.prompt'),
    );
  });

  it('überspringen on a question that must be answered: told privately, nothing changes', async () => {
    const session = await atProcessing('C0NOSKIP');
    const before = await h.record('C0NOSKIP');
    const mark = h.fake.mark();

    await session.command('überspringen');

    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    expect(shown(session.ephemerals(ANNA).at(-1))).toContain(text('de', 'notice.skip.notAllowed'));
    expect((await h.record('C0NOSKIP'))?.context.skips).toEqual(before?.context.skips);
  });

  it('überspringen without the reason a test case needs: asked for one, privately', async () => {
    await seedInto(h.store, 'C0REASON', 'welcome_kit');
    const session = h.channel('C0REASON');
    await session.command('überspringen');
    expect(shown(session.ephemerals(ANNA).at(-1))).toContain(text('de', 'notice.skip.needsReason'));
    expect((await h.record('C0REASON'))?.context.skips).toEqual({});
  });

  function restartPrompt(session: ChannelSession): MessageRef {
    const call = session.ephemerals(ANNA).at(-1);
    if (!call) throw new Error('no restart question');
    return {
      channel: session.id,
      ts: String(call.response.message_ts),
      blocks: call.args.blocks as unknown[],
      ephemeral: true,
    };
  }

  it('neu starten: asks first; "Ja, neu starten" starts over and keeps the old answers as revisions', async () => {
    const session = await atProcessing('C0RESTART');
    await session.command('neu starten');
    const prompt = restartPrompt(session);
    expect(allText(prompt.blocks)).toContain(text('de', 'notice.restart.confirm'));
    expect((await h.record('C0RESTART'))?.context.answers.placement).toBeDefined();
    const mark = h.fake.mark();

    await session.click(prompt, 'ps:restart-confirm:-', ANNA);

    expect(h.fake.responseUrlPosts.filter((p) => p.seq > mark).map((p) => p.body)).toEqual([
      { delete_original: true },
    ]);
    const posts = withoutStepMessages(h.fake.since(mark, 'chat.postMessage'));
    expect(posts[0]?.args.text).toBe(text('de', 'notice.restart.done'));
    expect(session.currentQuestion()?.questionId).toBe('placement');
    const record = await h.record('C0RESTART');
    expect(record?.context.answers).toEqual({});
    expect(record?.context.revisions.map((r) => r.questionId)).toContain('placement');
  });

  it('neu starten, then Abbrechen: everything stays as it is', async () => {
    const session = await atProcessing('C0KEEP');
    await session.command('neu starten');
    const before = await h.record('C0KEEP');
    const mark = h.fake.mark();

    await session.click(restartPrompt(session), 'ps:restart-cancel:-', ANNA);

    expect(h.fake.responseUrlPosts.filter((p) => p.seq > mark).map((p) => p.body)).toEqual([
      { replace_original: true, text: text('de', 'slack:restartKept') },
    ]);
    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    expect((await h.record('C0KEEP'))?.context.answers).toEqual(before?.context.answers);
  });

  it('bericht: posts the integration plan to the channel', async () => {
    const session = await atProcessing('C0BERICHT');
    const mark = h.fake.mark();

    await session.command('bericht');

    const posts = h.fake.since(mark, 'chat.postMessage');
    expect(posts).toHaveLength(1);
    const plan = unescapeMrkdwn(allText(posts[0]?.args.blocks));
    expect(plan).toContain(text('de', 'report.title', { team: teamKeyFromSlack('T1', 'C0BERICHT') }));
    expect(plan).toContain(text('de', 'flow:questions.placement.choices.cart'));
    expect(plan).toContain(text('de', 'report.open'));
  });
});

describe('mentions', () => {
  it('"@paysetup weiter" moves on from a question answered before', async () => {
    const session = await atProcessing('C0WEITER');
    await session.mention('zurück');
    expect(session.currentQuestion()?.questionId).toBe('placement');
    const mark = h.fake.mark();

    const ack = await session.mention('weiter');

    expect(ack.status).toBe(200);
    expect(h.fake.since(mark, 'chat.postMessage').map((c) => c.args.text)).toEqual([
      text('de', 'notice.moved'),
      text('de', 'flow:questions.processing.prompt'),
    ]);
  });

  it('"@paysetup weiter" on an open question says privately what is missing', async () => {
    const session = await atProcessing('C0BLOCKED');
    const mark = h.fake.mark();
    await session.mention('weiter', BEN);
    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    expect(shown(session.ephemerals(BEN).at(-1))).toContain(text('de', 'notice.next.blocked'));
  });

  it('"@paysetup status" tells where the team stands, privately: the five steps and the current question', async () => {
    const session = await atProcessing('C0STATUS');
    const mark = h.fake.mark();

    await session.mention('status', BEN);

    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    const told = shown(session.ephemerals(BEN).at(-1));
    expect(told).toContain(
      text('de', 'cli.progress', { number: 1, total: 5, step: text('de', 'flow:steps.setup.title') }),
    );
    const reply = await h.engine.handle(
      teamKeyFromSlack('T1', 'C0STATUS'),
      { type: 'STATUS' },
      { actor: { id: BEN.id }, channel: 'test' },
    );
    const steps = overviewMessages(reply).map((m) => render('de', m, 'slack'));
    expect(steps).toHaveLength(5);
    for (const line of steps) expect(told).toContain(line);
    // Step 1 names the question it is at (processing is the second), the others are still ahead.
    expect(steps[0]).toContain(render('de', questionCounter(reply.question as QuestionView)));
    expect(told).toContain(render('de', { key: 'overview.noOpenItems' }, 'slack'));
  });

  it('"@paysetup 2" answers the current question by number', async () => {
    const session = await atProcessing('C0TYPED');
    await session.mention('2', BEN);
    expect((await h.record('C0TYPED'))?.context.answers.processing).toMatchObject({
      value: 'capture_at_shipment',
      by: { id: BEN.id },
    });
    expect(session.currentQuestion()?.questionId).toBe('pending_authorization');
  });

  it('"@paysetup 1, 2 und 4" on a checklist ticks the three items in one turn: one save, one notice', async () => {
    h.fake.users.set(BEN.id, { id: BEN.id, name: BEN.username, locale: 'de-DE' });
    await seedInto(h.store, 'C0TICKS', 'seller_central');
    const session = h.channel('C0TICKS');
    const key = teamRecordKey(teamKeyFromSlack('T1', 'C0TICKS'));
    const version = (await h.store.get(key))?.version ?? 0;
    const mark = h.fake.mark();

    await session.mention('1, 2 und 4', BEN);

    expect((await h.store.get(key))?.version).toBe(version + 1);
    const ticked = Object.keys((await h.record('C0TICKS'))?.context.checks.seller_central ?? {});
    expect(ticked).toEqual(['bank_account', 'credit_card', 'staff_access']);
    const posts = withoutStepMessages(h.fake.since(mark, 'chat.postMessage')).map((c) => c.args.text);
    expect(posts).toEqual([
      render(
        'de',
        {
          key: 'notice.check.several',
          params: {
            count: 3,
            items: {
              keys: ticked.map((item) => `flow:questions.seller_central.items.${item}`),
            },
            by: BEN.username,
          },
        },
        'slack',
      ),
      text('de', 'flow:questions.seller_central.prompt'),
    ]);
    // The checklist is asked again with the three items ticked, the others still to tick.
    const again = session.currentQuestion();
    expect(actionIds(again?.blocks).filter((id) => id.startsWith('ps:untick:'))).toHaveLength(3);
    expect(actionIds(again?.blocks).filter((id) => id.startsWith('ps:tick:'))).toHaveLength(3);
  });

  // Pinned on a src weakness (see report): the app_mention listener records `name: event.user`, so an answer given by
  // mention is shown as "(von U0BEN)" while the same person's click shows "(von ben)".
  it('records who answered by a mention under their Slack name, as a click would', async () => {
    h.fake.users.set(BEN.id, { id: BEN.id, name: BEN.username, locale: 'de-DE' });
    const session = await atProcessing('C0WHO');
    await session.mention('2', BEN);
    expect((await h.record('C0WHO'))?.context.answers.processing?.by.name).toBe(BEN.username);
  });
});

describe('/paysetup link', () => {
  it.each(['link', 'verknüpfen'])(
    '/paysetup %s gives a six-digit code to the asker only, which Alexa can redeem',
    async (line) => {
      const session = await atProcessing('C0LINK');
      const mark = h.fake.mark();

      await session.command(line, BEN);

      const told = h.fake.since(mark, 'chat.postEphemeral');
      expect(told.map((c) => [c.args.channel, c.args.user])).toEqual([['C0LINK', BEN.id]]);
      const code = /\*(\d{6})\*/.exec(allText(told[0]?.args.blocks))?.[1];
      expect(code).toMatch(/^\d{6}$/);
      expect(allText(told[0]?.args.blocks)).toBe(text('de', 'slack:link', { code: code ?? '' }));
      const elsewhere = h.fake.calls.filter(
        (c) => c !== told[0] && JSON.stringify(c.args).includes(code ?? '-'),
      );
      expect(elsewhere).toEqual([]);
      expect(await h.links.redeem(code ?? '', 'amzn1.ask.account.TEST')).toEqual({
        ok: true,
        team: teamKeyFromSlack('T1', 'C0LINK'),
      });
    },
  );
});
