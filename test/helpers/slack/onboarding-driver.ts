import { findQuestion } from '../../../src/core/progress';
import { answerFor, flow } from '../dialog';
import type { RecordedCall } from './fake-slack-api';
import type { ChannelSession, PostedMessage } from './harness';
import { ANNA, type SlackUser } from './payloads';

/** What happened to one question on the way through, for the assertions of the onboarding tests. */
export interface QuestionVisit {
  questionId: string;
  /** The question message as the bot posted it (before any click). */
  message: PostedMessage;
  /** chat.update calls on this message after the team answered it. */
  updates: RecordedCall[];
  /** views.open calls for text answers. */
  modals: RecordedCall[];
  /** The modal submissions' HTTP answers (empty body = plain ack). */
  modalAcks: string[];
  clicks: number;
}

export interface DriveResult {
  visits: QuestionVisit[];
  /** The chat.postMessage that carried the celebration, if reached. */
  celebration: RecordedCall | null;
}

/**
 * Answers every question the bot posts by clicking what a user would click in the message: the canonical answer of
 * test/helpers/dialog.ts (first choice, yes, tick every item, passed, a valid text through the modal), until the
 * celebration is posted. Bounded: at most `maxTurns` questions.
 */
export async function driveOnboarding(
  session: ChannelSession,
  celebrateText: string,
  options: { user?: SlackUser; maxTurns?: number } = {},
): Promise<DriveResult> {
  const user = options.user ?? ANNA;
  const { fake } = session.h;
  const visits: QuestionVisit[] = [];
  const celebrated = () =>
    fake
      .callsOf('chat.postMessage')
      .find((c) => c.args.channel === session.id && String(c.args.text).includes(celebrateText)) ?? null;

  for (let turn = 0; turn < (options.maxTurns ?? 60) && !celebrated(); turn += 1) {
    const message = session.currentQuestion();
    if (!message?.questionId) throw new Error('the bot posted no question to answer');
    const questionId = message.questionId;
    if (visits.some((v) => v.questionId === questionId && v.message.ts === message.ts))
      throw new Error(`question ${questionId} (message ${message.ts}) is still open after answering it`);
    const visit: QuestionVisit = { questionId, message, updates: [], modals: [], modalAcks: [], clicks: 0 };
    visits.push(visit);
    const mark = fake.mark();
    const question = findQuestion(flow, questionId);
    if (!question) throw new Error(`the bot asked an unknown question ${questionId}`);

    for (const input of answerFor(flow, questionId)) {
      // The message as it stands now: a tick updates it in place (or, failing that, a fresh copy is posted).
      const current = latestFor(session, questionId) ?? message;
      switch (input.type) {
        case 'ANSWER': {
          if (question.kind === 'single') {
            await session.click(current, `ps:choose:${questionId}:${String(input.value)}`, user);
          } else if (question.kind === 'yesno') {
            await session.click(current, `ps:${input.value ? 'yes' : 'no'}:${questionId}`, user);
          } else if (question.kind === 'multi') {
            await session.submitChoices(current, questionId, input.value as string[], user);
          } else if (question.kind === 'text') {
            const before = fake.mark();
            await session.click(current, `ps:text:${questionId}`, user);
            const opened = fake.since(before, 'views.open').at(-1);
            if (!opened) throw new Error(`no modal opened for ${questionId}`);
            visit.modals.push(opened);
            const ack = await session.submitModal(opened, String(input.value), user);
            visit.modalAcks.push(ack.text);
          }
          break;
        }
        case 'CHECK':
          await session.click(current, `ps:tick:${questionId}:${input.itemId}`, user);
          break;
        case 'RECORD_TEST':
          await session.click(current, `ps:passed:${questionId}`, user);
          break;
        default:
          throw new Error(`no click for ${input.type}`);
      }
      visit.clicks += 1;
    }
    visit.updates = fake.since(mark, 'chat.update').filter((u) => u.args.ts === message.ts);
  }
  return { visits, celebration: celebrated() };
}

/** The newest message for a question: the one to click next. */
function latestFor(session: ChannelSession, questionId: string): PostedMessage | null {
  return (
    session
      .posted()
      .filter((m) => m.questionId === questionId)
      .at(-1) ?? null
  );
}
