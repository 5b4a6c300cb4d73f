import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * German is a first-class language, not a translation: formal address throughout, real umlauts and ß, German
 * quotation marks, and German words where German has them. English texts carry no German characters.
 */

const LOCALES_DIR = join(__dirname, '..', '..', 'locales');

type Entry = { file: string; key: string; value: string };

function entries(locale: string): Entry[] {
  const out: Entry[] = [];
  const walk = (file: string, node: unknown, prefix: string): void => {
    if (typeof node === 'string') out.push({ file, key: prefix, value: node });
    // A word list (JSON array) is one entry of `a|b|c` words.
    else if (Array.isArray(node)) out.push({ file, key: prefix, value: node.join('|') });
    else if (typeof node === 'object' && node !== null)
      for (const [k, v] of Object.entries(node)) walk(file, v, prefix ? `${prefix}.${k}` : k);
  };
  for (const file of readdirSync(join(LOCALES_DIR, locale))
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    walk(`${locale}/${file}`, JSON.parse(readFileSync(join(LOCALES_DIR, locale, file), 'utf8')), '');
  }
  return out;
}

/** Word lists the parser matches typed input against (`a|b|c`): vocabulary, not prose. */
const isVocabulary = (e: Entry): boolean =>
  /^(commands|words)\.|\.(synonyms|itemSynonyms)\.|^labels\./.test(e.key);

const de = entries('de');
const en = entries('en');
const deProse = de.filter((e) => !isVocabulary(e));

const where = (e: Entry, match: string): string => `${e.file} ${e.key}: "${match}"`;

function findAll(list: Entry[], pattern: RegExp, strip?: RegExp): string[] {
  return list.flatMap((e) => {
    const value = strip ? e.value.replace(strip, ' ') : e.value;
    return [...value.matchAll(pattern)].map((m) => where(e, m[0]));
  });
}

describe('German texts', () => {
  it('exist', () => {
    expect(deProse.length).toBeGreaterThan(100);
  });

  it('address the team formally (no du/dich/dir/dein/euch/euer)', () => {
    // Case-sensitive on purpose: "Ihr"/"Ihre" is the formal possessive; "Du"/"Dein" at a sentence start is not.
    const informal =
      /\b(?:[Dd]u|[Dd]ich|[Dd]ir|[Dd]ein(?:e|er|em|en|es)?|[Ee]uch|[Ee]uer|[Ee]ure(?:r|m|n|s)?)\b/gu;
    expect(findAll(de, informal)).toEqual([]);
  });

  it('use no informal plural "ihr" + verb (the dative "mit ihr" and "ihr Warenkorb" stay allowed)', () => {
    // "ihr habt", "Ihr könnt", "ihr prüft": 2nd person plural verbs end in -t; a possessive is followed by a noun.
    expect(findAll(de, /\b[Ii]hr\s+[a-zäöüß]+t\b/gu)).toEqual([]);
  });

  it('use no informal imperatives (common ones in this domain)', () => {
    const imperative =
      /\b(?:Prüfe|Wähle|Gib|Sag|Klick|Klicke|Nimm|Leg|Lege|Melde|Schau|Sieh|Trag|Trage|Bau|Baue|Teste|Sende|Antworte|Beschreibe)\b(?!\s+Sie\b)/gu;
    expect(findAll(deProse, imperative)).toEqual([]);
  });

  it('write umlauts and ß, not ae/oe/ue/ss substitutes', () => {
    const substitutes =
      /\b\w*(?:fuer|koenn|moegl|muess|duerf|groess|zurueck|ueber|waehl|pruef|aender|naechst|spaet|fuehr|hoeh|loes|schliess|gemaess|ausser|strasse|massgeschn)\w*|\bgross\w*/giu;
    // The parser accepts typed "zurueck"/"ueberspringen" for keyboards without umlauts, next to the real spelling.
    const allowed: Record<string, { word: string; proper: string }[]> = {
      'commands.back': [{ word: 'zurueck', proper: 'zurück' }],
      'commands.skip': [{ word: 'ueberspringen', proper: 'überspringen' }],
      'commands.change': [{ word: 'aendern', proper: 'ändern' }],
      'words.except': [{ word: 'ausser', proper: 'außer' }],
      'words.remind.dayAfterTomorrow': [{ word: 'uebermorgen', proper: 'übermorgen' }],
      'words.remind.nextWeek': [{ word: 'naechste woche', proper: 'nächste woche' }],
    };
    const found = de.flatMap((e) => {
      const allow = allowed[e.key] ?? [];
      const words = isVocabulary(e) ? e.value.split('|') : [e.value];
      return words
        .filter((w) => !allow.some((a) => a.word === w))
        .flatMap((w) => [...w.matchAll(substitutes)].map((m) => where(e, m[0])));
    });
    expect(found).toEqual([]);
    // Each allowed substitute is only an alternative: the proper spelling is in the same list.
    for (const [key, list] of Object.entries(allowed)) {
      const entry = de.find((e) => e.key === key);
      for (const { word, proper } of list) {
        expect({ key, words: entry?.value.split('|').filter((w) => w === word || w === proper) }).toEqual({
          key,
          words: [proper, word],
        });
      }
    }
  });

  it('use German quotation marks „…“, never straight double quotes', () => {
    expect(findAll(de, /"/g)).toEqual([]);
  });

  it('open every quotation with „ and close it with “', () => {
    const unbalanced = deProse
      .filter((e) => {
        const marks = e.value.replace(/[^„“”]/gu, '');
        return marks.includes('”') || !/^(?:„“)*$/u.test(marks);
      })
      .map((e) => `${e.file} ${e.key}`);
    expect(unbalanced).toEqual([]);
  });

  it('use German words where German has them (no Refund, Payment, Feature, Request, Workflow, Customer)', () => {
    // Proper names of Amazon Pay features stay as they are.
    const properNames = /Instant Payment Notifications?/g;
    const anglicisms = /\b(?:Refunds?|Payments?|Features?|Requests?|Workflows?|Customers?)\b/g;
    expect(findAll(deProse, anglicisms, properNames)).toEqual([]);
  });
});

describe('English texts', () => {
  it('exist', () => {
    expect(en.length).toBeGreaterThan(100);
  });

  it('contain no German umlauts or ß', () => {
    expect(findAll(en, /[äöüÄÖÜß]/gu)).toEqual([]);
  });

  it('contain no German quotation marks', () => {
    expect(findAll(en, /[„‚]/gu)).toEqual([]);
  });
});
