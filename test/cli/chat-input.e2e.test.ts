import {
  type CliResult,
  chat,
  choice,
  count,
  entry,
  expectInOrder,
  joined,
  pattern,
  questionAfter,
  questionLine,
  raw,
  STACK_TRACE,
  said,
  snapshot,
  type TempStore,
  t,
  tempStore,
  USER,
} from '../helpers/cli';

/**
 * Typed input the chat cannot use, and the chat's commands, end to end: `node bin/paysetup chat` as a child process
 * on a temporary SQLite store. What is stored is checked through `status --json` and `report --format json`.
 */

function expectCleanExit(result: CliResult): void {
  if (result.code !== 0 || result.stderr !== '') {
    throw new Error(
      `exit ${result.code}\n--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout}`,
    );
  }
  expect(result.stderr).not.toMatch(STACK_TRACE);
}

/** Each hint appears, in this order, and each is followed by the question asked again. */
function expectHintsWithQuestion(output: string, hints: string[], question: string): void {
  let from = 0;
  for (const hint of hints) {
    const at = output.indexOf(hint, from);
    if (at < 0)
      throw new Error(
        `Hint not found after offset ${from}: ${JSON.stringify(hint)}\n--- output ---\n${output}`,
      );
    expect({ hint, next: questionAfter(output, hint, from) }).toEqual({ hint, next: question });
    from = at + hint.length;
  }
}

const STEP_1_ANSWERS = [
  '1,2',
  'sofort',
  'nein',
  'eigenbau',
  'php',
  'überspringen',
  '1',
  'web',
  'deutschland',
];

describe('paysetup chat: bad input (child process, SQLite store)', () => {
  let store: TempStore;
  const team = 'bad-input';

  beforeAll(() => {
    store = tempStore();
  });
  afterAll(() => {
    store.remove();
  });

  it('on a choice question: empty line, unknown word, out-of-range number, English word, skip', async () => {
    expectCleanExit(await chat(store, team, 'de', []));
    const before = await snapshot(store, team);
    expect(before.status).toMatchObject({ step: 1, openQuestions: 9 });

    const result = await chat(store, team, 'de', ['', 'banane', '99', 'basket', 'überspringen', 'skip']);
    expectCleanExit(result);
    const notAllowed = raw('de', 'notice.skip.notAllowed');
    expectHintsWithQuestion(
      result.stdout,
      [
        raw('de', 'input.empty'),
        t('de', 'input.notUnderstood', { hint: raw('de', 'input.multi') }),
        t('de', 'input.outOfRange', { max: 4 }),
        raw('de', 'input.otherLanguage'),
        notAllowed, // "überspringen"
        notAllowed, // "skip": commands work in both languages, the answer comes in the team's
      ],
      questionLine('de', 1, null, 'placement'),
    );
    expect(count(result.stdout, notAllowed)).toBe(2);
    expect(result.stdout).not.toMatch(pattern('de', 'notice.answer.recorded', {}, ''));

    expect(await snapshot(store, team)).toEqual(before);
  }, 30_000);

  it('on a yes/no question: English "yes", an unknown word, skip', async () => {
    expectCleanExit(await chat(store, team, 'de', STEP_1_ANSWERS));
    const before = await snapshot(store, team);
    expect(before.status).toMatchObject({ step: 2, completedSteps: 1, openQuestions: 3 });

    const result = await chat(store, team, 'de', ['yes', 'vielleicht', 'skip']);
    expectCleanExit(result);
    expectHintsWithQuestion(
      result.stdout,
      [
        raw('de', 'input.otherLanguage'),
        t('de', 'input.notUnderstood', { hint: raw('de', 'input.yesno') }),
        raw('de', 'notice.skip.notAllowed'),
      ],
      questionLine('de', 1, 3, 'sandbox_account'),
    );

    expect(await snapshot(store, team)).toEqual(before);
  }, 30_000);

  it('on the sandbox key: ids in the wrong format', async () => {
    expectCleanExit(await chat(store, team, 'de', ['ja']));
    const before = await snapshot(store, team);
    expect(entry(before.plan, 'sandbox_account')).toMatchObject({ status: 'answered' });
    expect(entry(before.plan, 'sandbox_key')).toMatchObject({ status: 'open' });

    const result = await chat(store, team, 'de', ['SANDBOX-123', 'LIVE-AHEXAMPLE7KEY2ID3', 'mein schlüssel']);
    expectCleanExit(result);
    const invalid = t('de', 'notice.answer.invalid', {
      hint: raw('de', 'flow:questions.sandbox_key.invalid'),
    });
    // A production key where the sandbox key is asked for: said so, not just "wrong format".
    const otherEnvironment = t('de', 'notice.answer.invalid', {
      hint: raw('de', 'answer.wrongEnvironment.sandbox'),
    });
    expectHintsWithQuestion(
      result.stdout,
      [invalid, otherEnvironment, invalid],
      questionLine('de', 2, 3, 'sandbox_key'),
    );
    expect(count(result.stdout, invalid)).toBe(2);

    const after = await snapshot(store, team);
    expect(after).toEqual(before);
    expect(entry(after.plan, 'sandbox_key')).toMatchObject({ status: 'open' });
  }, 30_000);
});

