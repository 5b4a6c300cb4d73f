import { cleanQuestion, MAX_QUESTION_LENGTH } from '../../../src/core/knowledge';

/** What the search reads of a question a channel hands over. */

describe('cleanQuestion', () => {
  test('drops Slack mentions and channel references, keeps a link label, undoes escapes', () => {
    expect(
      cleanQuestion('<@U0123ABC> <!here> wie geht <#C01|general> das &amp; <https://example.org|dies>?'),
    ).toBe('wie geht das & dies ?');
  });

  test('drops control characters and collapses white space', () => {
    expect(cleanQuestion('wie\u0000 lange\r\n\tgilt\u001b das')).toBe('wie lange gilt das');
  });

  test(`reads at most ${MAX_QUESTION_LENGTH} characters, never splitting an emoji`, () => {
    expect(cleanQuestion('a'.repeat(10_000))).toHaveLength(MAX_QUESTION_LENGTH);
    const cut = cleanQuestion(`${'a'.repeat(MAX_QUESTION_LENGTH - 1)}😀`);
    expect(cut).toBe('a'.repeat(MAX_QUESTION_LENGTH - 1));
  });

  test('turns anything that is not a string into the empty question', () => {
    expect(cleanQuestion(undefined)).toBe('');
    expect(cleanQuestion(42)).toBe('');
  });
});
