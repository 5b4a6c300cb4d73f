import { PLATFORM_PLUGINS, SDKS } from '../../flows/amazon-pay';
import {
  type CliResult,
  chat,
  choice,
  count,
  entry,
  escapeRegex,
  expectInOrder,
  joined,
  type Locale,
  type PlanJson,
  pattern,
  prompt,
  questionAfter,
  questionLine,
  raw,
  runCli,
  STACK_TRACE,
  type StatusJson,
  snapshot,
  type TempStore,
  t,
  tempStore,
  USER,
} from '../helpers/cli';

/**
 * The terminal chat end to end: `node bin/paysetup chat` as a child process on a temporary SQLite store, fed one
 * line per turn, then the operator's `status`, `report` and `teams` on the same store.
 */

const STEPS = ['setup', 'register', 'customer', 'test', 'launch'] as const;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const title = (l: Locale, step: number) => raw(l, `flow:steps.${STEPS[step - 1]}.title`);

/** The progress line while step `step` is open and the ones before it are done: "[■■□□□] Schritt 3 von 5 · …". */
const progressLine = (l: Locale, step: number) =>
  `[${'■'.repeat(step - 1)}${'□'.repeat(5 - step + 1)}] ${t(l, 'cli.progress', { number: step, total: 5, step: title(l, step) })}`;
const doneLine = (l: Locale) => `[■■■■■] ${t(l, 'cli.progressDone', { total: 5 })}`;

const recorded = (l: Locale, answer: string) => t(l, 'notice.answer.recorded', { answer, by: USER });
const ticked = (l: Locale, question: string, item: string) =>
  t(l, 'notice.check.ticked', { item: raw(l, `flow:questions.${question}.items.${item}`), by: USER });
const stepDone = (l: Locale, step: number) => t(l, 'step.completed', { number: step, step: title(l, step) });

/** The "Question x of N" counters shown while step `step` was open, as [position, count]. */
function countersInStep(output: string, l: Locale, step: number): [number, number][] {
  const start = output.indexOf(progressLine(l, step));
  const end = step < 5 ? output.indexOf(progressLine(l, step + 1)) : output.indexOf(doneLine(l));
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const counter = pattern(l, 'cli.questionCounter');
  return [...output.slice(start, end).matchAll(counter)].map((m) => [Number(m[1]), Number(m[2])]);
}

function expectCleanExit(result: CliResult): void {
  if (result.code !== 0 || result.stderr !== '') {
    throw new Error(
      `exit ${result.code}\n--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout}`,
    );
  }
  expect(result.stderr).not.toMatch(STACK_TRACE);
}

/** A Markdown plan line: "- <prompt> **<answer> (von <user>, <date>)**". */
const answerLine = (l: Locale, question: string, answer: string) =>
  new RegExp(
    `^- ${escapeRegex(prompt(l, question))} \\*\\*${pattern(l, 'report.by', { answer, by: USER }, '').source}\\*\\*$`,
    'm',
  );