describe('paysetup chat: commands in both languages (child process, SQLite store)', () => {
  let store: TempStore;
  const team = 'commands';
  let result: CliResult;
  let out: string;
  /** Where the switch to English happened. */
  let switchedAt: number;

  const lines = [
    '1,2', // placement → question 2
    'hilfe',
    'status',
    'zurück', // → question 1, with the earlier answer
    'weiter', // → question 2
    'sofort', // → question 3
    'neu starten',
    'nein', // keeps everything
    'status', // still at question 3
    'neu starten',
    'weiß ich nicht', // an answer while the restart waits for "ja": taken as the answer, nothing thrown away
    'neu starten',
    'ja', // starts over at question 1 of step 1
    '1', // placement: cart → question 2
    'sprache en',
    'help',
    'status',
    'back', // → question 1, with the earlier answer
    'warenkorb', // a German answer while English
    'restart',
    'no', // keeps everything
    'quit',
    '2', // after "quit": never read
  ];

  beforeAll(async () => {
    store = tempStore();
    result = await chat(store, team, 'de', lines);
    out = result.stdout;
    switchedAt = out.indexOf(raw('en', 'notice.locale.changed'));
  }, 30_000);
  afterAll(() => {
    store.remove();
  });

  it('runs to "quit" and exits 0, saying how to come back to this team', () => {
    expectCleanExit(result);
    expect(out.trimEnd().endsWith(t('en', 'cli.bye', { command: `npm run chat -- --team ${team}` }))).toBe(
      true,
    );
    expect(switchedAt).toBeGreaterThan(0);
  });

  it('"hilfe" inside a question shows that question, its whole explanation, how to answer it, then the commands', () => {
    expectInOrder(out, [
      raw('de', 'notice.help'),
      questionLine('de', 2, null, 'processing'),
      raw('de', 'flow:questions.processing.help'),
      t('de', 'cli.helpAnswer', { hint: raw('de', 'input.single') }),
      raw('de', 'cli.help'),
    ]);
  });

  it('"status" shows the five steps and what is open, then the same question', () => {
    const status = raw('de', 'notice.status');
    expect(questionAfter(out, status)).toMatch(/^▶|^✓|^○/);
    expectInOrder(out, [
      status,
      t('de', 'overview.current', {
        number: 1,
        step: raw('de', 'flow:steps.setup.title'),
        question: t('de', 'cli.questionCounterOpen', { position: 2 }),
      }),
      t('de', 'overview.upcoming', { number: 2, step: raw('de', 'flow:steps.register.title') }),
      raw('de', 'overview.noOpenItems'),
      questionLine('de', 2, null, 'processing'),
    ]);
  });

  it('"zurück" goes to the previous question and shows the earlier answer; "weiter" goes on', () => {
    const moved = raw('de', 'notice.moved');
    const earlier = joined('de', [choice('de', 'placement', 'cart'), choice('de', 'placement', 'checkout')]);
    const back = expectInOrder(out, [raw('de', 'notice.status'), moved]);
    expect(questionAfter(out, moved, back - moved.length)).toBe(questionLine('de', 1, null, 'placement'));
    const next = expectInOrder(out, [t('de', 'cli.answeredBy', { answer: earlier, by: USER }), moved], back);
    expect(questionAfter(out, moved, next - moved.length)).toBe(questionLine('de', 2, null, 'processing'));
  });

  it('"neu starten" asks first; "nein" keeps everything; an answer meanwhile is taken; "ja" starts over', () => {
    const confirm = `${raw('de', 'notice.restart.confirm')}`;
    expectInOrder(out, [
      t('de', 'notice.answer.recorded', { answer: said('de', 'processing', 'capture_at_order'), by: USER }),
      confirm,
      raw('de', 'cli.confirmRestart'),
      raw('de', 'cli.restartKept'),
      raw('de', 'notice.status'),
      confirm,
      raw('de', 'cli.confirmRestart'),
      raw('de', 'cli.restartKept'),
      t('de', 'notice.answer.recorded', { answer: said('de', 'pending_authorization', 'unsure'), by: USER }),
      confirm,
      raw('de', 'notice.restart.done'),
    ]);
    expect(questionAfter(out, raw('de', 'notice.restart.done'))).not.toBeUndefined();
    expect(out.slice(out.indexOf(raw('de', 'notice.restart.done')))).toContain(
      questionLine('de', 1, null, 'placement'),
    );
    expect(count(out, raw('de', 'notice.restart.done'))).toBe(1);
  });

  it('"sprache en" switches the language: everything after it is English', () => {
    expect(questionAfter(out, raw('en', 'notice.locale.changed'))).toBe(
      questionLine('en', 2, null, 'processing'),
    );
    const before = out.slice(0, switchedAt);
    const after = out.slice(switchedAt);
    expect(before).not.toContain(raw('en', 'cli.help'));
    for (const key of ['cli.help', 'notice.help', 'notice.status', 'notice.moved', 'cli.restartKept']) {
      expect({ key, german: after.includes(raw('de', key)) }).toEqual({ key, german: false });
    }
    expect(after).not.toContain(t('de', 'cli.questionCounterOpen', { position: 1 }));
  });

  it('"help", "status", "back" and "restart" + "no" in English', () => {
    const after = out.slice(switchedAt);
    expectInOrder(after, [
      raw('en', 'notice.help'),
      questionLine('en', 2, null, 'processing'),
      raw('en', 'cli.help'),
    ]);
    expect(questionAfter(after, raw('en', 'notice.moved'))).toBe(questionLine('en', 1, null, 'placement'));
    expectInOrder(after, [
      raw('en', 'notice.status'),
      raw('en', 'notice.moved'),
      t('en', 'cli.answeredBy', { answer: said('en', 'placement', 'cart'), by: USER }),
      raw('en', 'input.otherLanguage'),
      questionLine('en', 1, null, 'placement'),
      raw('en', 'notice.restart.confirm'),
      raw('en', 'cli.confirmRestart'),
      raw('en', 'cli.restartKept'),
      t('en', 'cli.bye', { command: `npm run chat -- --team ${team}` }),
    ]);
    expect(count(out, raw('en', 'notice.restart.done'))).toBe(0);
  });

  it('stores what the commands did, and nothing typed after "quit"', async () => {
    const { status, plan } = await snapshot(store, team);
    expect(status).toMatchObject({
      team,
      step: 1,
      stepId: 'setup',
      locale: 'en',
      completedSteps: 0,
      openQuestions: 8,
    });
    // After the confirmed restart: only "1" (cart) for placement; the "2" after "quit" was never applied.
    expect(entry(plan, 'placement')).toMatchObject({
      status: 'answered',
      answer: said('en', 'placement', 'cart'),
    });
    expect(entry(plan, 'processing')).toMatchObject({ status: 'open' });
    expect(plan.locale).toBe('en');
  }, 30_000);
});
