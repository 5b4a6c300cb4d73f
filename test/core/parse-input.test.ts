import { amazonPayFlow } from '../../flows/amazon-pay';
import { type DialogContext, emptyContext, LOCALES, type Locale } from '../../src/core/context';
import type { DialogInput } from '../../src/core/events';
import { hasText, text, wordList } from '../../src/core/i18n';
import { matchCommand, type Parsed, parseLine } from '../../src/core/parse-input';
import { type QuestionView, questionView } from '../../src/core/reply';

const flow = amazonPayFlow;

function view(id: string, context: DialogContext = emptyContext('de')): QuestionView {
  const question = questionView(flow, id, context);
  if (!question) throw new Error(`no question ${id} in the flow`);
  return question;
}

function inputsOf(parsed: Parsed): DialogInput[] {
  if (parsed.kind !== 'inputs') throw new Error(`expected inputs, got ${JSON.stringify(parsed)}`);
  return parsed.inputs;
}

/** The single answer value a line parses to. */
function answerOf(parsed: Parsed): unknown {
  const inputs = inputsOf(parsed);
  expect(inputs).toHaveLength(1);
  const [input] = inputs;
  if (input?.type !== 'ANSWER') throw new Error(`expected an ANSWER, got ${JSON.stringify(input)}`);
  return input.value;
}

/** Asserts an error with this key (and that the key, and its hint, have text in both languages). */
function expectError(parsed: Parsed, key: string, params?: Record<string, unknown>): void {
  expect(parsed).toEqual({ kind: 'error', message: params ? { key, params } : { key } });
  for (const locale of LOCALES) {
    expect(hasText(locale, key)).toBe(true);
    const hint = parsed.kind === 'error' ? parsed.message.params?.hint : undefined;
    if (hint && typeof hint === 'object' && 'key' in hint) expect(hasText(locale, hint.key)).toBe(true);
  }
}

const stamp = { by: { id: 'U1', name: 'Anna' }, at: '2025-01-01T10:00:00.000Z', channel: 'test' };

