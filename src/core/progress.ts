import type { AnswerLookup, AnswerValue, Flow, Question, StepId } from '../../flows/types';
import { normalizeText } from '../../flows/validation';
import type { DialogContext } from './context';

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

/**
 * Checks an answer against its question and returns it normalized (trimmed text, ids in upper case, choices
 * de-duplicated in flow order), or null when it does not fit.
 */
export function normalizeAnswer(question: Question, value: AnswerValue): AnswerValue | null {
  switch (question.kind) {
    case 'single':
      return typeof value === 'string' && question.choices.includes(value) ? value : null;
    case 'multi': {
      if (!Array.isArray(value) || value.length === 0) return null;
      if (!value.every((choice) => question.choices.includes(choice))) return null;
      if (question.exclusive && value.includes(question.exclusive) && value.length > 1) return null;
      return question.choices.filter((choice) => value.includes(choice));
    }
    case 'yesno':
      return typeof value === 'boolean' ? value : null;
    case 'text':
      return typeof value === 'string' ? normalizeText(question.format, value) : null;
    case 'testcase':
      if (!isTestResult(value)) return null;
      if (value.status === 'failed') {
        const note = value.note?.trim();
        return note ? { status: 'failed', note } : { status: 'failed' };
      }
      return { status: 'passed' };
    case 'checklist':
      return null; // checklists are ticked item by item (CHECK), never answered as a whole
  }
}
