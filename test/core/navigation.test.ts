import type { Reply } from '../../src/core/reply';
import { answerFor, flow, testEngine } from '../helpers/dialog';

/**
 * Moving around the dialog as a person expects: the numbered answer list, changing an answer and coming back to
 * where the team was, going back after the last step, a counter that never jumps, and one celebration.
 */

const TEAM = 'test:navigation';
const EVERY_CASE = {
  decline_handling: ['soft_retry', 'hard_update', 'other_method'],
  pending_authorization: 'no',
};

function setup() {
  const { engine, send } = testEngine(TEAM);
  /** Answers the canonical way until `until` holds for the reply. */
  const answerUntil = async (until: (reply: Reply) => boolean, from?: Reply) => {
    let reply = from ?? (await send({ type: 'START' }));
    for (let turn = 0; !until(reply) && turn < 80; turn += 1) {
      const id = reply.question?.id;
      if (!id) throw new Error(`no question in ${reply.state}`);
      reply = await send(answerFor(flow, id, EVERY_CASE));
    }
    return reply;
  };
  return { engine, send, answerUntil };
}

describe('the answer list and changing an answer', () => {
  test('"answers" lists every recorded answer with a number, in flow order, with who gave it', async () => {
    const { send, answerUntil } = setup();
    await answerUntil((r) => r.state === 'register');
    const reply = await send({ type: 'ANSWERS' });
    expect(reply.outcome).toEqual({ kind: 'answers' });
    const list = reply.answers ?? [];
    expect(list.map((a) => a.questionId)).toEqual(
      flow.questions.filter((q) => q.step === 'setup' && q.id !== 'backend').map((q) => q.id),
    );
    expect(list.map((a) => a.number)).toEqual(list.map((_, i) => i + 1));
    expect(list.every((a) => a.by === 'Anna' && a.at.startsWith('2026-12-01'))).toBe(true);
  });

  test('changing a step-1 answer from step 4 returns to the step-4 question, without re-printing anything', async () => {
    const { send, answerUntil } = setup();
    const at = await answerUntil((r) => r.question?.id === 'test_refund');
    const list = (await send({ type: 'ANSWERS' })).answers ?? [];
    const payments = list.find((a) => a.questionId === 'channels');
    const revisit = await send({ type: 'REVISIT', number: payments?.number as number });
    expect(revisit.question?.id).toBe('channels');
    expect(revisit.state).toBe('setup');
    const changed = await send({ type: 'ANSWER', questionId: 'channels', value: ['web', 'app'] });
    expect(changed.question?.id).toBe(at.question?.id);
    expect(changed.state).toBe('test');
    expect(changed.messages.map((m) => m.key)).not.toContain('step.completed');
    expect(changed.messages.some((m) => m.key.startsWith('flow:steps.'))).toBe(false);
  });

  test('advice that depended on the changed answer is updated, and only that advice is shown', async () => {
    const { send, answerUntil } = setup();
    await answerUntil((r) => r.state === 'customer');
    const list = (await send({ type: 'ANSWERS' })).answers ?? [];
    const channels = list.find((a) => a.questionId === 'channels');
    await send({ type: 'REVISIT', number: channels?.number as number });
    const changed = await send({ type: 'ANSWER', questionId: 'channels', value: ['web', 'voice'] });
    expect(changed.messages.map((m) => m.key)).toEqual(['advice.updated', 'flow:tips.voice']);
    expect(changed.state).toBe('customer');
  });

  test('a change that asks new questions says which step has open questions again and asks them', async () => {
    const { send, answerUntil } = setup();
    const done = await answerUntil((r) => r.done);
    expect(done.messages.map((m) => m.key)).toContain('done.ready');
    const list = (await send({ type: 'ANSWERS' })).answers ?? [];
    const pending = list.find((a) => a.questionId === 'pending_authorization');
    await send({ type: 'REVISIT', number: pending?.number as number });
    const changed = await send({ type: 'ANSWER', questionId: 'pending_authorization', value: 'yes' });
    expect(changed.messages.map((m) => m.key)).toContain('step.reopened');
    expect(changed.state).toBe('test');
    expect(changed.question?.id).toBe('test_async_authorization');
    expect(changed.done).toBe(false);
    // Done again after the new tests, without a second celebration.
    const again = await answerUntil((r) => r.done, changed);
    expect(again.messages.map((m) => m.key)).toContain('done.readyAgain');
    expect(again.messages.map((m) => m.key)).not.toContain('done.ready');
  });

  test('a number that is not in the list, or an answer beyond an unfinished step, is refused and changes nothing', async () => {
    const { send, engine, answerUntil } = setup();
    await answerUntil((r) => r.done);
    expect((await send({ type: 'REVISIT', number: 99 })).outcome).toEqual({
      kind: 'cannotRevisit',
      reason: 'unknownNumber',
      number: 99,
    });
    // A custom shop instead of a plugin platform: step 1 now asks the back end, so later answers must wait.
    await send({ type: 'REVISIT', questionId: 'platform' });
    const custom = await send({ type: 'ANSWER', questionId: 'platform', value: 'custom' });
    expect(custom.question?.id).toBe('backend');
    const before = await engine.load(TEAM);
    const refused = await send({ type: 'REVISIT', questionId: 'decline_handling' });
    expect(refused.outcome).toEqual({ kind: 'cannotRevisit', reason: 'notReached' });
    expect(refused.question?.id).toBe('backend');
    expect((await engine.load(TEAM)).version).toBe(before.version);
  });
});

