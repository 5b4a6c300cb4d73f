import type { AnswerValue, Flow, Question, SkipPolicy, StepId, TextFormat, Tip } from '../../flows/types';
import { MAX_FREE_TEXT } from '../../flows/validation';
import type { DialogContext, DialogState, Locale, Message, Param } from './context';
import { type OpenItem, openItemMessage, openItems } from './open-items';
import type { Outcome } from './outcome';
import {
  answerList,
  completedSteps,
  findQuestion,
  isComplete,
  isCountKnown,
  isStepComplete,
  isTestResult,
  isTouched,
  lookup,
  questionsOf,
} from './progress';
import { calendarDaysBetween, calendarOf, DEFAULT_POLICY, type NudgePolicy } from './reminders/policy';
import { localDate } from './reminders/working-time';
import { actorName, answerParam, choiceKey } from './wording';

/** A question as every channel needs it: what to ask, what may be answered, what was answered so far. */
export interface QuestionView {
  id: string;
  step: StepId;
  kind: Question['kind'];
  /** 1-based position in its step. */
  position: number;
  /** How many questions the step asks; null while that still depends on an answer to come. */
  count: number | null;
  prompt: Message;
  help: Message;
  choices: { id: string; label: Message }[];
  /** A choice that excludes all others (multi only). */
  exclusive?: string;
  /** A choice that several others, named together, amount to (single only: "one-time and recurring" → "both"). */
  combines?: Readonly<Record<string, readonly string[]>>;
  items: { id: string; label: Message; checkedBy?: string }[];
  /** Test instructions (test cases only). */
  instructions?: Message;
  /** The format a text answer is held to, and how long it may be (text questions only). */
  format?: TextFormat;
  maxLength?: number;
  skip: SkipPolicy;
  /** The answer already recorded, when the question is asked again or not yet satisfied. */
  answered?: { value: AnswerValue; answer: Param; by: string; byId: string; at: string };
  /** The question was skipped: it is an open item until it is answered. */
  skipped?: { by: string; reason?: string };
  /** Guidance for an answer that does not let the team go on yet: a "no", a failed test. */
  guidance?: Message;
  /** The question's number in the answer list, once it was answered, ticked or skipped ("change N"). */
  number?: number;
}

export interface Progress {
  /** 1–5 while a step is open, null before the start and when done. */
  step: number | null;
  stepId: StepId | null;
  completedSteps: number;
  totalSteps: number;
  done: boolean;
}

/** Where one step stands, for the status overview: done, being worked on, or still ahead. */
export interface StepOverview {
  step: StepId;
  number: number;
  /** `started`: answers given, not finished, and not the step being worked on (a step after a changed answer). */
  status: 'done' | 'current' | 'started' | 'upcoming';
  /** Open items left in this step. */
  open: number;
}

/** One recorded answer in the numbered list ("change N"). */
export interface AnswerView {
  number: number;
  questionId: string;
  step: StepId;
  prompt: Message;
  /** The answer as said ("Web und App", "übersprungen: …", "3 von 6 abgehakt"). */
  answer: Param;
  by: string;
  at: string;
}

/** The channel-neutral answer to every event: what it did, what else there is to say, and the question to ask now. */
export interface Reply {
  team: string;
  locale: Locale;
  state: DialogState;
  /** What the event did; each adapter renders it with a switch. */
  outcome: Outcome;
  /** What else there is to say: a finished step, advice, the next step's introduction, the done summary. */
  messages: Message[];
  question: QuestionView | null;
  /** The question the event was about (answered, ticked, tested or skipped), as it stands after the event. */
  subject: QuestionView | null;
  progress: Progress;
  done: boolean;
  /** Everything still open before launch (see open-items.ts). */
  openItems: OpenItem[];
  /** The five steps and where each stands. */
  overview: StepOverview[];
  /** The numbered answer list, for the ANSWERS event. */
  answers?: AnswerView[];
  /** True when this is the earlier reply to a delivery seen before (idempotent replay). */
  replayed?: boolean;
}

