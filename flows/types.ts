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
 * How a question may be left unanswered. Whatever is skipped stays an open item until it is answered.
 * - `never`: it must be answered;
 * - `free`: optional, skipping needs no reason;
 * - `reason`: skipping needs a reason, which is recorded (test cases, gates a team cannot meet yet, a checklist
 *   whose remaining items are done later).
 */
export type SkipPolicy = 'never' | 'free' | 'reason';

interface QuestionBase {
  id: string;
  step: StepId;
  skip: SkipPolicy;
  /** Asked only when this holds for the answers so far; absent = always asked. */
  when?: (answer: AnswerLookup) => boolean;
  /**
   * The questions `when` reads. Until they are all answered, whether this question is asked is not known yet, so a
   * step's question count is not shown as a total (a test keeps this list honest).
   */
  dependsOn?: readonly string[];
}

export interface ChoiceQuestion extends QuestionBase {
  kind: 'single' | 'multi';
  choices: readonly string[];
  /** A choice that cannot be combined with others in a multiple choice (e.g. "none yet"). */
  exclusive?: string;
  /** A single choice that means several others named together ("one-time and recurring" is "both"). */
  combines?: Readonly<Record<string, readonly string[]>>;
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
  /**
   * For free texts that carry meaning: at least this many words, and not just a filler ("ok", "ja"). An answer that
   * says nothing is asked again with an example (`flow:questions.<id>.vague`).
   */
  minWords?: number;
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

/**
 * Something the answers show is missing before launch (a decline case the shop does not handle yet), rendered as a
 * task from `flow:gaps.<id>`. It is an open item until the answer to `questionId` changes.
 */
export interface Gap {
  id: string;
  questionId: string;
}

/**
 * One line of the summary a tech lead reads first in the report: a question's answer, or a value the flow derives
 * from the answers (the SDK or plugin to use). Labelled from `common:report.field.<id>`.
 */
export interface ProfileField {
  id: string;
  /** The answer to this question is the value. */
  questionId?: string;
  /** A value derived from the answers; shown next to the answer when both are given (a region's API host). */
  detail?: string;
}

export interface Flow {
  id: string;
  /** Raised whenever question ids or their meaning change; stored records carry it so old ones are migrated. */
  version: number;
  steps: readonly StepId[];
  questions: readonly Question[];
  /** Advice drawn from the answers, by the step whose completion shows it (and in the report): pure rules. */
  advice: Partial<Record<StepId, (answer: AnswerLookup) => Tip[]>>;
  /** Gaps the answers reveal, each an open item until the answer changes: a pure rule. */
  gaps: (answer: AnswerLookup) => Gap[];
  /** The report's summary of the integration: a pure rule. */
  profile: (answer: AnswerLookup) => ProfileField[];
}
