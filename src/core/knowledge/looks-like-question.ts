import { QUESTION_STARTS } from '../../../knowledge/vocabulary';
import type { Locale } from '../context';
import { tokenize } from '../text-match';
import { cleanQuestion } from './clean-question';

/** A question that does not end in "?" needs this many words after its question word ("wie lange gilt …"). */
const MIN_WORDS = 3;

const starts = new Map<Locale, string[][]>();

function startsOf(locale: Locale): string[][] {
  let list = starts.get(locale);
  if (!list) {
    list = QUESTION_STARTS[locale].map((phrase) => phrase.split(' '));
    starts.set(locale, list);
  }
  return list;
}

/**
 * Whether a line reads as a question of the team's own rather than an answer to the onboarding's current question:
 * it ends with "?", or it has at least `MIN_WORDS` words and begins the way questions begin in the language ("wie",
 * "gibt es", "can I", "is there"). Cheap and rough: "funktioniert" alone is not a question (it is a test result),
 * but "kann ich nicht sagen" reads as one, so an adapter should try a line as an answer first where the current
 * question could take it.
 */
export function looksLikeQuestion(text: string, locale: Locale): boolean {
  const cleaned = cleanQuestion(text);
  const words = tokenize(cleaned).map((token) => token.word);
  if (words.length === 0) return false;
  if (/\?[\s\p{P}\p{S}]*$/u.test(cleaned)) return true;
  if (words.length < MIN_WORDS) return false;
  return startsOf(locale).some((phrase) => phrase.every((word, i) => words[i] === word));
}
