import MiniSearch from 'minisearch';
import { ENTRIES, type EntryId } from '../../../knowledge/entries';
import { OUT_OF_SCOPE } from '../../../knowledge/vocabulary';
import type { Locale } from '../context';
import { RESOURCES } from '../i18n';
import { type Analyzer, createAnalyzer } from './analyzer';

/** An entry's texts in one language, as `locales/<lang>/knowledge.json` holds them. */
interface EntryTexts {
  title: string;
  asked: readonly string[];
  short: string;
  long: string;
  context?: Readonly<Record<string, string>>;
}

/** The fields the search reads, and how much a word counts in each: the ways people ask weigh most. */
const BOOST = { asked: 3, title: 2, short: 1, long: 0.6, context: 0.5 } as const;
type Field = keyof typeof BOOST;
const FIELDS = Object.keys(BOOST) as Field[];
type Doc = Record<Field | 'id', string>;

/** The fields that say what an entry is about; the long answer and the team cases mention much in passing. */
const STRONG_FIELDS: ReadonlySet<string> = new Set<Field>(['asked', 'title', 'short']);

/** The fields that name an entry's topic: a rare word there points at the entry by itself. */
const TOPIC_FIELDS: ReadonlySet<string> = new Set<Field>(['asked', 'title']);

/**
 * How much a matched question term counts towards coverage: fully when an entry has it in a field that says what
 * the entry is about; less when only in passing, or only as a prefix or with a typo (which may be another word).
 */
const CREDIT = { weakField: 0.6, approximate: 0.5 } as const;

/** A term in at most this many entries names a topic by itself ("Abo", "Kreditkarte"). */
const RARE = 2;

/** The ids of the documents that stand for the out-of-scope topics, beside the entries'. */
const OUT_OF_SCOPE_ID = 'outOfScope:';

/** An out-of-scope topic that ranks first puts the question out of scope when it has this many of its terms. */
const OUT_OF_SCOPE_TERMS = 2;

const SEARCH_OPTIONS = {
  // The analyzer has made the terms already.
  tokenize: (text: string) => text.split(' '),
  processTerm: (term: string) => term,
  boost: BOOST,
  // Typos and prefixes only in longer words, never in numbers: 3064 and 3434 are different cards.
  fuzzy: (term: string) => (term.length >= 5 && !/\d/.test(term) ? 0.2 : false),
  prefix: (term: string) => term.length >= 5 && !/\d/.test(term),
  combineWith: 'OR',
} as const;

/** One entry the search found for a question. */
export interface Hit {
  id: EntryId;
  /** MiniSearch's relevance (BM25+ with the field boosts): comparable only within one question. */
  score: number;
  /**
   * How much of the question the entry covers, from 0 to 1: the weight of the question's terms the entry has, over
   * the weight of all its terms. A term weighs by its rarity among the entries (inverse document frequency), so a
   * word no entry uses ("Wetter", "Bitcoin") weighs most, and one most entries share ("Zahlung") little; a term
   * found only in passing, by prefix or with a typo counts in part (`CREDIT`). Comparable across questions.
   */
  coverage: number;
  /** How many different terms of the question the entry has. */
  matched: number;
  /** The weight of the question's terms the entry has (the numerator of `coverage`). */
  evidence: number;
  /**
   * Whether one matched term is enough to name the entry: a code (`HardDeclined`, `0701`), or a word at most
   * `RARE` entries have, in the entry's asked phrasings or title. One common word ("Zeit") is not a question.
   */
  telling: boolean;
}

/** What the search found for a question. */
export interface Ranking {
  /** How many search terms the question has (words that say something, after stop words). */
  terms: number;
  /** The entries that match, best first. */
  hits: Hit[];
  /**
   * The topic of `OUT_OF_SCOPE` the question is about: it has a word that topic has and no entry has ("PayPal",
   * "Prime", "Wetter"), or the topic matches it better than any entry does, with `OUT_OF_SCOPE_TERMS` of its words.
   */
  outOfScope?: string;
}

/**
 * The entries of one language, indexed for search. Built once from the locale file; searching never changes it.
 * One per language: each has its own stemmer, stop words and compounds.
 */
export class KnowledgeIndex {
  private constructor(
    private readonly search: MiniSearch<Doc>,
    private readonly analyzer: Analyzer,
    /** In how many entries each term occurs. */
    private readonly frequency: ReadonlyMap<string, number>,
    /** The terms of the codes and numbers the entries give. */
    private readonly codes: ReadonlySet<string>,
    /** The terms of out-of-scope topics that no entry has, with their topic ("paypal" → providers). */
    private readonly outOfScope: ReadonlyMap<string, string>,
  ) {}

