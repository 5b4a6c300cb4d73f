/**
 * The shape of a flow: steps, questions, choices, checklists, test cases and the rules that derive advice from answers.
 * Flows hold no sentence: every text a person reads lives in `locales/<lang>/flow.json` under the ids used here.
 */

export const STEP_IDS = ['setup', 'register', 'customer', 'test', 'launch'] as const;
export type StepId = (typeof STEP_IDS)[number];

export type QuestionKind = 'single' | 'multi' | 'yesno' | 'text' | 'checklist' | 'testcase';

/** What a recorded answer holds, by question kind (checklists record ticks, not answers). */
export type AnswerValue =
  | string // single (choice id) or text
  | string[] // multi (choice ids)
  | boolean // yesno
  | TestResult; // testcase

export interface TestResult {
  status: 'passed' | 'failed';
  note?: string;
}

/** Read-only view of recorded answers that `when` conditions and rules see. */
export type AnswerLookup = (questionId: string) => AnswerValue | undefined;

/**
 * How a question may be left unanswered:
 * - `never`: it must be answered;
 * - `free`: optional, skipping needs no reason;
 * - `reason`: skipping needs a reason, which is recorded (test cases, gates a team cannot meet yet).
 */
export type SkipPolicy = 'never' | 'free' | 'reason';

interface QuestionBase {
  id: string;
  step: StepId;
  skip: SkipPolicy;
  /** Asked only when this holds for the answers so far; absent = always asked. */
  when?: (answer: AnswerLookup) => boolean;
}

export interface ChoiceQuestion extends QuestionBase {
  kind: 'single' | 'multi';
  choices: readonly string[];
  /** A choice that cannot be combined with others in a multiple choice (e.g. "none yet"). */
  exclusive?: string;
}

export interface YesNoQuestion extends QuestionBase {
  kind: 'yesno';
  /** The question only counts as done when answered "yes"; a "no" is recorded and the team gets guidance. */
  mustBeYes?: boolean;
}

/** Formats a free-text answer must match; the checks live in `flows/validation.ts`. */
export type TextFormat = 'free' | 'sandboxPublicKeyId' | 'livePublicKeyId' | 'merchantId' | 'httpsUrl';

export interface TextQuestion extends QuestionBase {
  kind: 'text';
  format: TextFormat;
}

export interface ChecklistQuestion extends QuestionBase {
  kind: 'checklist';
  items: readonly string[];
}

export interface TestCaseQuestion extends QuestionBase {
  kind: 'testcase';
  /** Values put into the case's instructions: sandbox card endings, simulation codes. Data, not sentences. */
  params?: Readonly<Record<string, string>>;
}

export type Question = ChoiceQuestion | YesNoQuestion | TextQuestion | ChecklistQuestion | TestCaseQuestion;

/** A piece of advice derived from answers, rendered from `flow:tips.<id>` with `params`. */
export interface Tip {
  id: string;
  params?: Record<string, string>;
}

export interface Flow {
  id: string;
  /** Raised whenever question ids or their meaning change; stored records carry it so old ones are migrated. */
  version: number;
  steps: readonly StepId[];
  questions: readonly Question[];
  /** Advice drawn from the answers, by the step whose completion shows it (and in the report): pure rules. */
  advice: Partial<Record<StepId, (answer: AnswerLookup) => Tip[]>>;
}
