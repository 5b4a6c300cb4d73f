import fc from 'fast-check';
import { LINKS } from '../../../flows/resources';
import type { AnswerLookup, AnswerValue } from '../../../flows/types';
import { ENTRIES } from '../../../knowledge/entries';
import { LOCALES } from '../../../src/core/context';
import { text } from '../../../src/core/i18n';
import { askKnowledge, knowledgeKeys, warmUpKnowledge } from '../../../src/core/knowledge';

/** Asking the assistant through its API: what an outcome carries, the team's own case, and hostile input. */

const answersOf =
  (values: Record<string, AnswerValue>): AnswerLookup =>
  (id) =>
    values[id];

beforeAll(() => warmUpKnowledge());

describe('an answer', () => {
  test('names the entry, its step and its source with the address', () => {
    const outcome = askKnowledge('Wie lange gilt eine Autorisierung?', 'de');
    expect(outcome).toEqual({
      kind: 'answer',
      entryId: 'authorization_expiry',
      step: 'setup',
      source: 'asyncProcessing',
      url: LINKS.asyncProcessing,
      score: expect.any(Number),
    });
    if (outcome.kind !== 'answer') throw new Error('no answer');
    expect(outcome.score).toBeGreaterThan(0.5);
    expect(outcome.score).toBeLessThanOrEqual(1);
  });

  test('has its texts under the keys knowledgeKeys gives, in both languages', () => {
    for (const locale of LOCALES) {
      for (const entry of ENTRIES) {
        const keys = knowledgeKeys(entry.id);
        for (const key of [keys.title, keys.short, keys.long]) expect(text(locale, key)).not.toBe(key);
      }
    }
    const keys = knowledgeKeys('authorization_expiry', 'capture_at_shipment');
    expect(text('de', keys.context ?? '')).toContain('Versand');
    expect(text('en', keys.context ?? '')).toContain('shipment');
  });
});

describe("the team's own case", () => {
  const shipsLater = answersOf({ processing: 'capture_at_shipment' });

  test.each([
    ['de', 'wie lange gilt eine autorisierung?'],
    ['en', 'how long is an authorization valid?'],
  ] as const)('a team that captures at shipment hears about it first (%s)', (locale, question) => {
    expect(askKnowledge(question, locale, shipsLater)).toMatchObject({
      kind: 'answer',
      entryId: 'authorization_expiry',
      context: 'capture_at_shipment',
    });
  });

  test('a team without answers, or whose answers single out no case, gets the plain answer', () => {
    for (const answers of [undefined, answersOf({}), answersOf({ processing: 'other' })]) {
      const outcome = askKnowledge('wie lange gilt eine autorisierung?', 'de', answers);
      expect(outcome).toMatchObject({ kind: 'answer', entryId: 'authorization_expiry' });
      expect(outcome).not.toHaveProperty('context');
    }
  });

  test('a team that captures at order hears its own case', () => {
    expect(
      askKnowledge(
        'how long is an authorization valid?',
        'en',
        answersOf({ processing: 'capture_at_order' }),
      ),
    ).toMatchObject({ context: 'capture_at_order' });
  });

  test("the region's host is said for the team's region", () => {
    expect(askKnowledge('welchen api host brauchen wir', 'de', answersOf({ region: 'jp' }))).toMatchObject({
      entryId: 'api_hosts',
      context: 'region_jp',
    });
  });

  test('a decline case the team does not handle yet is said to be open; one it handles is not', () => {
    const question = 'softdeclined, was nun?';
    expect(askKnowledge(question, 'de', answersOf({ decline_handling: ['hard_update'] }))).toMatchObject({
      entryId: 'decline_soft',
      context: 'unhandled',
    });
    expect(askKnowledge(question, 'de', answersOf({ decline_handling: ['soft_retry'] }))).not.toHaveProperty(
      'context',
    );
  });

  test('answers a rule cannot read do not break the answer', () => {
    const odd: AnswerLookup = () => {
      throw new Error('store gone');
    };
    expect(askKnowledge('wie lange gilt eine autorisierung?', 'de', odd)).toMatchObject({
      kind: 'answer',
      entryId: 'authorization_expiry',
    });
  });
});

