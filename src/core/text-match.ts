import { distance } from 'fastest-levenshtein';

/**
 * Finding known phrases in what people type: case, umlauts typed as "ae", small typos, a phrase inside a longer
 * sentence, a phrase negated ("nicht im Warenkorb"), numbers, lists and ranges ("1,3", "1-3", "1 bis 3").
 * Pure and language-neutral: the phrases and small words come from the locale files.
 */

/** A word of the input, folded for comparison, where it ends in the input, and which clause it is in. */
export interface Token {
  word: string;
  end: number;
  /** Counts the commas, semicolons and sentence ends before the word: a negation reaches no further than its clause. */
  clause: number;
}

/** Lower case, umlauts and ß as typed on keyboards without them, apostrophes dropped ("didn't" → "didnt"). */
export function foldWord(word: string): string {
  return word
    .normalize('NFC')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/['’]/g, '');
}

/** The words of a text with their end offsets (in the NFC form of the text); "C#" is read as "c sharp". */
export function tokenize(text: string): Token[] {
  const source = text.normalize('NFC').replace(/\bc#/gi, 'c sharp');
  let clause = 0;
  let last = 0;
  return [...source.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)].map((m) => {
    const start = m.index ?? 0;
    if (/[,;.!?–—:]/u.test(source.slice(last, start))) clause += 1;
    last = start + m[0].length;
    return { word: foldWord(m[0]), end: last, clause };
  });
}

/** A phrase as words to compare: "Erst beim Versand" → ["erst", "beim", "versand"]. */
export function phraseWords(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.word);
}

/** Endings a word takes in a plural or an inflection ("pages", "Abos", "wiederkehrende", "Zahlungen"). */
const ENDINGS = ['s', 'es', 'e', 'n', 'en', 'er'];

/** Two neighbouring letters swapped ("pyhton", "fialed"): one slip of the fingers, not two edits. */
function isSwap(said: string, known: string): boolean {
  if (said.length !== known.length) return false;
  const diff = [...said].flatMap((c, i) => (c === known[i] ? [] : [i]));
  const [a, b] = diff;
  return diff.length === 2 && a !== undefined && b === a + 1 && said[a] === known[b] && said[b] === known[a];
}

/**
 * How close a typed word is to a known one: exact; an inflected form; or a small typo that keeps the first letter
 * (one edit or swap in a word of 6 letters or more, two in one of 9 or more; never in numbers, never in short words,
 * where one letter makes another word: "eine" is not "keine").
 */
function closeness(said: string, known: string): 'exact' | 'typo' | null {
  if (said === known) return 'exact';
  if (/\d/.test(said) || /\d/.test(known)) return null;
  if (known.length >= 3 && ENDINGS.some((end) => said === known + end)) return 'typo';
  if (said[0] !== known[0]) return null;
  const allowed = known.length >= 9 ? 2 : known.length >= 6 ? 1 : 0;
  if (allowed === 0 || Math.abs(said.length - known.length) > allowed) return null;
  return isSwap(said, known) || distance(said, known) <= allowed ? 'typo' : null;
}

export interface Vocabulary<T> {
  id: T;
  /** Each phrase as folded words. */
  phrases: string[][];
}

export interface Match<T> {
  id: T;
  /** Token span [start, end). */
  start: number;
  end: number;
  exact: boolean;
  /** A negation shortly before it: "nicht im Warenkorb", "not in the cart". */
  negated: boolean;
  /** Another id matched the very same words as well (an unsure match: ask). */
  tied?: T;
}

/** Where `phrase` matches at `at`: the tokens it spans, and whether every word matched exactly. */
function matchAt(tokens: Token[], at: number, phrase: string[]): { span: number; exact: boolean } | null {
  let exact = true;
  for (const [i, word] of phrase.entries()) {
    const token = tokens[at + i];
    const close = token ? closeness(token.word, word) : null;
    if (!close) break;
    if (close === 'typo') exact = false;
    if (i === phrase.length - 1) return { span: phrase.length, exact };
  }
  // A phrase of several words typed as one ("warenkorbseite", "mobileapp").
  if (phrase.length > 1) {
    const token = tokens[at];
    const close = token ? closeness(token.word, phrase.join('')) : null;
    if (close) return { span: 1, exact: close === 'exact' };
  }
  return null;
}

/**
 * Every known phrase found in the tokens, longest first, without overlaps: "Erst beim Versand" is one match, not
 * "beim" and "Versand" apart. Two ids matching the same words equally are reported as a tie.
 */
export function findMatches<T>(
  tokens: Token[],
  vocabulary: Vocabulary<T>[],
  negations: ReadonlySet<string>,
): Match<T>[] {
  const found: Match<T>[] = [];
  for (const entry of vocabulary) {
    for (const phrase of entry.phrases) {
      if (phrase.length === 0) continue;
      for (let at = 0; at < tokens.length; at += 1) {
        const hit = matchAt(tokens, at, phrase);
        if (hit)
          found.push({ id: entry.id, start: at, end: at + hit.span, exact: hit.exact, negated: false });
      }
    }
  }
  found.sort(
    (a, b) => b.end - b.start - (a.end - a.start) || Number(b.exact) - Number(a.exact) || a.start - b.start,
  );
  const accepted: Match<T>[] = [];
  for (const match of found) {
    const same = accepted.find(
      (m) => m.start === match.start && m.end === match.end && m.exact === match.exact,
    );
    if (same) {
      if (same.id !== match.id && same.tied === undefined) same.tied = match.id;
      continue;
    }
    if (accepted.some((m) => match.start < m.end && m.start < match.end)) continue;
    accepted.push(match);
  }
  accepted.sort((a, b) => a.start - b.start);
  // A negation shortly before a match, in its clause, and not already spent on a match in between.
  accepted.forEach((match, index) => {
    const from = Math.max(0, match.start - 3, accepted[index - 1]?.end ?? 0);
    const clause = tokens[match.start]?.clause;
    match.negated = tokens.slice(from, match.start).some((t) => t.clause === clause && negations.has(t.word));
  });
  return accepted;
}

/**
 * The numbers a line names, when it names nothing else: "2", "1,3", "1-3", "1 bis 3", "1 und 3", "Nummer 2".
 * `joiners` are the words allowed between numbers ("und", "and"), `ranges` the words of a range ("bis", "to"),
 * `fillers` words that may stand around them ("nummer", "punkt"). Null when the line is not just numbers.
 */
export function numberSelection(
  line: string,
  words: { joiners: ReadonlySet<string>; ranges: ReadonlySet<string>; fillers: ReadonlySet<string> },
): number[] | null {
  const parts = line
    .normalize('NFC')
    .toLowerCase()
    .replace(/(\d)\s*[-–]\s*(?=\d)/g, '$1 - ')
    .split(/[\s,;+&/]+|\.(?!\d)/)
    .filter((part) => part.length > 0)
    .map((part) => (part === '-' ? part : foldWord(part)));
  const numbers: number[] = [];
  let range = false;
  let sawNumber = false;
  for (const part of parts) {
    if (/^\d+$/.test(part)) {
      const n = Number(part);
      const from = numbers.at(-1);
      if (range && from !== undefined) for (let i = from + 1; i <= n; i += 1) numbers.push(i);
      else numbers.push(n);
      range = false;
      sawNumber = true;
    } else if (part === '-' || words.ranges.has(part)) {
      if (!sawNumber) return null;
      range = true;
    } else if (!words.joiners.has(part) && !words.fillers.has(part)) return null;
  }
  return sawNumber && !range ? [...new Set(numbers)] : null;
}
