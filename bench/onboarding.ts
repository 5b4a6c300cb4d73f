import { performance } from 'node:perf_hooks';
import type { AnswerValue } from '../flows/types';
import type { DialogEngine } from '../src/core/engine';
import type { DialogInput } from '../src/core/events';
import { findQuestion } from '../src/core/progress';
import { answerFor } from '../test/helpers/dialog';

/**
 * One team's whole onboarding, one turn at a time, each turn's latency pushed to `latencies` (ms): what every
 * benchmark's engine turn is. `pick`: answers other than the defaults (a team that captures at shipment, say).
 */
export async function onboardTeam(
  engine: DialogEngine,
  team: string,
  latencies: number[],
  pick?: Record<string, AnswerValue>,
): Promise<void> {
  const actor = { id: 'bench', name: 'Bench' };
  const timed = async (input: DialogInput, key: string) => {
    const start = performance.now();
    const reply = await engine.handle(team, input, { actor, channel: 'bench', idempotencyKey: key });
    latencies.push(performance.now() - start);
    return reply;
  };
  let reply = await timed({ type: 'START' }, 'start');
  for (let turn = 0; !reply.done && turn < 200; turn += 1) {
    const question = reply.question && findQuestion(engine.flow, reply.question.id);
    if (!question) throw new Error(`no question at ${reply.state}`);
    for (const [i, input] of answerFor(engine.flow, question.id, pick).entries())
      reply = await timed(input, `${turn}.${i}`);
  }
  if (!reply.done) throw new Error(`team ${team} did not finish`);
}

/** The answers every other bench team gives instead of the defaults. */
export const CAPTURE_LATER = {
  processing: 'capture_at_shipment',
  payments: 'both',
  platform: 'custom',
} as const;