describe('parseLine: choices', () => {
  const placement = view('placement');
  const processing = view('processing');

  it('takes a number as the choice at that position', () => {
    expect(answerOf(parseLine('2', 'de', processing))).toBe('capture_at_shipment');
    expect(answerOf(parseLine('2', 'de', placement))).toEqual(['checkout']);
  });

  it('takes several numbers for a multiple choice: "1,3", "1 3", "1; 3", "1 und 3"', () => {
    for (const line of ['1,3', '1, 3', '1 3', '1; 3', '1 und 3', '1+3', '1 / 3']) {
      expect({ line, value: answerOf(parseLine(line, 'de', placement)) }).toEqual({
        line,
        value: ['cart', 'product_page'],
      });
    }
  });

  it('drops repeated choices', () => {
    expect(answerOf(parseLine('1, 1, Warenkorb', 'de', placement))).toEqual(['cart']);
  });

  it('joins named choices with "und" in German and "and" in English', () => {
    expect(answerOf(parseLine('web und app', 'de', view('channels')))).toEqual(['web', 'app']);
    expect(answerOf(parseLine('Web and App', 'en', view('channels', emptyContext('en'))))).toEqual([
      'web',
      'app',
    ]);
    // The conjunction of the other language still separates (mixed typing).
    expect(answerOf(parseLine('Web and App', 'de', view('channels')))).toEqual(['web', 'app']);
  });

  it('mixes numbers and names', () => {
    expect(answerOf(parseLine('1 und Produktseite', 'de', placement))).toEqual(['cart', 'product_page']);
  });

  it('understands labels, synonyms and ids, whatever the case and a final full stop', () => {
    expect(answerOf(parseLine('Kasse', 'de', placement))).toEqual(['checkout']);
    expect(answerOf(parseLine('Sofort bei Bestellung belasten.', 'de', processing))).toBe('capture_at_order');
    expect(answerOf(parseLine('erst beim Versand belasten', 'de', processing))).toBe('capture_at_shipment');
    expect(answerOf(parseLine('capture at shipment', 'de', processing))).toBe('capture_at_shipment');
    expect(answerOf(parseLine('Abo', 'de', view('payments')))).toBe('recurring');
    expect(answerOf(parseLine('Magento 2', 'de', view('platform')))).toBe('magento2');
    expect(answerOf(parseLine('Ruby on Rails', 'de', view('backend')))).toBe('ruby');
    expect(answerOf(parseLine('subscription', 'en', view('payments', emptyContext('en'))))).toBe('recurring');
    expect(answerOf(parseLine('Shopping basket', 'en', view('placement', emptyContext('en'))))).toEqual([
      'cart',
    ]);
  });

  it('accepts exactly one choice for a single choice question', () => {
    expectError(parseLine('1,2', 'de', processing), 'input.notUnderstood', { hint: { key: 'input.single' } });
    // Two choices named in one sentence: asked which one, naming both.
    expectError(parseLine('sofort und versand', 'de', processing), 'input.which', {
      choices: {
        keys: [
          'flow:questions.processing.choices.capture_at_order',
          'flow:questions.processing.choices.capture_at_shipment',
        ],
        or: true,
      },
    });
  });

  it('rejects numbers out of range, naming the highest', () => {
    expectError(parseLine('5', 'de', placement), 'input.outOfRange', { max: 4 });
    expectError(parseLine('0', 'de', placement), 'input.outOfRange', { max: 4 });
    expectError(parseLine('1,9', 'de', placement), 'input.outOfRange', { max: 4 });
    expectError(parseLine('4', 'de', processing), 'input.outOfRange', { max: 3 });
  });

  it('rejects words it does not know, with the hint for the question kind', () => {
    expectError(parseLine('Mondlandung', 'de', placement), 'input.notUnderstood', {
      hint: { key: 'input.multi' },
    });
    expectError(parseLine('Mondlandung', 'de', processing), 'input.notUnderstood', {
      hint: { key: 'input.single' },
    });
  });

  it('points out an answer in the other language', () => {
    expectError(parseLine('basket', 'de', placement), 'input.otherLanguage');
    expectError(parseLine('Warenkorb', 'en', view('placement', emptyContext('en'))), 'input.otherLanguage');
    expectError(parseLine('right away', 'de', processing), 'input.otherLanguage');
  });
});

describe('parseLine: empty lines', () => {
  it.each(['', '   ', '\t', '.', '!!'])('%j is empty, with or without a question', (line) => {
    expectError(parseLine(line, 'de', view('placement')), 'input.empty');
    expectError(parseLine(line, 'en', null), 'input.empty');
  });
});

describe('parseLine: yes/no', () => {
  const de = view('sandbox_account');
  const en = view('sandbox_account', emptyContext('en'));

  it('understands yes and no words of the team language', () => {
    expect(answerOf(parseLine('ja', 'de', de))).toBe(true);
    expect(answerOf(parseLine('Ja!', 'de', de))).toBe(true);
    expect(answerOf(parseLine('erledigt', 'de', de))).toBe(true);
    expect(answerOf(parseLine('nein', 'de', de))).toBe(false);
    expect(answerOf(parseLine('Noch nicht', 'de', de))).toBe(false);
    expect(answerOf(parseLine('yes', 'en', en))).toBe(true);
    expect(answerOf(parseLine('not yet', 'en', en))).toBe(false);
  });

  it('points out a yes or no in the other language', () => {
    expectError(parseLine('yes', 'de', de), 'input.otherLanguage');
    expectError(parseLine('nope', 'de', de), 'input.otherLanguage');
    expectError(parseLine('ja', 'en', en), 'input.otherLanguage');
    expectError(parseLine('nein', 'en', en), 'input.otherLanguage');
  });

  it('asks again for anything else', () => {
    expectError(parseLine('vielleicht', 'de', de), 'input.notUnderstood', { hint: { key: 'input.yesno' } });
  });
});

describe('parseLine: text', () => {
  it('takes the line as typed, trimmed', () => {
    expect(answerOf(parseLine('  JTL-Wawi mit Schnittstelle  ', 'de', view('oms')))).toBe(
      'JTL-Wawi mit Schnittstelle',
    );
  });
});

