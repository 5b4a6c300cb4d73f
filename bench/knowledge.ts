// npm run bench:knowledge — "Ask the assistant": how long building the search index takes at start-up (the first
// build in the process, and the median of fresh builds, per language), and how long answering a question takes
// (every question of the tables, p50/p99), beside an engine turn with the in-memory store in the same run, in
// alternating rounds so that machine noise hits both alike (the approach of bench/core.ts). Medians over rounds.
import { performance } from 'node:perf_hooks';
import { LOCALES, type Locale } from '../src/core/context';
import { DialogEngine } from '../src/core/engine';
import { askKnowledge, warmUpKnowledge } from '../src/core/knowledge';
import { KnowledgeIndex } from '../src/core/knowledge/KnowledgeIndex';
import { MemoryStore } from '../src/store/MemoryStore';
import { OFF_TOPIC, QUESTIONS } from '../test/core/knowledge/questions.data';
import { HOLDOUT, OFF_TOPIC_HOLDOUT } from '../test/core/knowledge/questions-holdout.data';
import { onboardTeam } from './onboarding';
import { fmt, median, type Summary, summarize } from './stats';

const BUILDS = Number(process.env.BENCH_BUILDS ?? 9);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TEAMS = Number(process.env.BENCH_TEAMS ?? 10);

/** The first build of each language in this process: what a cold start pays. */
function firstBuilds(): Record<Locale, number> {
  const out = {} as Record<Locale, number>;
  for (const locale of LOCALES) {
    const start = performance.now();
    KnowledgeIndex.build(locale);
    out[locale] = performance.now() - start;
  }
  return out;
}

/** Fresh builds, languages alternating; each build reads the locale file's entries anew into a new index. */
function freshBuilds(): Record<Locale | 'both', number[]> {
  const out: Record<Locale | 'both', number[]> = { de: [], en: [], both: [] };
  for (let i = 0; i < BUILDS; i += 1) {
    let both = 0;
    for (const locale of i % 2 === 0 ? LOCALES : [...LOCALES].reverse()) {
      const start = performance.now();
      KnowledgeIndex.build(locale);
      const ms = performance.now() - start;
      out[locale].push(ms);
      both += ms;
    }
    out.both.push(both);
  }
  return out;
}

const questions = LOCALES.flatMap((locale) =>
  [
    ...QUESTIONS[locale].map(([q]) => q),
    ...OFF_TOPIC[locale],
    ...HOLDOUT[locale].map(([q]) => q),
    ...OFF_TOPIC_HOLDOUT[locale],
  ].map((question) => ({ question, locale })),
);

/** Every question of the tables, asked once. */
function askRound(): Summary {
  const latencies: number[] = [];
  const wall = performance.now();
  for (const { question, locale } of questions) {
    const start = performance.now();
    askKnowledge(question, locale);
    latencies.push(performance.now() - start);
  }
  return summarize(latencies, performance.now() - wall);
}

/** Whole onboardings for TEAMS teams, one turn at a time (as bench/core.ts does). */
async function engineRound(prefix: string): Promise<Summary> {
  const engine = new DialogEngine({ store: new MemoryStore() });
  const latencies: number[] = [];
  const wall = performance.now();
  for (let t = 0; t < TEAMS; t += 1) await onboardTeam(engine, `${prefix}:${t}`, latencies);
  return summarize(latencies, performance.now() - wall);
}

async function main() {
  const first = firstBuilds();
  const builds = freshBuilds();
  console.log(`bench:knowledge — index build, ${BUILDS} fresh builds per language (after the first of each)`);
  console.table(
    [...LOCALES, 'both' as const].map((which) => ({
      index: which,
      'first build ms': which === 'both' ? fmt(first.de + first.en, 1) : fmt(first[which], 1),
      'median build ms': fmt(median(builds[which]), 1),
    })),
  );

  warmUpKnowledge();
  askRound(); // JIT warm-up, not reported
  await engineRound('warmup');
  const asks: Summary[] = [];
  const turns: Summary[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    if (r % 2 === 0) {
      asks.push(askRound());
      turns.push(await engineRound(`r${r}`));
    } else {
      turns.push(await engineRound(`r${r}`));
      asks.push(askRound());
    }
  }
  const p50 = (s: Summary[]) => median(s.map((x) => x.p50));
  const p99 = (s: Summary[]) => median(s.map((x) => x.p99));
  console.log(
    `\nanswer latency: ${questions.length} questions (tables, off-topic, held-out; both languages) × ${ROUNDS} rounds, ` +
      `beside engine turns (${TEAMS} teams × whole onboarding, in-memory store); medians over rounds`,
  );
  console.table([
    {
      what: 'askKnowledge (one question)',
      samples: asks[0]?.samples ?? 0,
      'p50 ms': fmt(p50(asks)),
      'p99 ms': fmt(p99(asks)),
    },
    {
      what: 'engine turn (memory store)',
      samples: turns[0]?.samples ?? 0,
      'p50 ms': fmt(p50(turns)),
      'p99 ms': fmt(p99(turns)),
    },
  ]);
  console.log(
    `ratio answer/engine turn: p50 ×${fmt(p50(asks) / p50(turns), 2)}, p99 ×${fmt(p99(asks) / p99(turns), 2)}; ` +
      `both indexes' median build = ${fmt(median(builds.both) / p50(turns), 0)} engine turns (p50)`,
  );
}

void main();
