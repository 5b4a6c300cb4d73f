import { amazonPayFlow } from '../../flows/amazon-pay';
import { emptyContext, type Locale } from '../../src/core/context';
import { parseLine } from '../../src/core/parse-input';
import { type QuestionView, questionView } from '../../src/core/reply';

/**
 * A line is the team's own question for the assistant, not an answer: `frage …`/`ask …`, a line ending in "?", or a
 * line that reads as a question where the current question cannot take it; a choice that begins like the command
 * ("ask the developers") stays a choice, and a free-text question never swallows a question.
 */

function view(id: string, locale: Locale): QuestionView {
  const question = questionView(amazonPayFlow, id, emptyContext(locale));
  if (!question) throw new Error(`no question ${id}`);
  return question;
}

const LINES = {
  de: {
    command: 'frage wie lange gilt eine Autorisierung',
    mark: 'Brauchen wir ein Sandbox-Konto?',
    plain: 'wie lange gilt eine autorisierung eigentlich',
    answer: 'Plentymarkets und JTL',
  },
  en: {
    command: 'ask how long an authorization is valid',
    mark: 'Do we need a sandbox account?',
    plain: 'how long is an authorization valid',
    answer: 'Plentymarkets and JTL',
  },
} as const;

describe.each(['de', 'en'] as const)('in %s', (locale) => {
  const lines = LINES[locale];

  it.each(['payments', 'oms', 'sandbox_key'])('`frage …`/`ask …` is a question at %s', (id) => {
    expect(parseLine(lines.command, locale, view(id, locale))).toEqual({
      kind: 'ask',
      question: lines.command.slice(lines.command.indexOf(' ') + 1),
    });
  });

  it('a line ending in "?" is a question, at a choice and at a free text alike', () => {
    for (const id of ['payments', 'oms'])
      expect(parseLine(lines.mark, locale, view(id, locale))).toEqual({ kind: 'ask', question: lines.mark });
  });

  it('a line that reads as a question is asked at a free text, and where no choice fits', () => {
    expect(parseLine(lines.plain, locale, view('oms', locale))).toMatchObject({ kind: 'ask' });
    expect(parseLine(lines.plain, locale, view('payments', locale))).toMatchObject({ kind: 'ask' });
    expect(parseLine(lines.plain, locale, null)).toMatchObject({ kind: 'ask' });
  });

  it('an answer stays an answer', () => {
    expect(parseLine(lines.answer, locale, view('oms', locale))).toMatchObject({ kind: 'inputs' });
  });
});

it('"ask the developers" names a choice of the pending-authorization question, not the command', () => {
  const parsed = parseLine('ask the developers', 'en', view('pending_authorization', 'en'));
  expect(parsed).toMatchObject({
    kind: 'inputs',
    inputs: [{ type: 'ANSWER', questionId: 'pending_authorization' }],
  });
});

it('"ask" alone is an empty question (the assistant says how to ask), not an error', () => {
  expect(parseLine('frage', 'de', view('oms', 'de'))).toEqual({ kind: 'ask', question: '' });
});

it('a question that names a choice inside it is asked, not taken as that choice', () => {
  expect(parseLine('gibt es ein sdk für python', 'de', view('backend', 'de'))).toMatchObject({ kind: 'ask' });
  expect(parseLine('is there an sdk for python', 'en', view('backend', 'en'))).toMatchObject({ kind: 'ask' });
  expect(parseLine('python', 'de', view('backend', 'de'))).toMatchObject({ kind: 'inputs' });
});

it('a choice that reads like a question, said whole, stays the answer ("kann ich nicht sagen", "muss ich nachfragen")', () => {
  for (const line of ['kann ich nicht sagen', 'muss ich nachfragen'])
    expect(parseLine(line, 'de', view('pending_authorization', 'de'))).toMatchObject({
      kind: 'inputs',
      inputs: [{ type: 'ANSWER', questionId: 'pending_authorization', value: 'unsure' }],
    });
});