/** A reply as the record keeps it for idempotent replay (see engine.ts). */
export type StoredReply = Omit<Reply, 'openItems' | 'overview' | 'answers'>;

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
  const number = answerList(flow, context).find((entry) => entry.questionId === question.id)?.number;
  const view: QuestionView = {
    id: question.id,
    step: question.step,
    kind: question.kind,
    position: asked.findIndex((q) => q.id === question.id) + 1,
    count: isCountKnown(flow, question.step, context) ? asked.length : null,
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
    ...(number !== undefined ? { number } : {}),
  };
  if (question.kind === 'multi' && question.exclusive) view.exclusive = question.exclusive;
  if (question.kind === 'single' && question.combines) view.combines = question.combines;
  if (question.kind === 'text') {
    view.format = question.format;
    view.maxLength = MAX_FREE_TEXT;
  }
  if (question.kind === 'testcase')
    view.instructions = { key: `${base}.instructions`, params: { ...question.params } };
  if (answer) {
    view.answered = {
      value: answer.value,
      answer: answerParam(question, answer.value),
      by: actorName(answer.by),
      byId: answer.by.id,
      at: answer.at,
    };
  }
  const skip = context.skips[question.id];
  if (skip) view.skipped = { by: actorName(skip.by), ...(skip.reason ? { reason: skip.reason } : {}) };
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

const tipMessage = (tip: Tip): Message => ({
  key: `flow:tips.${tip.id}`,
  ...(tip.params ? { params: { ...tip.params } } : {}),
});

/** Advice a step's answers call for (developer tips after step 1, decline handling after step 3, …). */
export function adviceFor(flow: Flow, step: StepId, context: Pick<DialogContext, 'answers'>): Message[] {
  const rule = flow.advice[step];
  return rule ? rule(lookup(context)).map(tipMessage) : [];
}

/** The steps and where each stands, with the open items left in each. */
function overviewOf(
  flow: Flow,
  state: DialogState,
  context: DialogContext,
  items: OpenItem[],
): StepOverview[] {
  const current = flow.steps.indexOf(state as StepId);
  return flow.steps.map((step, index) => ({
    step,
    number: index + 1,
    status:
      index === current
        ? 'current'
        : state === 'done' || (state !== 'welcome' && isStepComplete(flow, step, context))
          ? 'done'
          : questionsOf(flow, step, context).some((q) => isTouched(q, context))
            ? 'started'
            : 'upcoming',
    open: items.filter((item) => item.step === step).length,
  }));
}

/** The numbered answer list with each answer as said and who gave it. */
function answerViews(flow: Flow, context: DialogContext): AnswerView[] {
  return answerList(flow, context).map((entry) => {
    const question = findQuestion(flow, entry.questionId) as Question;
    const skip = context.skips[entry.questionId];
    const answer = context.answers[entry.questionId];
    const ticks = Object.values(context.checks[entry.questionId] ?? {});
    const latest = [skip, answer, ...ticks]
      .filter((s) => s !== undefined)
      .sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    let said: Param;
    if (skip)
      said = skip.reason
        ? { key: 'answer.skippedBecause', params: { reason: skip.reason } }
        : { key: 'answer.skipped' };
    else if (question.kind === 'checklist') {
      said = { key: 'answer.ticked', params: { count: ticks.length, total: question.items.length } };
    } else said = answer ? answerParam(question, answer.value) : '';
    return {
      ...entry,
      prompt: { key: `flow:questions.${entry.questionId}.prompt` },
      answer: said,
      by: latest ? actorName(latest.by) : '',
      at: latest?.at ?? '',
    };
  });
}

const sameTips = (a: Message, b: Message) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a change of state brings, from the team's record before and after one turn: each step finished by this turn
 * with its advice, advice that changed because an answer changed, a fresh step's introduction, and the done summary.
 * Steps that were finished before are not announced again; the celebration comes once, the first time through.
 */
function stateMessages(
  flow: Flow,
  before: { state: DialogState; context: DialogContext },
  after: { state: DialogState; context: DialogContext },
  items: OpenItem[],
  outcome: Outcome,
): Message[] {
  const messages: Message[] = [];
  const intro = (state: DialogState): Message[] =>
    flow.steps.includes(state as StepId) ? [{ key: `flow:steps.${state}.intro` }] : [];
  // A new start, or a restart: the first step's introduction is all there is to add.
  if (before.state === 'welcome' || outcome.kind === 'restarted') return intro(after.state);
  let entered = false;
  const upTo = after.state === 'done' ? flow.steps.length : flow.steps.indexOf(after.state as StepId);
  flow.steps.forEach((step, index) => {
    // A step counts as announced once it was complete: going back into it or changing an answer does not repeat it.
    const wasDone = isStepComplete(flow, step, before.context);
    const isDone = index < upTo && isStepComplete(flow, step, after.context);
    if (wasDone && !isStepComplete(flow, step, after.context)) {
      messages.push({
        key: 'step.reopened',
        params: { step: { key: `flow:steps.${step}.title` }, number: index + 1 },
      });
    } else if (isDone && !wasDone) {
      messages.push({
        key: 'step.completed',
        params: { step: { key: `flow:steps.${step}.title` }, number: index + 1 },
      });
      messages.push(...adviceFor(flow, step, after.context));
      // The step after one finished in this very turn is new to the team: it gets its introduction.
      if (flow.steps[index + 1] === after.state) entered = true;
    } else if (wasDone && isDone && before.context.answers !== after.context.answers) {
      // Only an event that changed an answer can change advice (answers are replaced, never edited in place).
      const earlier = adviceFor(flow, step, before.context);
      const added = adviceFor(flow, step, after.context).filter(
        (tip) => !earlier.some((e) => sameTips(e, tip)),
      );
      if (added.length > 0) {
        messages.push(
          { key: 'advice.updated', params: { step: { key: `flow:steps.${step}.title` } } },
          ...added,
        );
      }
    }
  });
  if (after.state !== before.state) {
    if (after.state === 'done')
      messages.push(...doneMessages(before.context.doneAt === null, items, after.context));
    else if (entered) messages.push(...intro(after.state));
  }
  return messages;
}

