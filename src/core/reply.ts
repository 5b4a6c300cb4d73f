import type { AnswerValue, Flow, Question, SkipPolicy, StepId } from '../../flows/types';
import type { DialogContext, DialogState, Locale, Message, Param } from './context';
import {
  completedSteps,
  findQuestion,
  isComplete,
  isTestResult,
  isTouched,
  lookup,
  questionsOf,
} from './progress';
import { actorName, answerParam, choiceKey } from './wording';

/** A question as every channel needs it: what to ask, what may be answered, what was answered so far. */
export interface QuestionView {
  id: string;
  step: StepId;
  kind: Question['kind'];
  /** 1-based position in its step, and how many the step asks. */
  position: number;
  count: number;
  prompt: Message;
  help: Message;
  choices: { id: string; label: Message }[];
  /** A choice that excludes all others (multi only). */
  exclusive?: string;
  items: { id: string; label: Message; checkedBy?: string }[];
  /** Test instructions (test cases only). */
  instructions?: Message;
  skip: SkipPolicy;
  /** The answer already recorded, when the question is asked again or not yet satisfied. */
  answered?: { value: AnswerValue; answer: Param; by: string; at: string };
  /** Guidance for an answer that does not let the team go on yet: a "no", a failed test. */
  guidance?: Message;
}

export interface Progress {
  /** 1–5 while a step is open, null before the start and when done. */
  step: number | null;
  stepId: StepId | null;
  completedSteps: number;
  totalSteps: number;
  done: boolean;
}

/** The channel-neutral answer to every event: message keys and parameters that each adapter renders. */
export interface Reply {
  team: string;
  locale: Locale;
  state: DialogState;
  /** What the event did: recorded, rejected and why. */
  notice: Message | null;
  /** What else there is to say: a finished step, advice, the next step's introduction, a celebration. */
  messages: Message[];
  question: QuestionView | null;
  /** The question the event was about (answered, ticked, tested or skipped), as it stands after the event. */
  subject: QuestionView | null;
  progress: Progress;
  done: boolean;
  /** True when this is the earlier reply to a delivery seen before (idempotent replay). */
  replayed?: boolean;
}

export function progressOf(flow: Flow, state: DialogState, context: DialogContext): Progress {
  const index = flow.steps.indexOf(state as StepId);
  return {
    step: index >= 0 ? index + 1 : null,
    stepId: index >= 0 ? (state as StepId) : null,
    completedSteps: state === 'done' ? flow.steps.length : completedSteps(flow, context),
    totalSteps: flow.steps.length,
    done: state === 'done',
  };
}

export function questionView(flow: Flow, questionId: string, context: DialogContext): QuestionView | null {
  const question = findQuestion(flow, questionId);
  if (!question) return null;
  const asked = questionsOf(flow, question.step, context);
  const base = `flow:questions.${question.id}`;
  const answer = context.answers[question.id];
  const view: QuestionView = {
    id: question.id,
    step: question.step,
    kind: question.kind,
    position: asked.findIndex((q) => q.id === question.id) + 1,
    count: asked.length,
    prompt: { key: `${base}.prompt` },
    help: { key: `${base}.help` },
    choices:
      question.kind === 'single' || question.kind === 'multi'
        ? question.choices.map((id) => ({ id, label: { key: choiceKey(question.id, id) } }))
        : [],
    items:
      question.kind === 'checklist'
        ? question.items.map((id) => {
            const tick = context.checks[question.id]?.[id];
            return {
              id,
              label: { key: `${base}.items.${id}` },
              ...(tick ? { checkedBy: actorName(tick.by) } : {}),
            };
          })
        : [],
    skip: question.skip,
  };
  if (question.kind === 'multi' && question.exclusive) view.exclusive = question.exclusive;
  if (question.kind === 'testcase')
    view.instructions = { key: `${base}.instructions`, params: { ...question.params } };
  if (answer) {
    view.answered = {
      value: answer.value,
      answer: answerParam(question, answer.value),
      by: actorName(answer.by),
      at: answer.at,
    };
  }
  if (isTouched(question, context) && !isComplete(question, context)) {
    if (question.kind === 'yesno') view.guidance = { key: `${base}.blocked` };
    if (
      question.kind === 'testcase' &&
      answer &&
      isTestResult(answer.value) &&
      answer.value.status === 'failed'
    ) {
      view.guidance = { key: `${base}.guidance`, params: { note: answer.value.note ?? '' } };
    }
  }
  return view;
}

/** Advice a step's answers call for (developer tips after step 1, decline handling after step 3). */
export function adviceFor(flow: Flow, step: StepId, context: DialogContext): Message[] {
  const rule = flow.advice[step];
  if (!rule) return [];
  return rule(lookup(context)).map((tip) => ({
    key: `flow:tips.${tip.id}`,
    ...(tip.params ? { params: { ...tip.params } } : {}),
  }));
}

/**
 * Builds the reply to one event from the state before and after it: the notice the machine left, what a step change
 * brings (the finished step's advice, the next step's introduction, the celebration), and the question to ask now.
 */
export function buildReply(
  flow: Flow,
  team: string,
  before: { state: DialogState },
  after: { state: DialogState; context: DialogContext },
  subjectId: string | null = null,
): Reply {
  const { state, context } = after;
  const messages: Message[] = [];
  const from = flow.steps.indexOf(before.state as StepId);
  const to = state === 'done' ? flow.steps.length : flow.steps.indexOf(state as StepId);
  if (to > from) {
    for (let i = Math.max(from, 0); i < to; i += 1) {
      const step = flow.steps[i] as StepId;
      if (before.state === 'welcome') break;
      messages.push({
        key: 'step.completed',
        params: { step: { key: `flow:steps.${step}.title` }, number: i + 1 },
      });
      messages.push(...adviceFor(flow, step, context));
    }
    if (state === 'done') messages.push({ key: 'done.celebrate' }, summaryOf(context));
    else messages.push({ key: `flow:steps.${state}.intro` });
  }
  const progress = progressOf(flow, state, context);
  return {
    team,
    locale: context.locale,
    state,
    notice: context.notice,
    messages,
    question: context.cursor ? questionView(flow, context.cursor, context) : null,
    subject: subjectId ? questionView(flow, subjectId, context) : null,
    progress,
    done: progress.done,
  };
}

/** The numbers behind a finished onboarding, for the celebration. */
function summaryOf(context: DialogContext): Message {
  const results = Object.values(context.answers).map((a) => a.value);
  return {
    key: 'done.summary',
    params: {
      answers: Object.keys(context.answers).length,
      passed: results.filter((v) => isTestResult(v) && v.status === 'passed').length,
      skipped: Object.keys(context.skips).length,
    },
  };
}
