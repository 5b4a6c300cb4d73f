import { initialTransition, transition } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import type { StepId } from '../../flows/types';
import type { DialogEvent, DialogInput } from '../../src/core/events';
import { createDialogMachine } from '../../src/core/machine';
import type { Outcome } from '../../src/core/outcome';
import { findQuestion, isStepComplete } from '../../src/core/progress';
import { ANNA, answerFor, BEN, flow, stamped } from '../helpers/dialog';

const machine = createDialogMachine(flow);
const ORDER = ['welcome', ...flow.steps, 'done'] as const;
type Snap = ReturnType<typeof initialTransition<typeof machine>>[0];

const rank = (value: unknown) => ORDER.indexOf(value as (typeof ORDER)[number]);

/** State + where the cursor is + what is answered: enough to tell dialog positions apart. */
const serialize = (snapshot: Snap) =>
  JSON.stringify([
    snapshot.value,
    snapshot.context.cursor,
    Object.entries(snapshot.context.answers)
      .map(([id, a]) => `${id}=${JSON.stringify(a.value)}`)
      .sort(),
    Object.entries(snapshot.context.checks)
      .map(([id, ticks]) => `${id}:${Object.keys(ticks).sort().join(',')}`)
      .sort(),
    Object.keys(snapshot.context.skips).sort(),
  ]);

/** Branching answers of step 1 that change what later steps ask (the test plan, the backend question). */
const BRANCHES: Record<string, string[]> = {
  processing: ['capture_at_order', 'capture_at_shipment'],
  pending_authorization: ['yes', 'no'],
  payments: ['one_time', 'both'],
  platform: ['woocommerce', 'custom'],
};

function eventsFor(snapshot: Snap, withDetours: boolean): DialogEvent[] {
  const { cursor } = snapshot.context;
  if (snapshot.value === 'welcome') return [stamped({ type: 'START' })];
  if (!cursor) return [];
  const question = findQuestion(flow, cursor);
  if (!question) return [];
  const inputs: DialogInput[] = [];
  const branches = BRANCHES[cursor];
  if (branches) for (const choice of branches) inputs.push(...answerFor(flow, cursor, { [cursor]: choice }));
  else if (question.kind === 'checklist') {
    const ticks = snapshot.context.checks[cursor] ?? {};
    const next = question.items.find((item) => !ticks[item]);
    if (next) inputs.push({ type: 'CHECK', questionId: cursor, itemId: next, checked: true });
  } else inputs.push(...answerFor(flow, cursor));
  if (withDetours) {
    // Answers that are recorded but do not open the gate, and attempts to get past it.
    if (question.kind === 'yesno' && question.mustBeYes)
      inputs.push({ type: 'ANSWER', questionId: cursor, value: false });
    if (question.kind === 'testcase')
      inputs.push({ type: 'RECORD_TEST', questionId: cursor, status: 'failed', note: 'x' });
    inputs.push({ type: 'NEXT' }, { type: 'SKIP', questionId: cursor });
  }
  return inputs.map((input) => stamped(input));
}

