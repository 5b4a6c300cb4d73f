import type { AnswerValue } from '../../../flows/types';
import type { DialogInput } from '../../../src/core/events';
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
  /** views.open calls for text answers, failure notes and skip reasons. */
  modals: RecordedCall[];
  /** The modal submissions' HTTP answers (empty body = plain ack). */
  modalAcks: string[];
  /** chat.postMessage calls to the channel while the team dealt with this question (what the answers brought). */
  posts: RecordedCall[];
  clicks: number;
}

/**
 * The canonical answers with every decline case handled: a way to done with nothing open (the canonical first choice
 * alone leaves two decline cases unhandled, which are open items).
 */
export const NOTHING_OPEN: Record<string, AnswerValue> = {
  decline_handling: ['soft_retry', 'hard_update', 'other_method'],
};

export interface DriveResult {
  visits: QuestionVisit[];
}

export interface DriveOptions {
  user?: SlackUser;
  /** At most this many questions. @default 60 */
  maxTurns?: number;
  /** Choices other than the first, as for `answerFor` (test/helpers/dialog.ts). */
  pick?: Record<string, AnswerValue>;
  /**
   * What the team does on a question instead of its canonical answer, as the dialog events it means: each is given
   * the way a person gives it in Slack (a `SKIP` with a reason through the skip modal, a failed test through its modal).
   */
  moves?: Record<string, DialogInput[]>;
}

/**
 * Answers every question the bot posts by clicking what a user would click in the message: the canonical answer of
 * test/helpers/dialog.ts (first choice or `pick`, yes, tick every item, passed, a valid text through the modal), or
 * the `moves` given for a question, until no question is left to answer. Bounded: at most `maxTurns` questions.
 */
export async function driveOnboarding(
  session: ChannelSession,
  options: DriveOptions = {},
): Promise<DriveResult> {
  const user = options.user ?? ANNA;
  const { fake } = session.h;
  const visits: QuestionVisit[] = [];

  for (let turn = 0; turn < (options.maxTurns ?? 60); turn += 1) {
    const message = session.currentQuestion();
    if (!message?.questionId) break;
    const questionId = message.questionId;
    if (visits.some((v) => v.questionId === questionId && v.message.ts === message.ts))
      throw new Error(`question ${questionId} (message ${message.ts}) is still open after answering it`);
    const visit: QuestionVisit = {
      questionId,
      message,
      updates: [],
      modals: [],
      modalAcks: [],
      posts: [],
      clicks: 0,
    };
    visits.push(visit);
    const mark = fake.mark();
    for (const input of options.moves?.[questionId] ?? answerFor(flow, questionId, options.pick)) {
      // The message as it stands now: a tick updates it in place (or, failing that, a fresh copy is posted).
      const current = latestFor(session, questionId) ?? message;
      await give(session, current, input, visit, user);
      visit.clicks += 1;
    }
    visit.updates = fake.since(mark, 'chat.update').filter((u) => u.args.ts === message.ts);
    visit.posts = fake.since(mark, 'chat.postMessage').filter((c) => c.args.channel === session.id);
  }
  return { visits };
}

/** One dialog event given the Slack way: the button, checkboxes or modal a person uses for it. */
export async function give(
  session: ChannelSession,
  message: PostedMessage,
  input: DialogInput,
  visit: Pick<QuestionVisit, 'modals' | 'modalAcks'> = { modals: [], modalAcks: [] },
  user: SlackUser = ANNA,
): Promise<void> {
  const questionId = message.questionId ?? message.askedQuestionId;
  const question = questionId ? findQuestion(flow, questionId) : undefined;
  if (!question) throw new Error(`message ${message.ts} asks no known question`);
  const throughModal = async (actionId: string, value: string) => {
    const before = session.h.fake.mark();
    await session.click(message, actionId, user);
    const opened = session.h.fake.since(before, 'views.open').at(-1);
    if (!opened) throw new Error(`no modal opened by ${actionId}`);
    visit.modals.push(opened);
    visit.modalAcks.push((await session.submitModal(opened, value, user)).text);
  };
  const q = question.id;
  switch (input.type) {
    case 'ANSWER':
      if (question.kind === 'single')
        await session.click(message, `ps:choose:${q}:${String(input.value)}`, user);
      else if (question.kind === 'yesno')
        await session.click(message, `ps:${input.value ? 'yes' : 'no'}:${q}`, user);
      else if (question.kind === 'multi')
        await session.submitChoices(message, q, input.value as string[], user);
      else if (question.kind === 'text') await throughModal(`ps:text:${q}`, String(input.value));
      else throw new Error(`no answer button on ${question.kind} ${q}`);
      return;
    case 'CHECK':
      await session.click(message, `ps:${input.checked ? 'tick' : 'untick'}:${q}:${input.itemId}`, user);
      return;
    case 'RECORD_TEST':
      if (input.status === 'passed') await session.click(message, `ps:passed:${q}`, user);
      else await throughModal(`ps:failed:${q}`, input.note ?? '');
      return;
    case 'SKIP':
      if (question.skip === 'reason') await throughModal(`ps:skip-reason:${q}`, input.reason ?? '');
      else await session.click(message, `ps:skip:${q}`, user);
      return;
    default:
      throw new Error(`no click for ${input.type}`);
  }
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