describe('parseLine: commands', () => {
  const payments = view('payments');

  it('skips with a reason in German, keeping the reason as typed', () => {
    expect(inputsOf(parseLine('überspringen kein Abo', 'de', payments))).toEqual([
      { type: 'SKIP', questionId: 'payments', reason: 'kein Abo' },
    ]);
    expect(inputsOf(parseLine('Überspringen   kein Abo', 'de', payments))).toEqual([
      { type: 'SKIP', questionId: 'payments', reason: 'kein Abo' },
    ]);
    expect(inputsOf(parseLine('ueberspringen kein Abo', 'de', payments))).toEqual([
      { type: 'SKIP', questionId: 'payments', reason: 'kein Abo' },
    ]);
  });

  it('skips with a reason in English, and in either language whatever the team language', () => {
    const en = view('payments', emptyContext('en'));
    expect(inputsOf(parseLine('skip no subscriptions', 'en', en))).toEqual([
      { type: 'SKIP', questionId: 'payments', reason: 'no subscriptions' },
    ]);
    expect(inputsOf(parseLine('skip no subscriptions', 'de', payments))).toEqual([
      { type: 'SKIP', questionId: 'payments', reason: 'no subscriptions' },
    ]);
  });

  it('skips without a reason, and without a question', () => {
    expect(inputsOf(parseLine('überspringen', 'de', payments))).toEqual([
      { type: 'SKIP', questionId: 'payments' },
    ]);
    expect(inputsOf(parseLine('skip', 'en', null))).toEqual([{ type: 'SKIP' }]);
  });

  it('keeps the reason intact when the umlaut of "überspringen" arrives decomposed (NFD, e.g. from macOS)', () => {
    expect(inputsOf(parseLine('u\u0308berspringen kein Abo', 'de', payments))).toEqual([
      { type: 'SKIP', questionId: 'payments', reason: 'kein Abo' },
    ]);
  });

  it('switches the language with "sprache en" / "language de" / "lang de", in any case', () => {
    expect(inputsOf(parseLine('sprache en', 'de', payments))).toEqual([{ type: 'SET_LOCALE', locale: 'en' }]);
    expect(inputsOf(parseLine('Sprache EN', 'de', null))).toEqual([{ type: 'SET_LOCALE', locale: 'en' }]);
    expect(inputsOf(parseLine('language de', 'en', null))).toEqual([{ type: 'SET_LOCALE', locale: 'de' }]);
    expect(inputsOf(parseLine('lang de', 'de', null))).toEqual([{ type: 'SET_LOCALE', locale: 'de' }]);
  });

  it('refuses a language it does not speak', () => {
    expectError(parseLine('language fr', 'en', null), 'input.unknownLanguage');
    expectError(parseLine('sprache französisch', 'de', payments), 'input.unknownLanguage');
    expectError(parseLine('sprache', 'de', null), 'input.unknownLanguage');
  });

  it.each<[string, DialogInput]>([
    ['start', { type: 'START' }],
    ['los', { type: 'START' }],
    ['begin', { type: 'START' }],
    ['hilfe', { type: 'HELP' }],
    ['help', { type: 'HELP' }],
    ['?', { type: 'HELP' }],
    ['status', { type: 'STATUS' }],
    ['Wo stehen wir', { type: 'STATUS' }],
    ['where are we', { type: 'STATUS' }],
    ['zurück', { type: 'BACK' }],
    ['zurueck', { type: 'BACK' }],
    ['zuru\u0308ck', { type: 'BACK' }],
    ['back', { type: 'BACK' }],
    ['weiter', { type: 'NEXT' }],
    ['next', { type: 'NEXT' }],
  ])('%j is understood in either team language', (line, input) => {
    for (const locale of LOCALES)
      expect(inputsOf(parseLine(line, locale, view('payments')))).toEqual([input]);
  });

  it('understands a command phrased as a question with its question mark ("Wo stehen wir?", "where are we?")', () => {
    expect(inputsOf(parseLine('Wo stehen wir?', 'de', view('payments')))).toEqual([{ type: 'STATUS' }]);
    expect(inputsOf(parseLine('where are we?', 'en', view('payments', emptyContext('en'))))).toEqual([
      { type: 'STATUS' },
    ]);
  });

  it.each([
    ['neu starten', 'restart'],
    ['restart', 'restart'],
    ['bericht', 'report'],
    ['report', 'report'],
    ['beenden', 'quit'],
    ['tschüss', 'quit'],
    ['quit', 'quit'],
  ])('%j is the operator command %s', (line, command) => {
    for (const locale of LOCALES) expect(parseLine(line, locale, null)).toEqual({ kind: 'command', command });
  });

  it('needs a started dialog for anything but a command', () => {
    expectError(parseLine('ja', 'de', null), 'notice.notStarted');
  });
});

