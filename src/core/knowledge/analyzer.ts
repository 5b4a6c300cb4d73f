import { STOP_WORDS, SYNONYMS } from '../../../knowledge/vocabulary';
import type { Locale } from '../context';
import { foldWord } from '../text-match';

type Stem = (word: string) => string;

/**
 * Snowball stemmers from @orama/stemmers. The package ships CommonJS builds, but its type declarations describe only
 * its ES modules, which a CommonJS file cannot `import`: `require` loads the CommonJS build, typed as declared there.
 */
const STEMMERS: Readonly<Record<Locale, Stem>> = {
  de: (require('@orama/stemmers/german') as { stemmer: Stem }).stemmer,
  en: (require('@orama/stemmers/english') as { stemmer: Stem }).stemmer,
};

/** Languages whose words join into compounds that people also type apart ("Testkarte", "Karte zum Testen"). */
const COMPOUNDING: ReadonlySet<Locale> = new Set<Locale>(['de', 'en']);

/** Both parts of a compound are at least this long ("test" + "karte"); shorter parts split too much. */
const MIN_PART = 4;

/**
 * Turns text into search terms for one language: words (a code such as `canHandlePendingAuthorization` also as its
 * parts), folded (case, umlauts, apostrophes), synonyms mapped to the entries' word, stop words dropped, stemmed. In
 * German a compound is also split into two words the entries use ("Autorisierungsdauer" → Autorisierung, Dauer).
 */
export interface Analyzer {
  /** The terms of an entry's text: stems, the words as written, and the parts of compounds. */
  indexTerms(text: string): string[];
  /**
   * The terms of a question, each once: a compound the entries do not use becomes its parts, when they do use those.
   */
  queryTerms(text: string): string[];
  /**
   * The terms of the codes in a text: single words in backticks (`Declined`, `1111`), and words written like code
   * (HardDeclined, canHandlePendingAuthorization). Such a word alone can be a question; a plain word alone cannot.
   */
  codeTerms(text: string): string[];
}

/** An analyzer for `locale` that knows the words of `corpus` (the entries' texts), to split compounds into them. */
export function createAnalyzer(locale: Locale, corpus: readonly string[]): Analyzer {
  const stem = STEMMERS[locale];
  const stops = new Set(STOP_WORDS[locale]);
  const synonyms = SYNONYMS[locale];
  // The corpus's words, stemmed once; a question's other words are stemmed each time (so nothing grows with them).
  const stems = new Map<string, string>();
  const stemOf = (word: string): string => stems.get(word) ?? (/^\d+$/.test(word) ? word : stem(word));

  const wordsOf = (text: string): string[] => {
    const out: string[] = [];
    for (const match of text.normalize('NFC').matchAll(/[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu)) {
      const raw = match[0];
      const parts = raw.split(/(?<=[\p{Ll}\p{N}])(?=\p{Lu})/u);
      for (const word of parts.length > 1 ? [raw, ...parts] : [raw]) {
        const folded = foldWord(word);
        const mapped = synonyms[folded] ?? folded;
        if (!stops.has(mapped)) out.push(mapped);
      }
    }
    return out;
  };

  for (const word of corpus.flatMap(wordsOf)) if (!stems.has(word)) stems.set(word, stemOf(word));
  const known = new Set(stems.values());
  const splits = new Map<string, [string, string] | null>();

  /** The two known parts of a compound, or null: the longest first part that leaves a known second part. */
  const split = (word: string): [string, string] | null => {
    if (!COMPOUNDING.has(locale) || word.length < 2 * MIN_PART || !/^\p{L}+$/u.test(word)) return null;
    for (let at = word.length - MIN_PART; at >= MIN_PART; at -= 1) {
      const tail = stemOf(word.slice(at));
      if (!known.has(tail)) continue;
      const head = word.slice(0, at);
      // The linking "s" of German compounds: "Autorisierung|s|dauer".
      for (const candidate of head.endsWith('s') ? [head, head.slice(0, -1)] : [head]) {
        if (candidate.length >= MIN_PART && known.has(stemOf(candidate))) return [stemOf(candidate), tail];
      }
    }
    return null;
  };

  return {
    indexTerms(text) {
      return wordsOf(text).flatMap((word) => {
        const whole = stemOf(word);
        // The word as written too, so that a typo in a word the stemmer would cut ("authorizaton") still matches.
        const terms = whole === word ? [whole] : [whole, word];
        let parts = splits.get(word);
        if (parts === undefined) {
          parts = split(word);
          splits.set(word, parts);
        }
        return parts ? [...terms, ...parts] : terms;
      });
    },
    codeTerms(text) {
      const quoted = [...text.matchAll(/`([\p{L}\p{N}]+)`/gu)].map((m) => m[1] as string);
      const styled = text.match(/\b\p{L}+\p{Ll}\p{Lu}[\p{L}\p{N}]*/gu) ?? [];
      return [...quoted, ...styled].map((word) => stemOf(foldWord(word)));
    },
    queryTerms(text) {
      const terms = wordsOf(text).flatMap((word) => {
        const whole = stemOf(word);
        const parts = split(word);
        if (!parts) return [whole];
        return known.has(whole) ? [whole, ...parts] : parts;
      });
      return [...new Set(terms)];
    },
  };
}
