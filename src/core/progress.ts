import type { AnswerLookup, AnswerValue, Flow, Question, StepId } from '../../flows/types';
import { checkText } from '../../flows/validation';
import type { DialogContext } from './context';
import { isFiller } from './i18n';
import type { InvalidReason } from './outcome';

/**
 * Pure questions about where a team stands: which questions a step asks for these answers, which are done,
 * which comes next. The machine's guards and the engine's replies both use these, so they never disagree.
 */

export function lookup(context: Pick<DialogContext, 'answers'>): AnswerLookup {
  return (questionId) => context.answers[questionId]?.value;
}

export function findQuestion(flow: Flow, questionId: string): Question | undefined {
  return flow.questions.find((q) => q.id === questionId);
}

/** The questions a step asks, given the answers so far (a test plan depends on step 1, for example). */
export function questionsOf(flow: Flow, step: StepId, context: Pick<DialogContext, 'answers'>): Question[] {
  const answer = lookup(context);
  return flow.questions.filter((q) => q.step === step && (q.when === undefined || q.when(answer)));
}

/** Done means: answered in a way that lets the team go on, every checklist item ticked, or skipped as allowed. */
export function isComplete(question: Question, context: DialogContext): boolean {
  if (context.skips[question.id]) return true;
  if (question.kind === 'checklist') {
    const ticks = context.checks[question.id] ?? {};
    return question.items.every((item) => ticks[item] !== undefined);
  }
  const answer = context.answers[question.id];
  if (!answer) return false;
  if (question.kind === 'yesno' && question.mustBeYes) return answer.value === true;
  if (question.kind === 'testcase') return isTestResult(answer.value) && answer.value.status === 'passed';
  return true;
}

/** A question has been dealt with in some way (answered, even "no" or "failed"; ticked partly; skipped). */
export function isTouched(question: Question, context: DialogContext): boolean {
  if (context.skips[question.id] || context.answers[question.id]) return true;
  return question.kind === 'checklist' && Object.keys(context.checks[question.id] ?? {}).length > 0;
}

/**
 * Whether a step's question count is settled: every question that is asked only for certain answers depends on
 * questions already answered. Until then a channel says "question 2", not "question 2 of 7".
 */
export function isCountKnown(flow: Flow, step: StepId, context: Pick<DialogContext, 'answers'>): boolean {
  return flow.questions
    .filter((q) => q.step === step && q.dependsOn)
    .every((q) => (q.dependsOn ?? []).every((id) => context.answers[id] !== undefined));
}

export function isStepComplete(flow: Flow, step: StepId, context: DialogContext): boolean {
  return questionsOf(flow, step, context).every((q) => isComplete(q, context));
}

export function firstOpen(flow: Flow, step: StepId, context: DialogContext): string | null {
  return questionsOf(flow, step, context).find((q) => !isComplete(q, context))?.id ?? null;
}

/** The next question to ask after `questionId`: the first open one after it in its step, else the first open one. */
export function nextOpenAfter(
  flow: Flow,
  step: StepId,
  questionId: string,
  context: DialogContext,
): string | null {
  const asked = questionsOf(flow, step, context);
  const index = asked.findIndex((q) => q.id === questionId);
  const after = asked.slice(index + 1).find((q) => !isComplete(q, context));
  return after?.id ?? firstOpen(flow, step, context);
}

export function previousInStep(
  flow: Flow,
  step: StepId,
  questionId: string,
  context: DialogContext,
): string | null {
  const asked = questionsOf(flow, step, context);
  const index = asked.findIndex((q) => q.id === questionId);
  return index > 0 ? (asked[index - 1]?.id ?? null) : null;
}

export function lastOfStep(flow: Flow, step: StepId, context: DialogContext): string | null {
  return questionsOf(flow, step, context).at(-1)?.id ?? null;
}

/** How many steps, counted from the first, are complete. */
export function completedSteps(flow: Flow, context: DialogContext): number {
  let count = 0;
  for (const step of flow.steps) {
    if (!isStepComplete(flow, step, context)) break;
    count += 1;
  }
  return count;
}

export function isTestResult(value: AnswerValue): value is { status: 'passed' | 'failed'; note?: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'status' in value;
}

export type AnswerCheck = { ok: true; value: AnswerValue } | { ok: false; reason: InvalidReason };

const refused = (reason: InvalidReason): AnswerCheck => ({ ok: false, reason });
const CHOICE: AnswerCheck = refused({ code: 'choice' });

/** Words in a free text, counting "JTL-Wawi" or "SAP/R3" as one. */
const wordCount = (text: string): number => text.split(/\s+/u).filter((w) => /\p{L}/u.test(w)).length;

/**
 * Checks an answer against its question and returns it normalized (trimmed text, ids in upper case, choices
 * de-duplicated in flow order), or why it does not fit.
 */
export function checkAnswer(question: Question, value: AnswerValue): AnswerCheck {
  switch (question.kind) {
    case 'single':
      return typeof value === 'string' && question.choices.includes(value) ? { ok: true, value } : CHOICE;
    case 'multi': {
      if (!Array.isArray(value) || value.length === 0) return CHOICE;
      if (!value.every((choice) => question.choices.includes(choice))) return CHOICE;
      if (question.exclusive && value.includes(question.exclusive) && value.length > 1)
        return refused({ code: 'exclusive', choice: question.exclusive });
      return { ok: true, value: question.choices.filter((choice) => value.includes(choice)) };
    }
    case 'yesno':
      return typeof value === 'boolean' ? { ok: true, value } : CHOICE;
    case 'text': {
      if (typeof value !== 'string') return refused({ code: 'format' });
      const checked = checkText(question.format, value);
      if (!checked.ok) return refused(checked.problem);
      if (question.minWords && (wordCount(checked.value) < question.minWords || isFiller(checked.value)))
        return refused({ code: 'vague' });
      return { ok: true, value: checked.value };
    }
    case 'testcase':
      if (!isTestResult(value)) return CHOICE;
      if (value.status === 'failed') {
        const note = value.note?.trim();
        return { ok: true, value: note ? { status: 'failed', note } : { status: 'failed' } };
      }
      return { ok: true, value: { status: 'passed' } };
    case 'checklist':
      return CHOICE; // checklists are ticked item by item (CHECK), never answered as a whole
  }
}

/** The normalized answer, or null when it does not fit (see `checkAnswer` for why). */
export function normalizeAnswer(question: Question, value: AnswerValue): AnswerValue | null {
  const checked = checkAnswer(question, value);
  return checked.ok ? checked.value : null;
}

/** One line of the answer list: every question the team answered, ticked or skipped, numbered for "change N". */
export interface AnswerEntry {
  number: number;
  questionId: string;
  step: StepId;
}

/** The recorded answers in flow order, numbered from 1 (only questions the flow still asks for these answers). */
export function answerList(flow: Flow, context: DialogContext): AnswerEntry[] {
  return flow.steps
    .flatMap((step) => questionsOf(flow, step, context))
    .filter((q) => isTouched(q, context))
    .map((q, index) => ({ number: index + 1, questionId: q.id, step: q.step }));
}

/**
 * Whether a team may go back to a question to answer it anew: it was dealt with, and its step is not beyond the
 * first unfinished one (a later step's answer, reached by going back, cannot be changed before the gap is closed).
 */
export function mayRevisit(flow: Flow, questionId: string, context: DialogContext): boolean {
  const question = findQuestion(flow, questionId);
  if (!question || !isTouched(question, context)) return false;
  if (!questionsOf(flow, question.step, context).some((q) => q.id === questionId)) return false;
  return flow.steps.indexOf(question.step) <= completedSteps(flow, context);
}