describe('dialog machine: paths (xstate/graph)', () => {
  test('every state is reachable: welcome, the five steps and done', () => {
    const paths = getShortestPaths(machine, {
      events: (s) => eventsFor(s, false),
      serializeState: (s) => serialize(s) as never,
      input: { locale: 'de' },
    });
    const reached = new Set(paths.map((p) => p.state.value as string));
    expect([...reached].sort()).toEqual([...ORDER].sort());
  });

  test('every simple path ends in done, and no step is entered before the previous ones are complete', () => {
    const paths = getSimplePaths(machine, {
      events: (s) => eventsFor(s, false),
      serializeState: (s) => serialize(s) as never,
      input: { locale: 'de' },
      toState: (s) => s.value === 'done',
    });
    // 2 × 2 × 2 × 2 branch combinations of step 1, each a distinct way to done.
    expect(paths.length).toBe(16);
    for (const path of paths) {
      expect(path.state.value).toBe('done');
      const ranks = path.steps.map((step) => rank(step.state.value));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b)); // never skips back, never jumps ahead
      expect(new Set(ranks)).toEqual(new Set(ORDER.map((_, i) => i)));
    }
  });

  test('gates cannot be bypassed: in every reachable position, all earlier steps are complete', () => {
    const adjacency = getAdjacencyMap(machine, {
      events: (s) => eventsFor(s, true),
      serializeState: (s) => serialize(s) as never,
      input: { locale: 'de' },
    });
    const nodes = Object.values(adjacency);
    expect(nodes.length).toBeGreaterThan(100);
    let checked = 0;
    for (const { state } of nodes) {
      const index = flow.steps.indexOf(state.value as StepId);
      const upTo = state.value === 'done' ? flow.steps.length : index;
      for (const step of flow.steps.slice(0, Math.max(upTo, 0))) {
        expect(isStepComplete(flow, step, state.context)).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(nodes.length);
    // With the detours (a "no", a failed test, NEXT and SKIP without reason) done is still reached, never earlier.
    expect(nodes.some((n) => n.state.value === 'done')).toBe(true);
    const sinks = nodes.filter((n) =>
      Object.values(n.transitions as Record<string, { state: Snap }>).every(
        (t) => serialize(t.state) === serialize(n.state),
      ),
    );
    expect(sinks.map((n) => n.state.value)).toEqual(sinks.map(() => 'done'));
  });
});

