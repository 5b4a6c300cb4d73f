import type { LinkId } from '../flows/resources';
import type { AnswerLookup, StepId } from '../flows/types';

/**
 * The shape of the knowledge base: what a team can ask the assistant about its Amazon Pay integration. Entries hold
 * no sentence: the ways people ask, the short (speakable) and the long answer live in
 * `locales/<lang>/knowledge.json` under `entries.<id>`.
 */

/**
 * A case of an entry that the team's recorded answers single out: its sentence
 * (`entries.<entry>.context.<id>`) is said before the answer, so that a team hears about its own case first.
 */
export interface ContextVariant {
  id: string;
  /** Holds for the teams this case is about. */
  when: (answer: AnswerLookup) => boolean;
}

export interface KnowledgeEntry {
  id: string;
  /** The step of the onboarding the entry belongs to (the answer can point back to it). */
  step: StepId;
  /**
   * The page the answer rests on: the page the facts file names for the fact. Where the facts' line names no page
   * (the button script, the going-live steps, the sandbox-only account, …), the named page nearest to its subject,
   * as a rule the one its section names.
   */
  source: LinkId;
  /** Checked in order; the first that holds is used. */
  context?: readonly ContextVariant[];
}
