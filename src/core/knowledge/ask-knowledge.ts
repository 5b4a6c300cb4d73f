import { LINKS, type LinkId } from '../../../flows/resources';
import type { AnswerLookup, StepId } from '../../../flows/types';
import { type ContextId, DOCS_LINK, ENTRIES, type EntryId } from '../../../knowledge/entries';
import type { ContextVariant, KnowledgeEntry } from '../../../knowledge/types';
import { LOCALES, type Locale } from '../context';
import { cleanQuestion } from './clean-question';
import { KnowledgeIndex, type Ranking } from './KnowledgeIndex';

/**
 * The least coverage (`Hit.coverage`) the best entry needs to be given as the answer: it must match at least half of
 * what the question says, by weight. It must also match two of the question's terms, or one that names it by itself
 * (`Hit.telling`), and the question must not be out of scope (`Ranking.outOfScope`). Tuned on the question tables
 * in test/core/knowledge/ so that no off-topic question gets an answer: a wrong answer is worse than "I don't know".
 * @default 0.5
 */
export const MIN_COVERAGE = 0.5;

/** How many entries an "I don't know" offers instead. */
const CLOSEST = 2;

/**
 * What asking the assistant gave: an entry to say, or an honest "I don't know" with what comes closest. Each
 * adapter renders it with a `switch` on `kind`; the texts are `knowledgeKeys(entryId, context)`.
 */
export type KnowledgeOutcome =
  | {
      kind: 'answer';
      entryId: EntryId;
      /** The onboarding step the entry belongs to ("Das prüfen wir in Schritt 4"). */
      step: StepId;
      /** The page the answer rests on, and its address. */
      source: LinkId;
      url: string;
      /** The team's own case, said before the answer (`entries.<id>.context.<context>`). */
      context?: ContextId;
      /** How much of the question the entry covers, from `MIN_COVERAGE` to 1. */
      score: number;
    }
  | {
      kind: 'unknown';
      /** Why there is no answer (for the experts' list of unanswered questions). */
      reason: UnknownReason;
      /** Up to two entries that come closest, best first, to offer as choices (none for an out-of-scope question). */
      closest: EntryId[];
      /** Where to read on: the closest entry's source, or the documentation page. */
      docs: LinkId;
      docsUrl: string;
    };

/**
 * - `empty`: the question has no word that says anything (empty, only mentions, only "wie?");
 * - `outOfScope`: it is about something the facts do not cover (other providers, fees, small talk);
 * - `unsure`: no entry matches it well enough.
 */
export type UnknownReason = 'empty' | 'outOfScope' | 'unsure';

const indexes = new Map<Locale, KnowledgeIndex>();

/** The search index of a language, built on first use and kept for the life of the process. */
export function knowledgeIndex(locale: Locale): KnowledgeIndex {
  let index = indexes.get(locale);
  if (!index) {
    index = KnowledgeIndex.build(locale);
    indexes.set(locale, index);
  }
  return index;
}

/** Builds the indexes now (at start-up), so that the first question does not wait for them. */
export function warmUpKnowledge(locales: readonly Locale[] = LOCALES): void {
  for (const locale of locales) knowledgeIndex(locale);
}

const byId = new Map<EntryId, KnowledgeEntry & { id: EntryId }>(ENTRIES.map((entry) => [entry.id, entry]));

/**
 * Answers a team's own question about its integration from the knowledge base, in the team's language. Any text is
 * accepted (cut, cleaned of control characters and Slack mentions); nothing throws.
 * @param answers The team's recorded answers: an entry may then say the team's own case first.
 */
export function askKnowledge(question: string, locale: Locale, answers?: AnswerLookup): KnowledgeOutcome {
  const ranking = knowledgeIndex(locale).find(cleanQuestion(question));
  const [best] = ranking.hits;
  const entry = best && byId.get(best.id);
  if (
    entry &&
    ranking.outOfScope === undefined &&
    best.coverage >= MIN_COVERAGE &&
    (best.matched >= 2 || (best.telling && !ambiguous(ranking)))
  ) {
    return answerOf(entry, best.coverage, answers);
  }
  const closest = ranking.outOfScope === undefined ? ranking.hits.slice(0, CLOSEST).map((hit) => hit.id) : [];
  const first = closest[0];
  const docs = first ? (byId.get(first)?.source ?? DOCS_LINK) : DOCS_LINK;
  const reason: UnknownReason =
    ranking.outOfScope !== undefined ? 'outOfScope' : ranking.terms > 0 ? 'unsure' : 'empty';
  return { kind: 'unknown', reason, closest, docs, docsUrl: LINKS[docs] };
}

/**
 * A one-word question that two entries cover alike ("what about the authorization?": its expiry, or the pending
 * test card?) names neither: the closest two are offered instead of a guess.
 */
function ambiguous(ranking: Ranking): boolean {
  const [best, second] = ranking.hits;
  return (
    best !== undefined &&
    second?.telling === true &&
    second.matched >= best.matched &&
    second.coverage >= best.coverage - AMBIGUITY.coverage &&
    second.score >= best.score * AMBIGUITY.score
  );
}

/**
 * How close the second entry must come to the first for a one-word question to be ambiguous: in coverage, and in
 * relevance (the word as prominent in both: "authorization" in three titles, while `0701` names one card and is only
 * mentioned by the other).
 */
const AMBIGUITY = { coverage: 0.1, score: 0.75 };

/**
 * One entry's answer as `askKnowledge` gives it (an entry offered instead of an answer, then chosen), with the team's
 * case where its answers single one out; null for an id that is no entry (a stale or forged button).
 */
export function entryAnswer(entryId: string, answers?: AnswerLookup): KnowledgeOutcome | null {
  const entry = byId.get(entryId as EntryId);
  return entry ? answerOf(entry, 1, answers) : null;
}

/** An entry as the answer, with the team's case where its answers single one out. */
function answerOf(
  entry: KnowledgeEntry & { id: EntryId },
  score: number,
  answers?: AnswerLookup,
): KnowledgeOutcome {
  const context = answers ? contextFor(entry.context, answers) : undefined;
  return {
    kind: 'answer',
    entryId: entry.id,
    step: entry.step,
    source: entry.source,
    url: LINKS[entry.source],
    ...(context ? { context } : {}),
    score,
  };
}

/** The first case of an entry that holds for the team; a rule that fails on odd answers does not count. */
function contextFor(
  variants: readonly ContextVariant[] | undefined,
  answers: AnswerLookup,
): ContextId | undefined {
  return variants?.find((variant) => {
    try {
      return variant.when(answers);
    } catch {
      return false;
    }
  })?.id as ContextId | undefined;
}

/** The i18n keys of an entry's texts, for `text(locale, key)`; `context` only when a case is given. */
export function knowledgeKeys(
  entryId: EntryId,
  context?: ContextId,
): { title: string; short: string; long: string; context?: string } {
  const base = `knowledge:entries.${entryId}`;
  return {
    title: `${base}.title`,
    short: `${base}.short`,
    long: `${base}.long`,
    ...(context ? { context: `${base}.context.${context}` } : {}),
  };
}