describe('matchCommand', () => {
  it('returns the command and its argument as typed', () => {
    expect(matchCommand('Überspringen kein Abo-Modell')).toEqual({
      command: 'skip',
      argument: 'kein Abo-Modell',
    });
    expect(matchCommand('SKIP  No subscriptions ')).toEqual({
      command: 'skip',
      argument: 'No subscriptions',
    });
    expect(matchCommand('sprache en')).toEqual({ command: 'language', argument: 'en' });
    expect(matchCommand('Hilfe!')).toEqual({ command: 'help', argument: '' });
    expect(matchCommand('neu   starten')).toEqual({ command: 'restart', argument: '' });
  });

  it('gives arguments only to skip and language', () => {
    expect(matchCommand('weiter so')).toBeNull();
    expect(matchCommand('hilfe bitte')).toBeNull();
  });

  it('needs the whole command word', () => {
    expect(matchCommand('sprachen')).toBeNull();
    expect(matchCommand('skipped')).toBeNull();
    expect(matchCommand('Warenkorb')).toBeNull();
  });
});

describe('parseLine: checklists', () => {
  const items = ['bank_account', 'credit_card', 'tax_status', 'staff_access', 'logo', 'customer_service'];
  const check = (itemId: string, checked: boolean): DialogInput => ({
    type: 'CHECK',
    questionId: 'seller_central',
    itemId,
    checked,
  });

  function withTicks(locale: Locale, ...ticked: string[]): QuestionView {
    const context = emptyContext(locale);
    context.checks.seller_central = Object.fromEntries(ticked.map((item) => [item, stamp]));
    return view('seller_central', context);
  }

  it('ticks every item with "alle" / "all"', () => {
    expect(inputsOf(parseLine('alle', 'de', withTicks('de')))).toEqual(items.map((i) => check(i, true)));
    expect(inputsOf(parseLine('All', 'en', withTicks('en')))).toEqual(items.map((i) => check(i, true)));
  });

  it('"alle" ticks only what is still open (it never reopens an item)', () => {
    expect(inputsOf(parseLine('alle', 'de', withTicks('de', 'bank_account', 'logo')))).toEqual(
      items.filter((i) => i !== 'bank_account' && i !== 'logo').map((i) => check(i, true)),
    );
  });

  it('ticks items by number, and a number of a ticked item reopens it', () => {
    const question = withTicks('de', 'bank_account');
    expect(question.items[0]?.checkedBy).toBe('Anna');
    expect(inputsOf(parseLine('1', 'de', question))).toEqual([check('bank_account', false)]);
    expect(inputsOf(parseLine('1, 2', 'de', question))).toEqual([
      check('bank_account', false),
      check('credit_card', true),
    ]);
    expect(inputsOf(parseLine('2 2', 'de', question))).toEqual([check('credit_card', true)]);
  });

  it('rejects numbers out of range and words that name no item', () => {
    expectError(parseLine('7', 'de', withTicks('de')), 'input.outOfRange', { max: 6 });
    expectError(parseLine('Mondlandung', 'de', withTicks('de')), 'input.notUnderstood', {
      hint: { key: 'input.checklist' },
    });
  });

  it('points out "all" in the other language', () => {
    expectError(parseLine('all', 'de', withTicks('de')), 'input.otherLanguage');
    expectError(parseLine('alle', 'en', withTicks('en')), 'input.otherLanguage');
  });
});

