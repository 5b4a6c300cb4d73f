import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { render, text } from '../../../src/core/i18n';
import { loadPlan, planToMarkdown } from '../../../src/core/report';
import { allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { driveOnboarding } from '../../helpers/slack/onboarding-driver';
import { ANNA } from '../../helpers/slack/payloads';

/**
 * The integration plan as the channel's canvas (conversations.canvases.create, then canvases.edit with a replace):
 * written when a step is finished or an open item changes, never for a click that changes neither; where Slack gives
 * the channel no canvas, the report message after each finished step, and why, once.
 */

/** Questions in step 1 with the canonical answers (see test/helpers/dialog.ts). */
const STEP_ONE = 8;

describe.each([
  { locale: 'de' as Locale, slackLocale: 'de-DE' },
  { locale: 'en' as Locale, slackLocale: 'en-US' },
])('the plan canvas ($locale)', ({ locale, slackLocale }) => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await startSlackHarness({ defaultLocale: locale });
    h.fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale });
  });

  afterEach(async () => {
    await h?.close();
  });

  const planOf = async (channel: string) => {
    const plan = await loadPlan(h.engine, teamKeyFromSlack('T1', channel));
    if (!plan) throw new Error('no plan');
    return planToMarkdown(plan);
  };

  it('is created in the channel at the start and rewritten after a finished step and an open item, not per click', async () => {
    const session = h.channel('C0CANVAS');
    await session.command('start');

    const canvas = h.fake.canvasOf('C0CANVAS');
    expect(canvas?.title).toBe(text(locale, 'slack:canvas.title'));
    expect(canvas?.writes).toHaveLength(1);
    const create = h.fake.callsOf('conversations.canvases.create')[0];
    expect(create?.args).toMatchObject({ channel_id: 'C0CANVAS', document_content: { type: 'markdown' } });

    // Seven answers that finish nothing and open nothing: no write.
    await driveOnboarding(session, { maxTurns: STEP_ONE - 1 });
    expect(h.fake.callsOf('canvases.edit')).toEqual([]);

    // The last answer of step 1 finishes it: one replace of the whole canvas with the plan as it stands.
    await driveOnboarding(session, { maxTurns: 1 });
    const edits = h.fake.callsOf('canvases.edit');
    expect(edits).toHaveLength(1);
    expect(edits[0]?.args).toMatchObject({
      canvas_id: canvas?.id,
      changes: [{ operation: 'replace', document_content: { type: 'markdown' } }],
    });
    expect(canvas?.writes.at(-1)).toBe(await planOf('C0CANVAS'));

    // The next answer changes neither; skipping the question after it opens an item, which the canvas lists as a
    // checklist entry.
    await driveOnboarding(session, { maxTurns: 1 });
    expect(h.fake.callsOf('canvases.edit')).toHaveLength(1);
    const ticks = (markdown: string | undefined) => (markdown ?? '').match(/^- \[ \] /gm)?.length ?? 0;
    const before = ticks(canvas?.writes.at(-1));
    await driveOnboarding(session, {
      maxTurns: 1,
      moves: { sandbox_key: [{ type: 'SKIP', questionId: 'sandbox_key' }] },
    });
    expect(h.fake.callsOf('canvases.edit')).toHaveLength(2);
    expect(ticks(canvas?.writes.at(-1))).toBe(before + 1);
    expect(canvas?.writes.at(-1)).toBe(await planOf('C0CANVAS'));
    expect(h.logger.problems()).toEqual([]);
    // Nothing about the canvas in the channel.
    expect(session.topLevel()).toHaveLength(2);
  });

  it('makes a new canvas when someone deleted it', async () => {
    const session = h.channel('C0GONE');
    await session.command('start');
    const first = h.fake.canvasOf('C0GONE');
    h.fake.deleteCanvas(first?.id ?? '');

    await driveOnboarding(session, { maxTurns: STEP_ONE });

    const second = h.fake.canvasOf('C0GONE');
    expect(second?.id).not.toBe(first?.id);
    expect(second?.writes.at(-1)).toBe(await planOf('C0GONE'));
  });

  it.each([
    ['team_tier_cannot_create_channel_canvases', 'plan'],
    ['missing_scope', 'scope'],
    ['free_team_canvas_tab_already_exists', 'exists'],
  ])('falls back to the report message after each step on %s, and says why once', async (error, why) => {
    h.fake.failAlways('conversations.canvases.create', { kind: 'error', error });
    const session = h.channel('C0NOCANVAS');
    await session.command('start');
    const step = session.topLevel()[0]?.ts ?? '';
    const notice = render(locale, { key: `slack:canvas.unavailable.${why}` }, 'slack');
    const said = () => session.posted().filter((m) => unescapeMrkdwn(allText(m.blocks)) === notice);
    expect(said().map((m) => m.threadTs)).toEqual([step]);

    await driveOnboarding(session, { maxTurns: STEP_ONE + 3 }); // step 1 and step 2 finished

    expect(said()).toHaveLength(1);
    const title = text(locale, 'report.title', { team: teamKeyFromSlack('T1', 'C0NOCANVAS') });
    const reports = session.posted().filter((m) => unescapeMrkdwn(allText(m.blocks)).includes(title));
    expect(reports).toHaveLength(2);
    const threads = session.topLevel().map((m) => m.ts);
    expect(reports.map((m) => m.threadTs)).toEqual([threads[0], threads[1]]);
    // Asked once; not again with every change (a day later, it tries again).
    expect(h.fake.callsOf('conversations.canvases.create')).toHaveLength(1);
    expect(h.fake.callsOf('canvases.edit')).toEqual([]);
    expect(h.logger.problems()).toEqual([]);
  });
});
