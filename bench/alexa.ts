// npm run bench:alexa — whole onboardings spoken to the Alexa skill (virtual-alexa with the committed de-DE model),
// timing only the skill's handler per turn, beside the core engine's turn over the same onboardings in the same run.
// Alternating rounds and two stores (in-memory, SQLite) as in bench:core; medians over rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RequestEnvelope } from 'ask-sdk-model';
import { VirtualAlexa } from 'virtual-alexa';
import { createAlexaSkill } from '../src/adapters/alexa/create-skill';
import { buildInteractionModel, modelPath } from '../src/adapters/alexa/interaction-model';
import { DialogEngine } from '../src/core/engine';
import type { DialogInput } from '../src/core/events';
import { findQuestion } from '../src/core/progress';
import { LinkService } from '../src/linking/LinkService';
import { MemoryStore } from '../src/store/MemoryStore';
import type { KeyValueStore } from '../src/store/port';
import { SqliteStore } from '../src/store/SqliteStore';
import { answerFor } from '../test/helpers/dialog';
import { fmt, median, type Summary, summarize } from './stats';

const TEAMS = Number(process.env.BENCH_TEAMS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LOCALE = 'de-DE';
const PICK = { processing: 'capture_at_shipment', payments: 'both', platform: 'custom' } as const;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

const choiceValues = new Map(
  (buildInteractionModel(LOCALE).interactionModel.languageModel.types[0]?.values ?? []).map((v) => [
    v.id,
    v.name.value,
  ]),
);

/** The intent a person would use to answer this question (the same answers as the engine rounds). */
function intentFor(engine: DialogEngine, questionId: string): [string, Record<string, string>?] {
  const question = findQuestion(engine.flow, questionId);
  if (!question) throw new Error(`unknown question ${questionId}`);
  const [input] = answerFor(engine.flow, questionId, PICK) as [DialogInput];
  switch (question.kind) {
    case 'single':
    case 'multi': {
      const value = input.type === 'ANSWER' ? input.value : null;
      const first = Array.isArray(value) ? value[0] : value;
      return ['AnswerIntent', { first: choiceValues.get(`${questionId}.${String(first)}`) ?? '' }];
    }
    case 'yesno':
      return ['AMAZON.YesIntent'];
    case 'text':
      return ['TextAnswerIntent', { text: input.type === 'ANSWER' ? String(input.value) : '' }];
    case 'checklist':
      return ['CheckAllIntent'];
    case 'testcase':
      return ['TestPassedIntent'];
  }
}

/** Whole onboardings by voice; returns the skill handler's time per turn. */
async function alexaRound(store: KeyValueStore, prefix: string): Promise<Summary> {
  const engine = new DialogEngine({ store });
  const skill = createAlexaSkill({ engine, links: new LinkService({ store }), logger: quiet });
  const latencies: number[] = [];
  let handlerMs = 0;
  for (let t = 0; t < TEAMS; t += 1) {
    let question: string | null = null;
    const alexa = VirtualAlexa.Builder()
      .handler(async (event: RequestEnvelope) => {
        const start = performance.now();
        const response = await skill.invoke(event);
        const took = performance.now() - start;
        latencies.push(took);
        handlerMs += took;
        question = (response.sessionAttributes?.question as string | null | undefined) ?? null;
        return response;
      })
      .interactionModelFile(modelPath(LOCALE))
      .locale(LOCALE)
      .create();
    alexa.context().user().setID(`amzn1.ask.account.${prefix}.${t}`);
    await alexa.launch();
    for (let turn = 0; question !== null; turn += 1) {
      if (turn > 200) throw new Error('the onboarding did not finish');
      if (turn % 8 === 7) await alexa.intend('StatusIntent');
      const [intent, slots] = intentFor(engine, question);
      await alexa.intend(intent, slots);
    }
    const status = await engine.status(`alexa:amzn1.ask.account.${prefix}.${t}`);
    if (!status?.done) throw new Error(`team ${prefix}.${t} did not finish`);
  }
  // Throughput counts handler time only, so virtual-alexa's own work does not dilute it.
  return summarize(latencies, handlerMs);
}

/** The same onboardings through the engine alone, one event per turn (as bench:core). */
async function coreRound(store: KeyValueStore, prefix: string): Promise<Summary> {
  const engine = new DialogEngine({ store });
  const latencies: number[] = [];
  const actor = { id: 'bench', name: 'Bench' };
  let busyMs = 0;
  for (let t = 0; t < TEAMS; t += 1) {
    const team = `core:${prefix}:${t}`;
    const timed = async (input: DialogInput, key: string) => {
      const start = performance.now();
      const reply = await engine.handle(team, input, { actor, channel: 'bench', idempotencyKey: key });
      const took = performance.now() - start;
      latencies.push(took);
      busyMs += took;
      return reply;
    };
    let reply = await timed({ type: 'START' }, 'start');
    for (let turn = 0; !reply.done && turn < 200; turn += 1) {
      if (!reply.question) throw new Error(`no question at ${reply.state}`);
      const inputs = answerFor(engine.flow, reply.question.id, PICK);
      for (const [i, input] of inputs.entries()) reply = await timed(input, `${turn}.${i}`);
    }
    if (!reply.done) throw new Error(`team ${team} did not finish`);
  }
  return summarize(latencies, busyMs);
}

type Row = 'alexa · memory' | 'core · memory' | 'alexa · sqlite' | 'core · sqlite';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'paysetup-bench-alexa-'));
  const sqlite = new SqliteStore(join(dir, 'bench.db'));
  const memory = new MemoryStore();
  const results: Record<Row, Summary[]> = {
    'alexa · memory': [],
    'core · memory': [],
    'alexa · sqlite': [],
    'core · sqlite': [],
  };
  const runs: Record<Row, (prefix: string) => Promise<Summary>> = {
    'alexa · memory': (p) => alexaRound(memory, p),
    'core · memory': (p) => coreRound(memory, p),
    'alexa · sqlite': (p) => alexaRound(sqlite, p),
    'core · sqlite': (p) => coreRound(sqlite, p),
  };
  try {
    await alexaRound(new MemoryStore(), 'warmup'); // JIT warm-up, not reported
    await coreRound(new MemoryStore(), 'warmup');
    for (let r = 0; r < ROUNDS; r += 1) {
      const order = Object.keys(runs) as Row[];
      if (r % 2 === 1) order.reverse(); // neither side always runs on a warmer or quieter machine
      for (const row of order) results[row].push(await runs[row](`r${r}`));
    }
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const p50 = (row: Row) => median(results[row].map((x) => x.p50));
  const p99 = (row: Row) => median(results[row].map((x) => x.p99));
  console.log(
    `bench:alexa — ${TEAMS} teams × whole onboarding by voice (${LOCALE}) and through the engine, ${ROUNDS} rounds (medians over rounds)`,
  );
  console.table(
    (Object.keys(results) as Row[]).map((row) => ({
      turn: row,
      turns: results[row][0]?.samples ?? 0,
      'p50 ms': fmt(p50(row)),
      'p99 ms': fmt(p99(row)),
      'turns/s (busy)': fmt(median(results[row].map((x) => x.perSecond)), 0),
    })),
  );
  for (const store of ['memory', 'sqlite'] as const) {
    const alexa = `alexa · ${store}` as Row;
    const core = `core · ${store}` as Row;
    console.log(
      `${store}: an Alexa turn costs ×${fmt(p50(alexa) / p50(core), 2)} a core turn at p50, ×${fmt(p99(alexa) / p99(core), 2)} at p99`,
    );
  }
  console.log(
    'An Alexa turn = link lookup + engine event(s) + speech rendering; a checklist turn is several events.',
  );
}

void main();
