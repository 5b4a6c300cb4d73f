import { looksLikeQuestion } from '../../../src/core/knowledge';

/** Telling a question of the team's own from an answer to the onboarding's current question. */

describe('looksLikeQuestion', () => {
  test.each([
    ['de', 'wie lange gilt eine autorisierung'],
    ['de', 'Gibt es ein SDK für Python'],
    ['de', 'kann man erst beim Versand einziehen'],
    ['de', 'Welche Testkarte für HardDeclined'],
    ['de', 'autorisierung gültig?'],
    ['de', '<@U0123ABC> muss ich die IPN getrennt einrichten'],
    ['en', 'how long is an authorization valid'],
    ['en', 'is there a python sdk'],
    ['en', 'can we capture at shipment'],
    ['en', 'python sdk?'],
    ['en', 'refunds — any time limit? 🤔'],
  ] as const)('%s: "%s" is a question', (locale, line) => {
    expect(looksLikeQuestion(line, locale)).toBe(true);
  });

  test.each([
    ['de', 'Erst beim Versand'],
    ['de', 'Wir belasten erst beim Versand'],
    ['de', '1, 3'],
    ['de', 'funktioniert'],
    ['de', 'bestanden'],
    ['de', 'ja'],
    ['de', '?'],
    ['de', ''],
    ['en', 'capture at shipment'],
    ['en', 'works'],
    ['en', 'web and app'],
    ['en', 'does'],
  ] as const)('%s: "%s" is not a question', (locale, line) => {
    expect(looksLikeQuestion(line, locale)).toBe(false);
  });

  test('never throws on hostile input', () => {
    for (const input of ['x'.repeat(10_000), '\u0000\u001b', '<!channel>', undefined as unknown as string])
      expect(() => looksLikeQuestion(input, 'de')).not.toThrow();
  });
});