/**
 * The done summary. "Ready to launch" only when nothing is open; otherwise all five steps worked through, with the
 * open items as tasks. `first`: the first time the team got here (the celebration); later, a short line.
 */
function doneMessages(first: boolean, items: OpenItem[], context: DialogContext): Message[] {
  const messages: Message[] = [];
  if (items.length === 0) messages.push({ key: first ? 'done.ready' : 'done.readyAgain' });
  else
    messages.push({ key: first ? 'done.withOpen' : 'done.withOpenAgain', params: { count: items.length } });
  messages.push(...items.map(openItemMessage));
  if (first) messages.push(summaryOf(context));
  return messages;
}

/** The numbers behind a finished onboarding. */
function summaryOf(context: DialogContext): Message {
  const results = Object.values(context.answers).map((a) => a.value);
  return {
    key: 'done.summary',
    params: {
      count: Object.keys(context.answers).length,
      passed: results.filter((v) => isTestResult(v) && v.status === 'passed').length,
      skipped: Object.keys(context.skips).length,
    },
  };
}

/**
 * Who carries which step, the target date and what the reminders do: shown with the status in every channel.
 * Nothing when the team chose none of it and reminders run as usual.
 */
export function planMessages(
  flow: Flow,
  context: DialogContext,
  now: Date,
  policy: NudgePolicy = DEFAULT_POLICY,
): Message[] {
  const { timeZone } = calendarOf(context, policy);
  const reminders = context.reminders ?? {};
  const messages: Message[] = [];
  flow.steps.forEach((step, index) => {
    const owner = reminders.owners?.[step]?.owner;
    if (owner)
      messages.push({
        key: 'plan.owner',
        params: { number: index + 1, step: { key: `flow:steps.${step}.title` }, owner: actorName(owner) },
      });
  });
  const target = reminders.target?.date;
  if (target) {
    const days = calendarDaysBetween(localDate(now, timeZone), target);
    messages.push(
      days >= 0
        ? { key: 'plan.target', params: { date: { date: target }, count: days } }
        : { key: 'plan.targetPassed', params: { date: { date: target } } },
    );
  }
  if (reminders.off)
    messages.push({ key: reminders.off.reason === 'asked' ? 'plan.remindersOff' : 'plan.remindersGone' });
  else if (context.snoozedUntil && Date.parse(context.snoozedUntil) > now.getTime())
    messages.push({
      key: 'plan.snoozed',
      params: { until: { date: context.snoozedUntil, timeZone } },
    });
  return messages;
}

/** Builds the reply to one turn from the team's state before and after it and what the turn did. */
export function buildReply(
  flow: Flow,
  team: string,
  before: { state: DialogState; context: DialogContext },
  after: { state: DialogState; context: DialogContext },
  outcome: Outcome,
  subjectId: string | null = null,
  now: Date = new Date(),
  policy: NudgePolicy = DEFAULT_POLICY,
): Reply {
  const { state, context } = after;
  const items = openItems(flow, context);
  const progress = progressOf(flow, state, context);
  return {
    team,
    locale: context.locale,
    state,
    outcome,
    messages: [
      ...stateMessages(flow, before, after, items, outcome),
      ...(outcome.kind === 'status' ? planMessages(flow, context, now, policy) : []),
    ],
    question: context.cursor ? questionView(flow, context.cursor, context) : null,
    subject: subjectId ? questionView(flow, subjectId, context) : null,
    progress,
    done: progress.done,
    openItems: items,
    overview: overviewOf(flow, state, context, items),
    ...(outcome.kind === 'answers' ? { answers: answerViews(flow, context) } : {}),
  };
}