describe('paysetup chat, end to end (child process, SQLite store)', () => {
  let store: TempStore;

  beforeAll(() => {
    store = tempStore();
  });
  afterAll(() => {
    store.remove();
  });

  describe('a whole conversation in German', () => {
    const team = 'acme-de';
    const failedNote = 'Button erscheint nicht';
    const skipReason = 'kein Abo';
    const sandboxKey = 'SANDBOX-AHEXAMPLE7KEY2ID3';
    const liveKey = 'LIVE-AHEXAMPLE7KEY2ID3';
    const ipn = 'https://shop.example.de/amazon-pay/ipn';
    const experience = 'Der Kunde sieht einen Hinweis und wählt eine andere Zahlungsart.';
    const lines = [
      // Step 1: review your setup
      '1,2', // placement by numbers: cart, checkout
      'versand', // processing by synonym: capture at shipment (adds the asynchronous test cases)
      'Eigenbau', // platform by synonym: a custom shop, so the back-end question is asked
      'php', // back end by word
      'überspringen', // order management is optional
      '1', // payments: one-time only (no recurring test case)
      'web und app', // channels: multiple choice joined with "und"
      // Step 2: register
      'ja',
      'abc123', // not a sandbox key id
      sandboxKey,
      'A1B2C3D4E5F6G7',
      // Step 3: help us help you
      'ja',
      'wiederholen, 3', // decline handling: synonym and number
      experience,
      // Step 4: test (9 cases for capture at shipment, one-time payments)
      `fehlgeschlagen ${failedNote}`,
      'bericht', // the plan, mid-chat: shows the failed test with its note
      'bestanden',
      `überspringen ${skipReason}`,
      'ok',
      'bestanden',
      'bestanden',
      'bestanden',
      'bestanden',
      'bestanden',
      'bestanden',
      // Step 5: launch
      '1,2',
      '3,4,5,6',
      liveKey,
      'alle',
      ipn,
      'ja',
    ];
    let result: CliResult;
    let out: string;

    beforeAll(async () => {
      result = await chat(store, team, 'de', lines);
      out = result.stdout;
    }, 30_000);

    it('exits 0 at the end of input, without errors', () => {
      expectCleanExit(result);
      expect(out.trimEnd().endsWith(raw('de', 'cli.bye'))).toBe(true);
    });

    it('walks through all five steps in German, in order, up to the celebration', () => {
      const de = 'de' as const;
      expectInOrder(out, [
        raw(de, 'notice.start.started'),
        progressLine(de, 1),
        questionLine(de, 1, 7, 'placement'),
        recorded(de, joined(de, [choice(de, 'placement', 'cart'), choice(de, 'placement', 'checkout')])),
        recorded(de, choice(de, 'processing', 'capture_at_shipment')),
        recorded(de, choice(de, 'platform', 'custom')),
        questionLine(de, 4, 7, 'backend'),
        recorded(de, choice(de, 'backend', 'php')),
        questionLine(de, 5, 7, 'oms'),
        t(de, 'notice.skip.recorded', { by: USER }),
        recorded(de, choice(de, 'payments', 'one_time')),
        recorded(de, joined(de, [choice(de, 'channels', 'web'), choice(de, 'channels', 'app')])),
        stepDone(de, 1),
        t(de, 'flow:tips.sdk', { sdk: SDKS.php as string }),
        progressLine(de, 2),
        recorded(de, raw(de, 'answer.yes')),
        t(de, 'notice.answer.invalid', { hint: raw(de, 'flow:questions.sandbox_key.invalid') }),
        recorded(de, sandboxKey),
        recorded(de, 'A1B2C3D4E5F6G7'),
        stepDone(de, 2),
        progressLine(de, 3),
        recorded(de, raw(de, 'answer.yes')),
        recorded(
          de,
          joined(de, [
            choice(de, 'decline_handling', 'soft_retry'),
            choice(de, 'decline_handling', 'other_method'),
          ]),
        ),
        recorded(de, experience),
        stepDone(de, 3),
        progressLine(de, 4),
        questionLine(de, 1, 9, 'test_component'),
        recorded(de, t(de, 'answer.test.failedWithNote', { note: failedNote })),
        questionLine(de, 1, 9, 'test_component'),
        raw(de, 'flow:questions.test_component.guidance'),
        t(de, 'report.failedNote', { note: failedNote }),
        recorded(de, raw(de, 'answer.test.passed')),
        questionLine(de, 2, 9, 'test_system'),
        t(de, 'notice.skip.recorded', { by: USER }),
        questionLine(de, 9, 9, 'test_late_capture'),
        stepDone(de, 4),
        progressLine(de, 5),
        ticked(de, 'seller_central', 'bank_account'),
        ticked(de, 'seller_central', 'credit_card'),
        ticked(de, 'seller_central', 'tax_status'),
        ticked(de, 'seller_central', 'customer_service'),
        recorded(de, liveKey),
        ticked(de, 'production_endpoints', 'live_endpoints'),
        ticked(de, 'production_endpoints', 'javascript_origins'),
        recorded(de, ipn),
        stepDone(de, 5),
        raw(de, 'done.celebrate'),
        t(de, 'done.summary', { answers: 23, passed: 8, skipped: 2 }),
        doneLine(de),
        raw(de, 'cli.bye'),
      ]);
    });

    it('asks for the sandbox key again after a key in the wrong format', () => {
      const notice = t('de', 'notice.answer.invalid', {
        hint: raw('de', 'flow:questions.sandbox_key.invalid'),
      });
      expect(count(out, notice)).toBe(1);
      expect(questionAfter(out, notice)).toBe(questionLine('de', 2, 3, 'sandbox_key'));
    });

    it('shows ticked checklist items as ticked while the rest are still open', () => {
      const bank = raw('de', 'flow:questions.seller_central.items.bank_account');
      const tax = raw('de', 'flow:questions.seller_central.items.tax_status');
      expect(out).toContain(`  1) [x] ${bank} (${t('de', 'cli.checkedBy', { by: USER })})`);
      expect(out).toContain(`  3) [ ] ${tax}`);
    });

    it('draws the test plan from step 1: nine cases, with the asynchronous ones and without recurring payments', () => {
      const counters = countersInStep(out, 'de', 4);
      expect(new Set(counters.map(([, n]) => n))).toEqual(new Set([9]));
      expect(new Set(counters.map(([p]) => p))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]));
      expect(out).toContain(questionLine('de', 7, 9, 'test_async_authorization'));
      expect(out).not.toContain(prompt('de', 'test_recurring'));
      // Step 1 asked all seven questions, the back end included.
      expect(new Set(countersInStep(out, 'de', 1).map(([, n]) => n))).toEqual(new Set([7]));
    });

    it('speaks German only', () => {
      expect(out).not.toContain(raw('en', 'done.celebrate'));
      expect(out).not.toContain(raw('en', 'flow:questions.placement.prompt'));
      expect(out).not.toContain(t('en', 'notice.answer.recorded', { answer: 'PHP', by: USER }));
    });

    describe('then the operator views on the same store', () => {
      let status: StatusJson;
      let markdown: CliResult;
      let plan: PlanJson;
      let teams: CliResult;

      beforeAll(async () => {
        const [snap, md, listing] = await Promise.all([
          snapshot(store, team),
          runCli(['report', '--team', team, '--format', 'md', '--store', store.url]),
          runCli(['teams', '--json', '--store', store.url]),
        ]);
        status = snap.status;
        plan = { ...snap.plan, generatedAt: '' };
        markdown = md;
        teams = listing;
      }, 30_000);

      it('status --json: done, all five steps', () => {
        expect(status).toMatchObject({
          team,
          step: 'done',
          stepId: null,
          done: true,
          completedSteps: 5,
          openQuestions: 0,
          locale: 'de',
        });
        expect(status.lastActivityAt).toMatch(ISO);
        expect(new Date(status.lastActivityAt as string).toISOString()).toBe(status.lastActivityAt);
        expect(status.doneAt).toMatch(ISO);
        expect(status.startedAt).toMatch(ISO);
        expect(Date.parse(status.startedAt as string)).toBeLessThanOrEqual(
          Date.parse(status.lastActivityAt as string),
        );
      });

      it('report --format md: German headings and the team’s answers', () => {
        expectCleanExit(markdown);
        const md = markdown.stdout;
        expectInOrder(md, [
          `# ${t('de', 'report.title', { team })}`,
          t('de', 'report.generated', {
            date: (status.lastActivityAt as string).slice(0, 10),
            completed: 5,
            total: 5,
          }),
          `## ${raw('de', 'report.answers')}`,
          `### 1. ${title('de', 1)}`,
          `### 2. ${title('de', 2)}`,
          `### 3. ${title('de', 3)}`,
          `### 4. ${title('de', 4)}`,
          `### 5. ${title('de', 5)}`,
          `## ${raw('de', 'report.advice')}`,
          `## ${raw('de', 'report.open')}`,
          raw('de', 'report.noOpen'),
        ]);
        expect(md).toMatch(answerLine('de', 'backend', choice('de', 'backend', 'php')));
        expect(md).toMatch(answerLine('de', 'sandbox_key', sandboxKey));
        expect(md).toMatch(answerLine('de', 'live_key', liveKey));
        expect(md).toMatch(answerLine('de', 'production_ipn', ipn));
        // Passed in the end, and the earlier failure with its note is still in the plan.
        const earlier = t('de', 'report.earlier', {
          results: t('de', 'answer.test.failedWithNote', { note: failedNote }),
        });
        expect(md).toMatch(
          new RegExp(
            `^- ${escapeRegExp(prompt('de', 'test_component'))} \\*\\*${escapeRegExp(raw('de', 'answer.test.passed'))} .*\\*\\* \\(${escapeRegExp(earlier)}\\)$`,
            'm',
          ),
        );
        expect(md).toContain(
          `- ${prompt('de', 'test_system')} **${t('de', 'report.skippedBecause', { reason: skipReason })}**`,
        );
        expect(md).toContain(`- ${prompt('de', 'oms')} **${raw('de', 'report.skippedNoReason')}**`);
        expect(md).toContain(`- ${t('de', 'flow:tips.sdk', { sdk: SDKS.php as string })}`);
        expect(md).not.toContain(raw('en', 'report.answers'));
      });

      it('report --format json: five steps with the recorded answers', () => {
        expect(plan).toMatchObject({
          team,
          locale: 'de',
          completedSteps: 5,
          totalSteps: 5,
          done: true,
          open: [],
        });
        expect(plan.steps.map((s) => s.id)).toEqual([...STEPS]);
        expect(plan.steps.map((s) => s.title)).toEqual([1, 2, 3, 4, 5].map((n) => title('de', n)));
        expect(plan.steps[3]?.entries).toHaveLength(9);
        expect(entry(plan, 'backend')).toMatchObject({ status: 'answered', answer: 'PHP', by: USER });
        expect(entry(plan, 'sandbox_key')).toMatchObject({ status: 'answered', answer: sandboxKey });
        expect(entry(plan, 'merchant_id')).toMatchObject({ answer: 'A1B2C3D4E5F6G7' });
        expect(entry(plan, 'oms')).toMatchObject({ status: 'skipped', by: USER });
        expect(entry(plan, 'test_system')).toMatchObject({ status: 'skipped', note: skipReason });
        expect(entry(plan, 'test_component')).toMatchObject({ status: 'passed' });
        expect(entry(plan, 'channels').answer).toBe(
          joined('de', [choice('de', 'channels', 'web'), choice('de', 'channels', 'app')]),
        );
        expect(entry(plan, 'seller_central').items?.every((item) => item.done && item.by === USER)).toBe(
          true,
        );
        expect(entry(plan, 'decline_experience').answer).toBe(experience);
      });

      it('teams --json lists the team as done', () => {
        expectCleanExit(teams);
        const listing = JSON.parse(teams.stdout) as { teams: (StatusJson & { daysSinceActivity: number })[] };
        const row = listing.teams.find((r) => r.team === team);
        expect(row).toMatchObject({
          team,
          done: true,
          completedSteps: 5,
          step: 'done',
          daysSinceActivity: 0,
        });
      });
    });
  });

  describe('a whole conversation in English, on another branch of the flow', () => {
    const team = 'acme-en';
    const lines = [
      // Step 1: a plugin platform (no back-end question), capture at order, recurring payments
      'cart and checkout',
      'right away',
      'WooCommerce',
      'NetSuite',
      'subscriptions',
      'web',
      // Step 2
      'yes',
      'skip', // sandbox key is optional
      'skip', // merchant id is optional
      // Step 3
      'no', // welcome kit not read yet: guidance, same question again
      'yes',
      'none',
      'The customer sees a message and can pick another payment method.',
      // Step 4: 7 cases (no asynchronous ones; the recurring one)
      'passed',
      'pass',
      'skip', // a test case needs a reason to be skipped
      'skip no sandbox IPN endpoint yet',
      'failed refund stuck in RefundInitiated',
      'passed',
      'ok',
      'works',
      'passed',
      // Step 5
      'all',
      'LIVE-AHEXAMPLE7KEY2ID3',
      '1,2',
      '3',
      'https://shop.example.com/amazon-pay/ipn',
      'yes',
    ];
    let result: CliResult;
    let out: string;

    beforeAll(async () => {
      result = await chat(store, team, 'en', lines);
      out = result.stdout;
    }, 30_000);

    it('finishes all five steps in English', () => {
      const en = 'en' as const;
      expectCleanExit(result);
      expectInOrder(out, [
        raw(en, 'notice.start.started'),
        // Before the platform is known, step 1 counts the back-end question too.
        questionLine(en, 1, 7, 'placement'),
        recorded(en, joined(en, [choice(en, 'placement', 'cart'), choice(en, 'placement', 'checkout')])),
        recorded(en, choice(en, 'processing', 'capture_at_order')),
        recorded(en, choice(en, 'platform', 'woocommerce')),
        questionLine(en, 4, 6, 'oms'),
        recorded(en, 'NetSuite'),
        recorded(en, choice(en, 'payments', 'recurring')),
        stepDone(en, 1),
        t(en, 'flow:tips.plugin', { plugin: PLATFORM_PLUGINS.woocommerce as string }),
        progressLine(en, 2),
        stepDone(en, 2),
        recorded(en, raw(en, 'answer.no')),
        raw(en, 'flow:questions.welcome_kit.blocked'),
        stepDone(en, 3),
        progressLine(en, 4),
        raw(en, 'notice.skip.needsReason'),
        t(en, 'notice.skip.recorded', { by: USER }),
        recorded(en, t(en, 'answer.test.failedWithNote', { note: 'refund stuck in RefundInitiated' })),
        questionLine(en, 7, 7, 'test_recurring'),
        stepDone(en, 4),
        stepDone(en, 5),
        raw(en, 'done.celebrate'),
        t(en, 'done.summary', { answers: 19, passed: 6, skipped: 3 }),
        doneLine(en),
        raw(en, 'cli.bye'),
      ]);
      expect(out).not.toContain(raw('de', 'done.celebrate'));
      expect(out).not.toContain(raw('de', 'cli.bye'));
    });

    it('asks for a reason, then takes the skip with it', () => {
      expect(questionAfter(out, raw('en', 'notice.skip.needsReason'))).toBe(
        questionLine('en', 3, 7, 'test_notifications'),
      );
    });

    it('does not ask for the back end when a plugin does the work', () => {
      expect(out).not.toContain(prompt('en', 'backend'));
      // Questions 1–3 are counted "of 7" (the back end might still be asked); once WooCommerce is chosen, "of 6".
      expect(countersInStep(out, 'en', 1)).toEqual([
        [1, 7],
        [2, 7],
        [3, 7],
        [4, 6],
        [5, 6],
        [6, 6],
      ]);
    });

    it('plans seven test cases: the recurring one, none of the asynchronous ones', () => {
      const counters = countersInStep(out, 'en', 4);
      expect(new Set(counters.map(([, n]) => n))).toEqual(new Set([7]));
      expect(new Set(counters.map(([p]) => p))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
      for (const id of ['test_async_authorization', 'test_hard_declined', 'test_late_capture']) {
        expect(out).not.toContain(prompt('en', id));
      }
    });

    it('reports the English plan: this branch’s questions, English headings', async () => {
      const [snap, md] = await Promise.all([
        snapshot(store, team),
        runCli(['report', '--team', team, '--format', 'md', '--store', store.url]),
      ]);
      expect(snap.status).toMatchObject({ team, step: 'done', done: true, completedSteps: 5, locale: 'en' });
      const { plan } = snap;
      expect(plan.locale).toBe('en');
      expect(plan.steps).toHaveLength(5);
      expect(plan.steps[0]?.entries.map((e) => e.id)).not.toContain('backend');
      expect(plan.steps[3]?.entries.map((e) => e.id)).toEqual([
        'test_component',
        'test_system',
        'test_notifications',
        'test_refund',
        'test_buyer_canceled',
        'test_declined',
        'test_recurring',
      ]);
      expect(entry(plan, 'test_notifications')).toMatchObject({
        status: 'skipped',
        note: 'no sandbox IPN endpoint yet',
      });
      expect(entry(plan, 'test_refund')).toMatchObject({ status: 'passed' });
      expect(entry(plan, 'sandbox_key')).toMatchObject({ status: 'skipped' });
      expectCleanExit(md);
      expectInOrder(md.stdout, [
        `# ${t('en', 'report.title', { team })}`,
        `## ${raw('en', 'report.answers')}`,
        `## ${raw('en', 'report.advice')}`,
        `## ${raw('en', 'report.open')}`,
      ]);
      expect(md.stdout).toContain(
        `- ${prompt('en', 'test_notifications')} **${t('en', 'report.skippedBecause', { reason: 'no sandbox IPN endpoint yet' })}**`,
      );
      expect(md.stdout).toMatch(answerLine('en', 'oms', 'NetSuite'));
    }, 30_000);
  });

  describe.each([
    ['de', ['1,2', 'sofort']],
    ['en', ['1,2', 'right away']],
  ] as const)('resume (%s)', (locale, firstLines) => {
    const team = `resume-${locale}`;

    it('a second process on the same store picks up at question 3', async () => {
      const first = await chat(store, team, locale, [...firstLines]);
      expectCleanExit(first);
      expect(first.stdout).toContain(raw(locale, 'notice.start.started'));
      expect(first.stdout).not.toContain(raw(locale, 'notice.start.resumed'));
      expect(first.stdout).toContain(questionLine(locale, 3, 7, 'platform'));

      const second = await chat(store, team, locale, []);
      expectCleanExit(second);
      expect(second.stdout).not.toContain(raw(locale, 'notice.start.started'));
      expect(second.stdout.startsWith(raw(locale, 'notice.start.resumed'))).toBe(true);
      expect(questionAfter(second.stdout, raw(locale, 'notice.start.resumed'))).toBe(
        questionLine(locale, 3, 7, 'platform'),
      );
      expect(second.stdout).toContain(progressLine(locale, 1));

      const { status, plan } = await snapshot(store, team);
      expect(status).toMatchObject({ step: 1, stepId: 'setup', openQuestions: 5, locale });
      expect(entry(plan, 'placement')).toMatchObject({
        status: 'answered',
        answer: joined(locale, [
          choice(locale, 'placement', 'cart'),
          choice(locale, 'placement', 'checkout'),
        ]),
        by: USER,
      });
      expect(entry(plan, 'processing').answer).toBe(choice(locale, 'processing', 'capture_at_order'));
      expect(entry(plan, 'platform').status).toBe('open');
    }, 30_000);
  });
});

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