  /** Indexes every entry of `ENTRIES` with its texts in `locale`, and notes the language's out-of-scope words. */
  static build(locale: Locale): KnowledgeIndex {
    const texts = RESOURCES[locale].knowledge.entries as Record<EntryId, EntryTexts>;
    const sources: Doc[] = ENTRIES.map(({ id }) => {
      const t = texts[id];
      return {
        id,
        asked: t.asked.join(' \n '),
        title: t.title,
        short: t.short,
        long: t.long,
        context: Object.values(t.context ?? {}).join(' \n '),
      };
    });
    const analyzer = createAnalyzer(
      locale,
      sources.flatMap((source) => FIELDS.map((field) => source[field])),
    );
    const frequency = new Map<string, number>();
    const documents = sources.map((source) => {
      const doc = { id: source.id } as Doc;
      for (const field of FIELDS) doc[field] = analyzer.indexTerms(source[field]).join(' ');
      for (const term of new Set(FIELDS.flatMap((field) => doc[field].split(' '))))
        if (term) frequency.set(term, (frequency.get(term) ?? 0) + 1);
      return doc;
    });
    const search = new MiniSearch<Doc>({
      fields: FIELDS,
      tokenize: SEARCH_OPTIONS.tokenize,
      processTerm: (term) => term || null,
    });
    search.addAll(documents);
    // Each out-of-scope topic is a document too, its phrases in every field that says what a document is about,
    // so that it competes with the entries on equal terms.
    for (const [topic, phrases] of Object.entries(OUT_OF_SCOPE[locale])) {
      const terms = phrases.flatMap((phrase) => analyzer.indexTerms(phrase)).join(' ');
      search.add({
        id: `${OUT_OF_SCOPE_ID}${topic}`,
        asked: terms,
        title: terms,
        short: terms,
        long: '',
        context: '',
      });
    }
    const codes = new Set(
      sources.flatMap((source) => FIELDS.flatMap((field) => analyzer.codeTerms(source[field]))),
    );
    const outOfScope = new Map<string, string>();
    for (const [topic, phrases] of Object.entries(OUT_OF_SCOPE[locale]))
      for (const term of phrases.flatMap((phrase) => analyzer.queryTerms(phrase)))
        if (!frequency.has(term)) outOfScope.set(term, topic);
    return new KnowledgeIndex(search, analyzer, frequency, codes, outOfScope);
  }

  /** The entries that match a (cleaned) question; none when it has no word that says anything. */
  find(question: string): Ranking {
    const terms = this.analyzer.queryTerms(question);
    if (terms.length === 0) return { terms: 0, hits: [] };
    const frequency = (term: string): number => this.frequency.get(term) ?? 0;
    const weight = (term: string): number => Math.log(1 + ENTRIES.length / (1 + frequency(term)));
    const total = terms.reduce((sum, term) => sum + weight(term), 0);
    const results = this.search.search(terms.join(' '), SEARCH_OPTIONS);
    // A word only an out-of-scope topic has ("PayPal", "Prime", "Wetter") puts the question out of scope; so does
    // a topic that matches it better than any entry, with at least two of its words ("how much … charge … per").
    let outOfScope = terms.map((term) => this.outOfScope.get(term)).find((topic) => topic !== undefined);
    const first = results[0];
    if (
      first &&
      String(first.id).startsWith(OUT_OF_SCOPE_ID) &&
      terms.filter((term) => term in first.match).length >= OUT_OF_SCOPE_TERMS
    )
      outOfScope ??= String(first.id).slice(OUT_OF_SCOPE_ID.length);
    const entries = results.filter((result) => !String(result.id).startsWith(OUT_OF_SCOPE_ID));
    const hits = entries.map((result): Hit => {
      const approximate = new Set(result.queryTerms);
      const credit = (term: string): number => {
        const fields = result.match[term];
        if (fields) return fields.some((field) => STRONG_FIELDS.has(field)) ? 1 : CREDIT.weakField;
        return approximate.has(term) ? CREDIT.approximate : 0;
      };
      const matched = terms.filter((term) => credit(term) > 0);
      const evidence = terms.reduce((sum, term) => sum + weight(term) * credit(term), 0);
      return {
        id: result.id as EntryId,
        score: result.score,
        coverage: evidence / total,
        matched: matched.length,
        evidence,
        telling: matched.some((term) => {
          const fields = result.match[term];
          if (!fields) return false;
          return (
            this.codes.has(term) ||
            (frequency(term) <= RARE && fields.some((field) => TOPIC_FIELDS.has(field)))
          );
        }),
      };
    });
    return { terms: terms.length, hits, ...(outOfScope === undefined ? {} : { outOfScope }) };
  }
}