describe('after the last step', () => {
  test('any input gets where the team stands; start and status never repeat the celebration', async () => {
    const { send, answerUntil } = setup();
    const done = await answerUntil((r) => r.done);
    expect(done.messages.filter((m) => m.key === 'done.ready')).toHaveLength(1);
    const next = await send({ type: 'NEXT' });
    expect(next.outcome).toEqual({ kind: 'done' });
    expect(next.messages).toEqual([]);
    const start = await send({ type: 'START' });
    expect(start.outcome).toEqual({ kind: 'resumed', done: true });
    expect(start.messages).toEqual([]);
    const status = await send({ type: 'STATUS' });
    expect(status.overview.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(status.messages).toEqual([]);
  });

  test('back after done goes to the last question; moving on returns to done without celebrating again', async () => {
    const { send, answerUntil } = setup();
    await answerUntil((r) => r.done);
    const back = await send({ type: 'BACK' });
    expect(back.state).toBe('launch');
    expect(back.question?.id).toBe(flow.questions.at(-1)?.id);
    expect(back.question?.answered?.value).toBe(true);
    const forward = await send({ type: 'NEXT' });
    expect(forward.done).toBe(true);
    expect(forward.messages.map((m) => m.key)).toEqual(['done.readyAgain']);
  });

  test('a confirmed restart starts over; finishing again celebrates again', async () => {
    const { send, answerUntil } = setup();
    await answerUntil((r) => r.done);
    expect((await send({ type: 'RESTART', confirmed: false })).outcome).toEqual({ kind: 'restartConfirm' });
    const restarted = await send({ type: 'RESTART', confirmed: true });
    expect(restarted.state).toBe('setup');
    expect(restarted.messages.map((m) => m.key)).toEqual(['flow:steps.setup.intro']);
    const again = await answerUntil((r) => r.done, restarted);
    expect(again.messages.map((m) => m.key)).toContain('done.ready');
  });
});

describe('the question counter', () => {
  test('never shows a total that changes: "Frage N" until the step knows what it asks, then "N von M"', async () => {
    for (const platform of ['magento2', 'custom']) {
      const { send } = setup();
      let reply = await send({ type: 'START' });
      const seen: (number | null)[] = [];
      while (reply.state === 'setup' && reply.question) {
        seen.push(reply.question.count);
        const id = reply.question.id;
        reply = await send(answerFor(flow, id, { ...EVERY_CASE, platform }));
      }
      const totals = seen.filter((c): c is number => c !== null);
      expect({ platform, totals: new Set(totals).size }).toEqual({ platform, totals: 1 });
      expect(seen.indexOf(null)).toBe(0);
      // Once known, the total stays known.
      expect(seen.slice(seen.findIndex((c) => c !== null)).every((c) => c !== null)).toBe(true);
      expect(totals[0]).toBe(platform === 'custom' ? 9 : 8);
    }
  });

  test('every conditional question declares what it depends on, and nothing else changes whether it is asked', () => {
    for (const question of flow.questions.filter((q) => q.when)) {
      const deps = question.dependsOn ?? [];
      expect({ id: question.id, declares: deps.length > 0 }).toEqual({ id: question.id, declares: true });
      // Varying every other question's answer never changes the outcome for fixed dependency answers.
      for (const other of flow.questions.filter((q) => !deps.includes(q.id) && 'choices' in q)) {
        if (!('choices' in other)) continue;
        const base = (id: string) =>
          deps.includes(id)
            ? (flow.questions.find((q) => q.id === id) as { choices?: string[] })?.choices?.[0]
            : undefined;
        const results = new Set(
          other.choices.map((choice) => question.when?.((id) => (id === other.id ? choice : base(id)))),
        );
        expect({ id: question.id, other: other.id, results: results.size }).toEqual({
          id: question.id,
          other: other.id,
          results: 1,
        });
      }
    }
  });
});