describe('"I don\'t know"', () => {
  test('offers the two closest entries and the page of the closest', () => {
    const outcome = askKnowledge('wir versenden nach 5 wochen, gibt es probleme', 'de');
    expect(outcome.kind).toBe('unknown');
    if (outcome.kind !== 'unknown') return;
    expect(outcome.reason).toBe('unsure');
    expect(outcome.closest.length).toBeGreaterThan(0);
    expect(outcome.closest.length).toBeLessThanOrEqual(2);
    const closest = ENTRIES.find((e) => e.id === outcome.closest[0]);
    expect(outcome.docsUrl).toBe(LINKS[closest?.source ?? 'asyncProcessing']);
  });

  test('offers nothing for a question about another provider, and the documentation page', () => {
    expect(askKnowledge('Wie richte ich PayPal ein?', 'de')).toEqual({
      kind: 'unknown',
      reason: 'outOfScope',
      closest: [],
      docs: 'asyncProcessing',
      docsUrl: LINKS.asyncProcessing,
    });
  });

  test('says why when the question has no word that says anything', () => {
    expect(askKnowledge('wie was wo?', 'de')).toMatchObject({
      kind: 'unknown',
      reason: 'empty',
      closest: [],
    });
  });
});

describe('hostile input', () => {
  const hostile: [string, string][] = [
    ['empty', ''],
    ['white space', ' \n\t '],
    ['10,000 characters', 'x'.repeat(10_000)],
    ['10,000 characters of words', 'blah '.repeat(2_000)],
    ['control characters', '\u0000\u0007\u001b[31m\u007f\u0085'],
    ['only mentions', '<@U0123ABC> <!channel> <!subteam^S123|@devs> <#C0123|general>'],
    ['a lone surrogate', '\uD800 \uDFFF'],
    ['markup', '<script>alert(1)</script> &lt;b&gt;'],
  ];

  test.each(hostile)('%s: no answer, no exception', (_name, input) => {
    for (const locale of LOCALES) expect(askKnowledge(input, locale).kind).toBe('unknown');
  });

  test('a value that is not a string, as a loose caller might pass: no exception', () => {
    for (const value of [undefined, null, 42, {}, ['wie lange gilt eine autorisierung']])
      expect(askKnowledge(value as unknown as string, 'de').kind).toBe('unknown');
  });

  test('a question behind a mention, with control characters, is still answered', () => {
    expect(askKnowledge('<@U0123ABC> wie lange gilt\u0000 eine Autorisierung?', 'de')).toMatchObject({
      entryId: 'authorization_expiry',
    });
  });

  test('a real question past 500 characters is read up to there', () => {
    const long = `how long is an authorization valid? ${'please '.repeat(200)}refund refund refund`;
    expect(askKnowledge(long, 'en')).toMatchObject({ entryId: 'authorization_expiry' });
  });

  test('any string at all gives an outcome and never throws', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 2_000 }),
        fc.constantFrom(...LOCALES),
        (input, locale) => {
          const outcome = askKnowledge(input, locale);
          expect(['answer', 'unknown']).toContain(outcome.kind);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a one-word question', () => {
  test.each([
    ['en', 'what about the authorization?'],
    ['de', 'was ist mit der Autorisierung?'],
  ] as const)(
    'that several entries name alike is not guessed: %s "%s" offers the closest two',
    (locale, question) => {
      const outcome = askKnowledge(question, locale);
      expect(outcome).toMatchObject({ kind: 'unknown', reason: 'unsure' });
      expect(outcome.kind === 'unknown' ? outcome.closest : []).toHaveLength(2);
    },
  );

  test.each([
    ['0701', 'card_pending_authorized'],
    ['4354', 'card_pending_declined'],
    ['HardDeclined', 'decline_hard'],
  ] as const)('that names one entry (%s) is answered', (question, entryId) => {
    for (const locale of LOCALES)
      expect(askKnowledge(question, locale)).toMatchObject({ kind: 'answer', entryId });
  });
});
