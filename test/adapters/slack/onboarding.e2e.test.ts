import type { Locale } from '../../../src/core/context';
import { DialogEngine, teamRecordKey } from '../../../src/core/engine';
import { displayLabel, RESOURCES, render, renderParam, text } from '../../../src/core/i18n';
import { findQuestion } from '../../../src/core/progress';
import type { QuestionView } from '../../../src/core/reply';
import { questionCounter } from '../../../src/core/summary';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { answerFor, flow } from '../../helpers/dialog';
import { callViolations } from '../../helpers/slack/block-kit-limits';
import { actionIds, allText, blockTexts, lastContextText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import { type ChannelSession, type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { type DriveResult, driveOnboarding, NOTHING_OPEN } from '../../helpers/slack/onboarding-driver';
import { ANNA } from '../../helpers/slack/payloads';

/**
 * A whole onboarding through the real Bolt app, the way a team has it: `/paysetup start`, then clicking what the bot
 * posts (buttons, checkboxes + submit, ticks, modals for text) until done with nothing open, in German and in English.
 */

/** The questions the engine itself asks for these answers, in order, as it shows them: what Slack must ask too. */
async function expectedQuestions(): Promise<QuestionView[]> {
  const engine = new DialogEngine({ store: new MemoryStore() });
  const meta = { actor: { id: 'U', name: 'u' }, channel: 'test' };
  let reply = await engine.handle('expected', { type: 'START' }, meta);
  const asked: QuestionView[] = [];
  for (let turn = 0; reply.question && turn < 100; turn += 1) {
    const question = reply.question;
    asked.push(question);
    for (const input of answerFor(flow, question.id, NOTHING_OPEN))
      reply = await engine.handle('expected', input, meta);
  }
  return asked;
}

/** How the bot writes an answer: choice labels as they read inside a sentence, yes/no, "passed", the text itself. */
function answerWording(locale: Locale, questionId: string): string[] {
  const question = findQuestion(flow, questionId);
  const inputs = answerFor(flow, questionId, NOTHING_OPEN);
  const first = inputs[0];
  if (!question || !first) return [];
  switch (question.kind) {
    case 'single':
    case 'multi': {
      const value = first.type === 'ANSWER' ? first.value : '';
      const ids = Array.isArray(value) ? value : [String(value)];
      return ids.map((id) =>
        renderParam(locale, { key: `flow:questions.${questionId}.choices.${id}` }, 'slack'),
      );
    }
    case 'yesno':
      return [text(locale, 'answer.yes')];
    case 'text':
      return [first.type === 'ANSWER' ? String(first.value) : ''];
    case 'testcase':
      return [text(locale, 'answer.test.passed')];
    case 'checklist':
      return question.items.map((item) => displayLabel(locale, `flow:questions.${questionId}.items.${item}`));
  }
}

describe.each([
  { locale: 'de' as Locale, slackLocale: 'de-DE' },
  { locale: 'en' as Locale, slackLocale: 'en-US' },
])('a whole onboarding in Slack ($locale)', ({ locale, slackLocale }) => {
  let h: SlackHarness;
  let session: ChannelSession;
  let run: DriveResult;
  let expected: QuestionView[];
  const ready = render(locale, { key: 'done.ready' }, 'slack');
  const posts = () => h.fake.callsOf('chat.postMessage').map((c) => unescapeMrkdwn(allText(c.args.blocks)));

  beforeAll(async () => {
    expected = await expectedQuestions();
    h = await startSlackHarness({ defaultLocale: 'de' });
    h.fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale });
    session = h.channel('C0ONBOARD');
    const ack = await session.command('start', ANNA);
    expect(ack.status).toBe(200);
    run = await driveOnboarding(session, { pick: NOTHING_OPEN });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('reaches done by clicking through every question the flow asks', async () => {
    expect(run.visits.map((v) => v.questionId)).toEqual(expected.map((q) => q.id));
    const stored = await h.store.get(teamRecordKey('slack:T1:C0ONBOARD'));
    expect(JSON.parse(stored?.value ?? '{}').state).toBe('done');
    expect(session.currentQuestion()).toBeNull();
  });

  it('celebrates once, after the last answer, since nothing is open', async () => {
    const last = run.visits.at(-1);
    const finale = (last?.posts ?? []).map((c) => unescapeMrkdwn(allText(c.args.blocks)));
    expect(finale.filter((t) => t.includes(ready))).toHaveLength(1);
    expect(posts().filter((t) => t.includes(ready))).toHaveLength(1);
    // Not the wording of a team with open items.
    const withOpen = render(locale, { key: 'done.withOpen', params: { count: 1 } }, 'slack').split(
      '1',
    )[0] as string;
    expect(posts().filter((t) => t.includes(withOpen))).toEqual([]);
    expect((await h.engine.status('slack:T1:C0ONBOARD'))?.openItems).toBe(0);
  });

  it(`speaks ${locale} from the welcome on, guessed from the user's Slack locale`, () => {
    // The first step's message in the channel, then the welcome as the first reply in its thread.
    const [first, second] = h.fake.callsOf('chat.postMessage');
    expect(first?.args.thread_ts).toBeUndefined();
    expect(unescapeMrkdwn(allText(first?.args.blocks))).toContain(text(locale, 'flow:steps.setup.intro'));
    expect(second?.args.text).toBe(text(locale, 'notice.start.started'));
    expect(second?.args.thread_ts).toBe(first?.response.ts);
    for (const visit of run.visits) {
      const prompt = text(locale, `flow:questions.${visit.questionId}.prompt`);
      expect(unescapeMrkdwn(allText(visit.message.blocks))).toContain(prompt);
    }
  });

  it('counts each question as the engine does: no total while the step can still grow', () => {
    const counters = run.visits.map((visit) => blockTexts(visit.message.blocks)[0]?.split(' · ')[0]);
    expect(counters).toEqual(expected.map((q) => `*${render(locale, questionCounter(q), 'slack')}*`));
    // Both forms occur on the way: "Frage 1" while the step's count depends on an answer, "Frage 2 von 9" after.
    expect(expected.some((q) => q.count === null)).toBe(true);
    expect(expected.some((q) => q.count !== null)).toBe(true);
  });

  it('shows the progress bar on every question', () => {
    for (const visit of run.visits) {
      const step = flow.steps.indexOf(findQuestion(flow, visit.questionId)?.step ?? 'setup') + 1;
      const bar = lastContextText(visit.message.blocks) ?? '';
      const label = text(locale, 'cli.progress', {
        number: step,
        total: 5,
        step: text(locale, `flow:steps.${flow.steps[step - 1]}.title`),
      });
      expect({ question: visit.questionId, bar }).toEqual({
        question: visit.questionId,
        bar: expect.stringContaining(label),
      });
      expect([...bar.matchAll(/🟩|⬜/gu)]).toHaveLength(5);
    }
  });

  it('opens a modal for each text question and takes the typed answer', () => {
    const textVisits = run.visits.filter((v) => findQuestion(flow, v.questionId)?.kind === 'text');
    expect(textVisits.length).toBeGreaterThanOrEqual(5);
    for (const visit of textVisits) {
      expect(visit.modals).toHaveLength(1);
      const view = visit.modals[0]?.args.view as Record<string, unknown>;
      expect(view.callback_id).toBe('ps:modal');
      expect(JSON.parse(String(view.private_metadata))).toMatchObject({
        kind: 'answer',
        questionId: visit.questionId,
        channel: 'C0ONBOARD',
        messageTs: visit.message.ts,
      });
      // A valid answer closes the modal: a plain ack, no `response_action: errors`.
      expect(visit.modalAcks).toEqual(['']);
    }
  });

  it('updates each answered question message in place: the answer, who gave it, no buttons left', () => {
    const missing: string[] = [];
    for (const visit of run.visits) {
      const last = visit.updates.at(-1);
      if (!last) {
        missing.push(`${visit.questionId}: no chat.update on ${visit.message.ts}`);
        continue;
      }
      const shown = unescapeMrkdwn(allText(last.args.blocks));
      for (const word of [...answerWording(locale, visit.questionId), ANNA.username]) {
        if (!shown.includes(word)) missing.push(`${visit.questionId}: "${word}" not in the updated message`);
      }
      if (actionIds(last.args.blocks).length > 0)
        missing.push(`${visit.questionId}: buttons left after answering`);
    }
    expect(missing).toEqual([]);
  });

  it('posts each question once and tells the channel nothing twice', () => {
    const questionPosts = session.posted().filter((m) => m.askedQuestionId !== null);
    expect(questionPosts.map((m) => m.askedQuestionId)).toEqual(expected.map((q) => q.id));
    const prefixes = [
      RESOURCES[locale].common.notice.answer.recorded,
      RESOURCES[locale].common.notice.check.ticked,
    ].map((template) => template.split('{{')[0] as string);
    const notices = h.fake
      .callsOf('chat.postMessage')
      .map((c) => String(c.args.text))
      .filter((t) => prefixes.some((p) => t.startsWith(p)));
    expect(notices).toEqual([]);
  });

  it("keeps the channel quiet: one message per step and the done summary, every question in its step's thread", () => {
    const top = session.topLevel();
    const stepMessages = top.slice(0, 5);
    expect(top).toHaveLength(6);
    flow.steps.forEach((step, i) => {
      expect(unescapeMrkdwn(allText(stepMessages[i]?.blocks))).toContain(
        text(locale, `flow:steps.${step}.intro`),
      );
    });
    expect(unescapeMrkdwn(allText(top[5]?.blocks))).toContain(ready);
    const threadOf = new Map(flow.steps.map((step, i) => [step, stepMessages[i]?.ts]));
    const misplaced = run.visits
      .filter((v) => v.message.threadTs !== threadOf.get(findQuestion(flow, v.questionId)?.step ?? 'setup'))
      .map((v) => v.questionId);
    expect(misplaced).toEqual([]);
    // Each step's advice went into its own thread, with the step's completion.
    const completed = render(
      locale,
      { key: 'step.completed', params: { step: { key: 'flow:steps.setup.title' }, number: 1 } },
      'slack',
    );
    const inSetupThread = session
      .thread(stepMessages[0]?.ts ?? '')
      .map((m) => unescapeMrkdwn(allText(m.blocks)));
    expect(inSetupThread.filter((t) => t.includes(completed))).toHaveLength(1);
  });

  it('shows each step as done in its step message, updated in place as the team went on', () => {
    const stepMessages = session.topLevel().slice(0, 5);
    flow.steps.forEach((step, i) => {
      const shown = unescapeMrkdwn(allText(stepMessages[i]?.blocks));
      const done = render(
        locale,
        { key: 'overview.done', params: { number: i + 1, step: { key: `flow:steps.${step}.title` } } },
        'slack',
      );
      expect({ step, shown }).toEqual({ step, shown: expect.stringContaining(done) });
    });
    // Step 1 was updated once per answer after its message was posted (8 questions), not more.
    const updates = h.fake.callsOf('chat.update').filter((u) => u.args.ts === stepMessages[0]?.ts);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThanOrEqual(
      run.visits.filter((v) => findQuestion(flow, v.questionId)?.step === 'setup').length,
    );
  });

  it('tells nobody anything privately on the happy path, and logs no problem', () => {
    expect(session.ephemerals(ANNA)).toEqual([]);
    expect(h.logger.problems()).toEqual([]);
  });

  it('keeps every message and modal it sent within Block Kit limits', () => {
    expect(callViolations(h.fake.calls)).toEqual([]);
  });

  it('leaves no locale key unrendered', () => {
    const leaked = h.fake.calls
      .flatMap((c) => [
        String(c.args.text ?? ''),
        allText(c.args.blocks),
        allText((c.args.view as { blocks?: unknown })?.blocks),
      ])
      .filter((t) => /\b(?:flow|slack|voice):[a-z]|\b(?:notice|cli|done|open|overview|step)\.[a-z]/.test(t));
    expect(leaked).toEqual([]);
  });

  // Last, since it adds to the channel: the celebration happens once.
  it('does not celebrate again, nor repeat any step, when the team opens it again with /paysetup start', async () => {
    const mark = h.fake.mark();

    await session.command('start', ANNA);

    const again = h.fake.since(mark, 'chat.postMessage').map((c) => unescapeMrkdwn(allText(c.args.blocks)));
    expect(again).toEqual([render(locale, { key: 'notice.start.resumedDone' }, 'slack')]);
    expect(posts().filter((t) => t.includes(ready))).toHaveLength(1);
    const status = unescapeMrkdwn(allText(session.ephemerals(ANNA).at(-1)?.args.blocks));
    expect(status).toContain(render(locale, { key: 'overview.noOpenItems' }, 'slack'));
    expect(status).toContain(render(locale, { key: 'overview.doneActions' }, 'slack'));
  });
});