describe('dialog machine: transitions', () => {
  /** What the last event did, as the machine reported it (never stored in the context). */
  let outcome: Outcome | undefined;
  const step = (snapshot: Snap, input: DialogInput, by = ANNA): Snap => {
    const [next, actions] = transition(machine, snapshot, stamped(input, by));
    outcome = actions.find((a) => a.type === 'report')?.params as Outcome | undefined;
    return next;
  };
  const run = (inputs: DialogInput[], from?: Snap) => {
    let [snapshot] = from ? [from] : initialTransition(machine, { locale: 'de' });
    for (const input of inputs) snapshot = step(snapshot, input);
    return snapshot;
  };
  const started = () => run([{ type: 'START' }]);

  test('start asks the first question of step 1', () => {
    const s = started();
    expect(s.value).toBe('setup');
    expect(s.context.cursor).toBe('placement');
    expect(outcome).toEqual({ kind: 'started' });
    expect(s.context).not.toHaveProperty('notice');
  });

  test('an answer records who gave it and when, and moves to the next question', () => {
    const s = run([{ type: 'ANSWER', questionId: 'placement', value: ['checkout', 'cart'] }], started());
    expect(s.context.answers.placement).toEqual({
      value: ['cart', 'checkout'],
      by: ANNA,
      at: '2026-11-27T10:00:00.000Z',
      channel: 'test',
    });
    expect(s.context.cursor).toBe('processing');
  });

  test('a second answer to an answered question is refused with who answered it (no silent overwrite)', () => {
    let s = run([{ type: 'ANSWER', questionId: 'placement', value: ['cart'] }], started());
    s = step(s, { type: 'ANSWER', questionId: 'placement', value: ['other'] }, BEN);
    expect(s.context.answers.placement?.value).toEqual(['cart']);
    expect(outcome).toMatchObject({ kind: 'alreadyAnswered', questionId: 'placement', by: 'Anna' });
  });

  test('an answer to a question not yet asked is refused as not current', () => {
    const s = run([{ type: 'ANSWER', questionId: 'payments', value: 'one_time' }], started());
    expect(s.context.answers.payments).toBeUndefined();
    expect(outcome).toEqual({ kind: 'notCurrent', questionId: 'payments' });
  });

  test('invalid answers change nothing', () => {
    const s = run(
      [
        { type: 'ANSWER', questionId: 'placement', value: ['nonsense'] },
        { type: 'ANSWER', questionId: 'placement', value: 'cart' },
        { type: 'ANSWER', questionId: 'placement', value: [] },
      ],
      started(),
    );
    expect(s.context.answers).toEqual({});
    expect(outcome).toEqual({ kind: 'invalid', questionId: 'placement', reason: { code: 'choice' } });
  });

  test('an exclusive choice cannot be combined, and the refusal says which choice', () => {
    const s = toStep('customer');
    const after = step(run([{ type: 'ANSWER', questionId: 'welcome_kit', value: true }], s), {
      type: 'ANSWER',
      questionId: 'decline_handling',
      value: ['none', 'soft_retry'],
    });
    expect(after.context.answers.decline_handling).toBeUndefined();
    expect(outcome).toEqual({
      kind: 'invalid',
      questionId: 'decline_handling',
      reason: { code: 'exclusive', choice: 'none' },
    });
  });

  test('a "no" at a gate is recorded but keeps the team in the step; "yes" opens it', () => {
    let s = toStep('register');
    s = run([{ type: 'ANSWER', questionId: 'sandbox_account', value: false }], s);
    expect(s.value).toBe('register');
    expect(s.context.cursor).toBe('sandbox_account');
    expect(s.context.answers.sandbox_account?.value).toBe(false);
    s = run([{ type: 'NEXT' }], s);
    expect(outcome).toEqual({ kind: 'nextBlocked', questionId: 'sandbox_account' });
    s = run([{ type: 'ANSWER', questionId: 'sandbox_account', value: true }], s);
    expect(s.context.cursor).toBe('sandbox_key');
    expect(s.context.revisions.at(-1)?.previous.answer?.value).toBe(false);
  });

  test('skipping: never, free, or with a reason', () => {
    let s = started();
    s = run([{ type: 'SKIP' }], s);
    expect(outcome).toEqual({ kind: 'skipNotAllowed', questionId: 'placement' });
    s = toStep('register');
    s = run([{ type: 'ANSWER', questionId: 'sandbox_account', value: true }, { type: 'SKIP' }], s);
    expect(s.context.skips.sandbox_key).toBeDefined();
    expect(s.context.cursor).toBe('merchant_id');
    s = toStep('test');
    s = run([{ type: 'SKIP', reason: ' ' }], s);
    expect(outcome).toEqual({ kind: 'needsReason', questionId: 'test_component' });
    s = run([{ type: 'SKIP', reason: 'kein Bestellsystem' }], s);
    expect(s.context.skips.test_component?.reason).toBe('kein Bestellsystem');
  });

  test('a failed test stays open with its note until it passes', () => {
    let s = toStep('test');
    s = run([{ type: 'RECORD_TEST', questionId: 'test_component', status: 'failed', note: 'Timeout' }], s);
    expect(s.context.cursor).toBe('test_component');
    expect(s.context.answers.test_component?.value).toEqual({ status: 'failed', note: 'Timeout' });
    s = run([{ type: 'RECORD_TEST', questionId: 'test_component', status: 'passed' }], s);
    expect(s.context.cursor).toBe('test_system');
    expect(s.context.revisions.some((r) => r.questionId === 'test_component')).toBe(true);
  });

  test('checklist items tick one by one; unticking is kept as a revision', () => {
    let s = toStep('launch');
    s = run(
      [
        { type: 'CHECK', questionId: 'seller_central', itemId: 'logo', checked: true },
        { type: 'CHECK', questionId: 'seller_central', itemId: 'logo', checked: false },
        { type: 'CHECK', questionId: 'seller_central', itemId: 'nope', checked: true },
      ],
      s,
    );
    expect(s.context.checks.seller_central).toEqual({});
    expect(s.context.revisions.at(-1)).toMatchObject({ questionId: 'seller_central', itemId: 'logo' });
    expect(outcome).toMatchObject({ kind: 'invalid', questionId: 'seller_central' });
  });

  test('back goes to the previous question, across a step boundary, and the team continues where it was', () => {
    let s = toStep('register');
    s = run([{ type: 'BACK' }], s);
    expect(s.value).toBe('setup');
    expect(s.context.cursor).toBe('region');
    s = run([{ type: 'BACK' }, { type: 'BACK' }], s);
    expect(s.context.cursor).toBe('payments');
    s = run([{ type: 'ANSWER', questionId: 'payments', value: 'both' }], s);
    expect(s.value).toBe('register');
    expect(s.context.cursor).toBe('sandbox_account');
    s = run([{ type: 'BACK' }, { type: 'NEXT' }], s);
    expect(s.value).toBe('register');
    s = started();
    s = run([{ type: 'BACK' }], s);
    expect(outcome).toEqual({ kind: 'atStart' });
  });

  test('the test plan follows the answers of step 1', () => {
    const plain = toStep('launch', {
      processing: 'capture_at_order',
      payments: 'one_time',
      pending_authorization: 'no',
    });
    const rich = toStep('launch', {
      processing: 'capture_at_shipment',
      payments: 'both',
      pending_authorization: 'yes',
    });
    // Cards 0701 and 4354 need canHandlePendingAuthorization, whatever the capture time (facts: sandbox simulations).
    const pendingOnly = toStep('launch', { processing: 'capture_at_order', pending_authorization: 'yes' });
    const cases = (s: Snap) => Object.keys(s.context.answers).filter((id) => id.startsWith('test_'));
    expect(cases(plain)).not.toContain('test_recurring');
    expect(cases(plain)).not.toContain('test_async_authorization');
    expect(cases(rich)).toEqual(
      expect.arrayContaining(['test_recurring', 'test_async_authorization', 'test_late_capture']),
    );
    expect(cases(pendingOnly)).toEqual(
      expect.arrayContaining(['test_async_authorization', 'test_hard_declined']),
    );
    expect(cases(pendingOnly)).not.toContain('test_late_capture');
  });

  test('restart asks first and keeps the old answers as revisions', () => {
    let s = toStep('customer');
    s = run([{ type: 'RESTART', confirmed: false }], s);
    expect(s.value).toBe('customer');
    expect(outcome).toEqual({ kind: 'restartConfirm' });
    const answered = Object.keys(s.context.answers).length;
    s = run([{ type: 'RESTART', confirmed: true }], s);
    expect(s.value).toBe('setup');
    expect(s.context.answers).toEqual({});
    expect(s.context.revisions.length).toBeGreaterThanOrEqual(answered);
  });

  test('language, snooze, help and status work in every state', () => {
    let s = run([{ type: 'SET_LOCALE', locale: 'en' }]);
    expect(s.context.locale).toBe('en');
    s = run([{ type: 'SNOOZE', until: '2026-12-01T09:00:00.000Z' }, { type: 'HELP' }], s);
    expect(s.context.snoozedUntil).toBe('2026-12-01T09:00:00.000Z');
    expect(outcome).toEqual({ kind: 'help' });
    const done = toStep('done');
    expect(done.context.doneAt).not.toBeNull();
    // An answer to a question answered before is "already answered"; anything else after the last step is "done".
    step(done, { type: 'ANSWER', questionId: 'live_key', value: 'x' });
    expect(outcome).toMatchObject({ kind: 'alreadyAnswered', questionId: 'live_key' });
    step(done, { type: 'NEXT' });
    expect(outcome).toEqual({ kind: 'done' });
  });

  /** Answers everything (first choices, or `pick`) until the given state is reached. */
  function toStep(target: string, pick: Record<string, string> = {}): Snap {
    let s = started();
    for (let guard = 0; s.value !== target && guard < 200; guard += 1) {
      const cursor = s.context.cursor as string;
      const value = pick[cursor];
      s = run(answerFor(flow, cursor, value ? { [cursor]: value } : undefined), s);
    }
    expect(s.value).toBe(target);
    return s;
  }
});
