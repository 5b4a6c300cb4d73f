import { LOCALES } from '../../src/core/context';
import { formatDate, NAMESPACES, RESOURCES, render, text } from '../../src/core/i18n';

/**
 * Counts read as a person writes them ("1 offene Frage", "2 offene Fragen") through i18next plural forms, and dates
 * are written in the language ("1. Dezember 2026", "1 December 2026"); ISO dates appear only in JSON.
 */

type Tree = { [key: string]: Tree | string | string[] };

/** Every key whose text takes `{{count}}`, by its plural base (`status.line` for `status.line_one`/`_other`). */
function countKeys(): { ns: string; key: string }[] {
  const found = new Map<string, { ns: string; key: string }>();
  const walk = (ns: string, node: Tree, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (typeof v === 'string') {
        if (/\{\{\s*count\s*\}\}/.test(v)) {
          const base = path.replace(/_(zero|one|two|few|many|other)$/, '');
          found.set(`${ns}:${base}`, { ns, key: base });
        }
      } else if (!Array.isArray(v)) walk(ns, v, path);
    }
  };
  for (const locale of LOCALES)
    for (const ns of NAMESPACES) walk(ns, RESOURCES[locale][ns] as unknown as Tree, '');
  return [...found.values()];
}

/** Plural nouns that must never follow a "1": German and English. */
const PLURAL_AFTER_ONE =
  /(?<![\d.,])\b1\s+(?:\S+\s+){0,2}(?:Fragen|Punkte|Tage|Tagen|Antworten|Minuten|Schritte|Schritten|Tests|questions|items|days|answers|minutes|steps|tests)\b/u;

describe.each(LOCALES)('counts in %s', (locale) => {
  const keys = countKeys();

  it('are found (the test sees the plural keys it checks)', () => {
    expect(keys.length).toBeGreaterThanOrEqual(10);
  });

  it.each(keys.map((k) => [`${k.ns}:${k.key}`, k] as const))(
    '%s reads right with 1 and with 2',
    (_name, { ns, key }) => {
      const full = ns === 'common' ? key : `${ns}:${key}`;
      // Every other placeholder gets a neutral filler.
      const params = {
        count: 1,
        team: 'T',
        step: 'S',
        number: 3,
        position: 3,
        total: 5,
        passed: 7,
        skipped: 8,
        title: 'X',
        last: 'L',
        items: 'A',
        by: 'B',
        person: 'P',
        question: 'Q',
        date: 'D',
      };
      const one = text(locale, full, params);
      const two = text(locale, full, { ...params, count: 2 });
      expect({ key: full, one }).not.toEqual({ key: full, one: expect.stringMatching(PLURAL_AFTER_ONE) });
      expect({ key: full, two }).not.toEqual({ key: full, two: expect.stringMatching(/\{\{/) });
      expect(two).toContain('2');
      expect(one).toContain('1');
    },
  );
});

describe('dates in text', () => {
  test('are written the way each language writes them', () => {
    expect(formatDate('de', '2026-12-01T09:30:00.000Z')).toBe('1. Dezember 2026');
    expect(formatDate('en', '2026-12-01T09:30:00.000Z')).toBe('1 December 2026');
  });

  test('a date parameter in a message is localized, not ISO', () => {
    const de = render('de', {
      key: 'notice.snooze.set',
      params: { until: { date: '2026-12-24T00:00:00.000Z' } },
    });
    expect(de).toContain('24. Dezember 2026');
    expect(de).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const en = render('en', {
      key: 'notice.snooze.set',
      params: { until: { date: '2026-12-24T00:00:00.000Z' } },
    });
    expect(en).toContain('24 December 2026');
  });
});
