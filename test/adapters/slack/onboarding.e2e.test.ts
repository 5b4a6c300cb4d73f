import type { Locale } from '../../../src/core/context';
import { DialogEngine, teamRecordKey } from '../../../src/core/engine';
import { RESOURCES, text } from '../../../src/core/i18n';
import { findQuestion } from '../../../src/core/progress';
import { MemoryStore } from '../../../src/store/MemoryStore';
import { answerFor, flow } from '../../helpers/dialog';
import { callViolations } from '../../helpers/slack/block-kit-limits';
import { actionIds, allText, lastContextText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import { type ChannelSession, type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { type DriveResult, driveOnboarding } from '../../helpers/slack/onboarding-driver';
import { ANNA } from '../../helpers/slack/payloads';

/**
 * A whole onboarding through the real Bolt app, the way a team has it: `/paysetup start`, then clicking what the bot
 * posts (buttons, checkboxes + submit, ticks, modals for text) until the celebration, in German and in English.
 */

/** The questions the engine itself asks for the canonical answers, in order: what the Slack run must ask too. */
async function expectedQuestions(): Promise<string[]> {
  const engine = new DialogEngine({ store: new MemoryStore() });
  const meta = { actor: { id: 'U', name: 'u' }, channel: 'test' };
  let reply = await engine.handle('expected', { type: 'START' }, meta);
  const asked: string[] = [];
  for (let turn = 0; reply.question && turn < 100; turn += 1) {
    const id = reply.question.id;
    asked.push(id);
    for (const input of answerFor(flow, id)) reply = await engine.handle('expected', input, meta);
  }
  return asked;
}

/** How the bot writes an answer: choice labels, yes/no, "passed", the text itself. */
function answerWording(locale: Locale, questionId: string): string[] {
  const question = findQuestion(flow, questionId);
  const inputs = answerFor(flow, questionId);
  const first = inputs[0];
  if (!question || !first) return [];
  switch (question.kind) {
    case 'single':
    case 'multi': {
      const value = first.type === 'ANSWER' ? first.value : '';
      const ids = Array.isArray(value) ? value : [String(value)];
      return ids.map((id) => text(locale, `flow:questions.${questionId}.choices.${id}`));
    }
    case 'yesno':
      return [text(locale, 'answer.yes')];
    case 'text':
      return [first.type === 'ANSWER' ? String(first.value) : ''];
    case 'testcase':
      return [text(locale, 'answer.test.passed')];
    case 'checklist':
      return question.items.map((item) => text(locale, `flow:questions.${questionId}.items.${item}`));
  }
}

describe.each([
  { locale: 'de' as Locale, slackLocale: 'de-DE' },
  { locale: 'en' as Locale, slackLocale: 'en-US' },
])('a whole onboarding in Slack ($locale)', ({ locale, slackLocale }) => {
  let h: SlackHarness;
  let session: ChannelSession;
  let run: DriveResult;
  let expected: string[];
  const celebrate = text(locale, 'done.celebrate');

  beforeAll(async () => {
    expected = await expectedQuestions();
    h = await startSlackHarness({ defaultLocale: 'de' });
    h.fake.users.set(ANNA.id, { id: ANNA.id, locale: slackLocale });
    session = h.channel('C0ONBOARD');
    const ack = await session.command('start', ANNA);
    expect(ack.status).toBe(200);
    run = await driveOnboarding(session, celebrate);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('reaches the celebration by clicking through every question the flow asks', async () => {
    expect(run.celebration).not.toBeNull();
    expect(run.visits.map((v) => v.questionId)).toEqual(expected);
    const stored = await h.store.get(teamRecordKey('slack:T1:C0ONBOARD'));
    expect(JSON.parse(stored?.value ?? '{}').state).toBe('done');
  });

  it(`speaks ${locale} from the welcome on, guessed from the user's Slack locale`, () => {
    const first = h.fake.callsOf('chat.postMessage')[0];
    expect(first?.args.text).toBe(text(locale, 'notice.start.started'));
    for (const visit of run.visits) {
      const prompt = text(locale, `flow:questions.${visit.questionId}.prompt`);
      expect(unescapeMrkdwn(allText(visit.message.blocks))).toContain(prompt);
    }
    expect(run.celebration?.args.text).toContain(celebrate);
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

  // Pinned on a src bug (see report): DialogEngine.handle never passes the event's question to buildReply, so
  // `reply.subject` is always null and SlackDialog.show() posts "Noted: …" as a new channel message instead of
  // updating the question message in place.
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

  // Same bug: without `subject`, every tick reposts the whole checklist and every answer posts a notice.
  it('posts each question once and tells the channel nothing twice', () => {
    const questionPosts = session.posted().filter((m) => m.askedQuestionId !== null);
    expect(questionPosts.map((m) => m.askedQuestionId)).toEqual(expected);
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
      .filter((t) => /\b(?:flow|slack|voice):[a-z]|\b(?:notice|cli)\.[a-z]/.test(t));
    expect(leaked).toEqual([]);
  });
});
