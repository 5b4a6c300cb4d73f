import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINKS } from '../../flows/resources';
import { ENTRIES } from '../../knowledge/entries';
import { OUT_OF_SCOPE, QUESTION_STARTS, STOP_WORDS, SYNONYMS } from '../../knowledge/vocabulary';
import { LOCALES, type Locale } from '../../src/core/context';
import { RESOURCES } from '../../src/core/i18n';

/**
 * The knowledge base says only what the verified facts back (docs/amazon-pay-facts.md), the same in both languages,
 * and its short answers can be spoken.
 */

const FACTS = readFileSync(join(__dirname, '..', '..', 'docs', 'amazon-pay-facts.md'), 'utf8');

interface Texts {
  title: string;
  asked: string[];
  short: string;
  long: string;
  context?: Record<string, string>;
}

const textsOf = (locale: Locale): Record<string, Texts> =>
  RESOURCES[locale].knowledge.entries as unknown as Record<string, Texts>;

/** Sentences of a text; an ordinal date ("31. Dezember 2022") does not end one. */
function sentences(text: string): string[] {
  const months =
    /\b\d{1,2}\. (?=(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) )/g;
  return text
    .replace(months, '')
    .split(/(?<=[.!?])\s+(?=[A-ZÄÖÜ„"“])/u)
    .filter((s) => s.trim() !== '');
}

describe('the entries', () => {
  test('are at least 40, each with a distinct id', () => {
    expect(ENTRIES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ENTRIES.map((e) => e.id)).size).toBe(ENTRIES.length);
  });

  test("rest on pages the facts file names: every entry's source address is in the facts", () => {
    const unnamed = ENTRIES.filter((entry) => {
      const page = LINKS[entry.source].replace(/^https:\/\//, '').replace(/^github\.com\//, '');
      return !FACTS.includes(page);
    }).map((entry) => entry.id);
    expect(unnamed).toEqual([]);
  });

  test('have no more than one case per id, each with a rule', () => {
    for (const entry of ENTRIES) {
      const ids = ('context' in entry ? entry.context : []).map((v) => v.id);
      expect({ entry: entry.id, duplicates: ids.filter((id, i) => ids.indexOf(id) !== i) }).toEqual({
        entry: entry.id,
        duplicates: [],
      });
    }
  });
});

describe.each(LOCALES)('the texts in %s', (locale) => {
  const texts = textsOf(locale);

  test('exist for exactly the entries, with the cases the entries define', () => {
    expect(Object.keys(texts).sort()).toEqual(ENTRIES.map((e) => e.id).sort());
    for (const entry of ENTRIES) {
      const variants = ('context' in entry ? entry.context : []).map((v) => v.id).sort();
      expect({ id: entry.id, context: Object.keys(texts[entry.id]?.context ?? {}).sort() }).toEqual({
        id: entry.id,
        context: variants,
      });
    }
  });

  test('ask each entry in 4 to 8 ways, none twice', () => {
    for (const [id, t] of Object.entries(texts)) {
      const asked = t.asked.map((a) => a.toLowerCase());
      expect({ id, count: asked.length >= 4 && asked.length <= 8, unique: new Set(asked).size }).toEqual({
        id,
        count: true,
        unique: asked.length,
      });
    }
  });

  test('answer short in one to three sentences that can be spoken: no address, markdown or code symbols', () => {
    const unspeakable = /https?:|www\.|[`*_#{}[\]<>=|\\/~^→›]|\b[a-z]+[A-Z]\w*/u;
    for (const [id, t] of Object.entries(texts)) {
      for (const [where, text] of [['short', t.short], ...Object.entries(t.context ?? {})] as [
        string,
        string,
      ][]) {
        const count = sentences(text).length;
        expect({
          id,
          where,
          sentences: count >= 1 && count <= 3,
          symbols: text.match(unspeakable)?.[0],
        }).toEqual({
          id,
          where,
          sentences: true,
          symbols: undefined,
        });
      }
    }
  });

  test('give no address in the long answer either: the source comes with the outcome', () => {
    const withAddress = Object.entries(texts)
      .filter(([, t]) => /https?:\/\//.test(`${t.long} ${t.title} ${t.asked.join(' ')}`))
      .map(([id]) => id);
    expect(withAddress).toEqual([]);
  });

  test('say plainly where the facts could not verify something', () => {
    const unverified =
      locale === 'de'
        ? /nicht (?:vollständig )?prüfen|nicht gefunden|kennen wir (?:keine|nicht)/
        : /couldn't (?:fully )?verify|didn't find|know of no/;
    for (const id of [
      'shopware_plugin',
      'code_generator',
      'plugins',
      'simulation_codes',
      'refund_simulation',
      'python_sdk',
    ] as const) {
      const t = texts[id] as Texts;
      expect({ id, short: unverified.test(t.short), long: unverified.test(t.long) }).toEqual({
        id,
        short: true,
        long: true,
      });
    }
  });

  test('give the dates voice payments were switched off, and no promise of voice payments', () => {
    const t = texts.voice_payments as Texts;
    const dates =
      locale === 'de'
        ? ['31. Dezember 2022', '31. Januar 2023', '12. März 2023']
        : ['31 December 2022', '31 January 2023', '12 March 2023'];
    for (const date of dates) expect(t.short).toContain(date);
  });
});

describe('the search vocabulary', () => {
  test.each(LOCALES)('in %s is written folded, as the search compares it', (locale) => {
    const folded = /^[a-z0-9 ]+$/;
    const words = [
      ...STOP_WORDS[locale],
      ...QUESTION_STARTS[locale],
      ...Object.keys(SYNONYMS[locale]),
      ...Object.values(SYNONYMS[locale]),
    ];
    expect(words.filter((w) => !folded.test(w))).toEqual([]);
    expect(STOP_WORDS[locale].filter((w, i) => STOP_WORDS[locale].indexOf(w) !== i)).toEqual([]);
  });

  test('has the same out-of-scope topics in both languages', () => {
    expect(Object.keys(OUT_OF_SCOPE.de).sort()).toEqual(Object.keys(OUT_OF_SCOPE.en).sort());
  });
});