describe('parseLine: test cases', () => {
  const de = view('test_component');
  const en = view('test_component', emptyContext('en'));
  const record = (status: 'passed' | 'failed', note?: string): DialogInput => ({
    type: 'RECORD_TEST',
    questionId: 'test_component',
    status,
    ...(note ? { note } : {}),
  });

  it('records a pass', () => {
    expect(inputsOf(parseLine('bestanden', 'de', de))).toEqual([record('passed')]);
    expect(inputsOf(parseLine('Läuft!', 'de', de))).toEqual([record('passed')]);
    expect(inputsOf(parseLine('passed', 'en', en))).toEqual([record('passed')]);
  });

  it('records a failure with the note as typed', () => {
    expect(inputsOf(parseLine('fehlgeschlagen: Timeout beim Capture', 'de', de))).toEqual([
      record('failed', 'Timeout beim Capture'),
    ]);
    expect(inputsOf(parseLine('Fehler - Button wird nicht angezeigt', 'de', de))).toEqual([
      record('failed', 'Button wird nicht angezeigt'),
    ]);
    expect(inputsOf(parseLine('failed: timeout on capture', 'en', en))).toEqual([
      record('failed', 'timeout on capture'),
    ]);
    expect(inputsOf(parseLine('fail signature mismatch', 'en', en))).toEqual([
      record('failed', 'signature mismatch'),
    ]);
  });

  it('records a failure without a note', () => {
    expect(inputsOf(parseLine('Fehlgeschlagen', 'de', de))).toEqual([record('failed')]);
    expect(inputsOf(parseLine('klappt nicht', 'de', de))).toEqual([record('failed')]);
  });

  it('points out a result in the other language', () => {
    expectError(parseLine('passed', 'de', de), 'input.otherLanguage');
    expectError(parseLine('failed timeout', 'de', de), 'input.otherLanguage');
    expectError(parseLine('bestanden', 'en', en), 'input.otherLanguage');
    expectError(parseLine('fehlgeschlagen Timeout', 'en', en), 'input.otherLanguage');
  });

  it('points out a failure with "word: note" in the other language, as it accepts that form in its own', () => {
    expectError(parseLine('failed: timeout', 'de', de), 'input.otherLanguage');
    expectError(parseLine('fehlgeschlagen: Timeout', 'en', en), 'input.otherLanguage');
  });

  it('asks again for anything else', () => {
    expectError(parseLine('vielleicht', 'de', de), 'input.notUnderstood', {
      hint: { key: 'input.testcase' },
    });
  });
});

/**
 * Whatever the flow offers as the name of a choice must, typed on its own, select that choice: its label as shown,
 * and each of its synonyms. Catches names the parser takes for a command or splits at a separator.
 */
describe.each(LOCALES)('every choice name in %s selects its choice', (locale) => {
  const cases = flow.questions.flatMap((question) => {
    if (question.kind !== 'single' && question.kind !== 'multi') return [];
    const q = view(question.id, emptyContext(locale));
    return q.choices.flatMap((choice) => {
      const synonyms = wordList(locale, `flow:questions.${question.id}.synonyms.${choice.id}`);
      return [text(locale, choice.label.key), ...synonyms]
        .filter((name) => name.trim() !== '')
        .map((name) => ({ name, question: q, choice: choice.id }));
    });
  });

  it.each(cases.map((c) => [`${c.question.id}: "${c.name}"`, c] as const))(
    '%s',
    (_label, { name, question, choice }) => {
      const parsed = parseLine(name, locale, question);
      const expected = question.kind === 'single' ? choice : [choice];
      expect(parsed).toEqual({
        kind: 'inputs',
        inputs: [{ type: 'ANSWER', questionId: question.id, value: expected }],
      });
    },
  );

  it('and every choice number selects its choice', () => {
    for (const question of flow.questions) {
      if (question.kind !== 'single' && question.kind !== 'multi') continue;
      const q = view(question.id, emptyContext(locale));
      q.choices.forEach((choice, index) => {
        const value = answerOf(parseLine(String(index + 1), locale, q));
        expect(value).toEqual(question.kind === 'single' ? choice.id : [choice.id]);
      });
    }
  });
});
