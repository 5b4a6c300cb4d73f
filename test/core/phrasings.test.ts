import { amazonPayFlow } from '../../flows/amazon-pay';
import { emptyContext, type Locale } from '../../src/core/context';
import type { DialogInput } from '../../src/core/events';
import { type Parsed, parseLine } from '../../src/core/parse-input';
import { questionView } from '../../src/core/reply';
import { type Meaning, PHRASINGS, type Phrasing } from './phrasings.data';
import { HOLDOUT } from './phrasings-holdout.data';

/**
 * How well the parser understands people: a table of realistic phrasings per language (written as users type them,
 * not derived from the locale files) is parsed against its question. Each maps to the intended answer, asks back
 * (an unsure match: acceptable, but counted as not understood), or maps to something else (wrong: never allowed).
 */

/**
 * - right: the intended answer;
 * - asked: the parser asked back, or (multiple choice) recorded only some of the intended choices — not understood,
 *   but nothing wrong is recorded and the team sees what was noted;
 * - wrong: a choice, result or item that was not meant.
 */
type Verdict = 'right' | 'asked' | 'wrong';

const norm = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/^[\s:.,;–—-]+|[\s.!]+$/gu, '');

function verdict(parsed: Parsed, means: Meaning, phrasing: Phrasing): Verdict {
  if (parsed.kind !== 'inputs') return 'asked';
  const inputs: DialogInput[] = parsed.inputs;
  const [first] = inputs;
  if ('choice' in means) return first?.type === 'ANSWER' && first.value === means.choice ? 'right' : 'wrong';
  if ('choices' in means) {
    const value = first?.type === 'ANSWER' && Array.isArray(first.value) ? [...first.value].sort() : null;
    if (JSON.stringify(value) === JSON.stringify([...means.choices].sort())) return 'right';
    return value?.every((choice) => means.choices.includes(choice)) ? 'asked' : 'wrong';
  }
  if ('yes' in means) return first?.type === 'ANSWER' && first.value === means.yes ? 'right' : 'wrong';
  if ('test' in means) {
    if (first?.type !== 'RECORD_TEST' || first.status !== means.test) return 'wrong';
    // A reason given must be the note recorded (not lost, not mangled).
    if (means.note && norm(first.note ?? '') !== norm(means.note)) return 'wrong';
    return 'right';
  }
  const question = amazonPayFlow.questions.find((q) => q.id === phrasing.question);
  const items = question?.kind === 'checklist' ? question.items : [];
  const expected = means.tick === 'all' ? items : means.tick.map((n) => items[n - 1]);
  const ticked = inputs
    .filter((i) => i.type === 'CHECK' && i.checked)
    .map((i) => (i.type === 'CHECK' ? i.itemId : ''));
  const allChecks = inputs.every((i) => i.type === 'CHECK' && i.checked);
  return allChecks && JSON.stringify([...ticked].sort()) === JSON.stringify([...expected].sort())
    ? 'right'
    : 'wrong';
}

describe.each([
  ['de', 'the first table'],
  ['en', 'the first table'],
  ['de', 'a second table written apart from the first and never tuned against'],
  ['en', 'a second table written apart from the first and never tuned against'],
] as [Locale, string][])('phrasings as people type them (%s, %s)', (locale, which) => {
  const table = which === 'the first table' ? PHRASINGS[locale] : HOLDOUT[locale];
  const results = table.map((phrasing) => {
    const view = questionView(amazonPayFlow, phrasing.question, emptyContext(locale));
    if (!view) throw new Error(`no question ${phrasing.question}`);
    const parsed = parseLine(phrasing.says, locale, view);
    return { phrasing, parsed, verdict: verdict(parsed, phrasing.means, phrasing) };
  });

  it('has enough phrasings (150 in the first table) covering every choice, yes/no, checklist and test question', () => {
    expect(table.length).toBeGreaterThanOrEqual(which === 'the first table' ? 150 : 100);
    const asked = new Set(table.map((p) => p.question));
    for (const question of amazonPayFlow.questions) {
      if (question.kind === 'text' || (question.kind === 'testcase' && question.when)) continue;
      if (
        question.kind === 'testcase' &&
        !['test_component', 'test_system', 'test_refund'].includes(question.id)
      )
        continue;
      expect({ question: question.id, covered: asked.has(question.id) }).toEqual({
        question: question.id,
        covered: true,
      });
    }
  });

  it('maps no phrasing to a wrong answer (an unsure match asks instead)', () => {
    // A wrong answer is one that was not meant; some of several meant choices is counted as not understood.
    const wrong = results
      .filter((r) => r.verdict === 'wrong')
      .map((r) => ({
        question: r.phrasing.question,
        says: r.phrasing.says,
        means: r.phrasing.means,
        got: r.parsed,
      }));
    expect(wrong).toEqual([]);
  });

  it('understands at least 95 % of them', () => {
    const right = results.filter((r) => r.verdict === 'right').length;
    const share = right / results.length;
    const missed = results
      .filter((r) => r.verdict !== 'right')
      .map((r) => `${r.phrasing.question}: ${r.phrasing.says}`);
    // The figure the issue asks to report: visible in the test output.
    console.info(
      `phrasings ${locale} (${which}): ${right} of ${results.length} understood (${(share * 100).toFixed(1)} %), asked back: ${missed.length}\n  ${missed.join('\n  ')}`,
    );
    expect(share).toBeGreaterThanOrEqual(0.95);
  });
});
