// npm run bench:core — engine turns with the SQLite store and the in-memory store in the same run, alternating rounds
// so machine noise hits both alike; reports medians over rounds and the SQLite/memory ratio, plus a done record's size.
// Also: how long understanding a typed line takes (the phrase matcher on the phrasing tables), beside a line of numbers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { amazonPayFlow } from '../flows/amazon-pay';
import { emptyContext } from '../src/core/context';
import { DialogEngine, teamRecordKey } from '../src/core/engine';
import { parseLine } from '../src/core/parse-input';
import { questionView } from '../src/core/reply';
import { MemoryStore } from '../src/store/MemoryStore';
import type { KeyValueStore } from '../src/store/port';
import { SqliteStore } from '../src/store/SqliteStore';
import { PHRASINGS } from '../test/core/phrasings.data';
import { HOLDOUT } from '../test/core/phrasings-holdout.data';
import { CAPTURE_LATER, onboardTeam } from './onboarding';
import { fmt, median, type Summary, summarize } from './stats';

const TEAMS = Number(process.env.BENCH_TEAMS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** Whole onboardings for TEAMS teams, one turn at a time; returns per-turn latencies. */
async function round(
  store: KeyValueStore,
  prefix: string,
): Promise<{ summary: Summary; recordBytes: number }> {
  const engine = new DialogEngine({ store });
  const latencies: number[] = [];
  const wallStart = performance.now();
  let recordBytes = 0;
  for (let t = 0; t < TEAMS; t += 1) {
    const team = `${prefix}:${t}`;
    await onboardTeam(engine, team, latencies, t % 2 === 0 ? CAPTURE_LATER : undefined);
    recordBytes = Math.max(
      recordBytes,
      Buffer.byteLength((await store.get(teamRecordKey(team)))?.value ?? ''),
    );
  }
  return { summary: summarize(latencies, performance.now() - wallStart), recordBytes };
}

/** Parses every phrasing of both tables (the matcher), and the same questions answered by "1" (the number path). */
function parseRound(): { phrases: Summary; numbers: Summary } {
  const phrases: number[] = [];
  const numbers: number[] = [];
  const start = performance.now();
  for (const locale of ['de', 'en'] as const) {
    for (const phrasing of [...PHRASINGS[locale], ...HOLDOUT[locale]]) {
      const view = questionView(amazonPayFlow, phrasing.question, emptyContext(locale));
      let t0 = performance.now();
      parseLine(phrasing.says, locale, view);
      phrases.push(performance.now() - t0);
      t0 = performance.now();
      parseLine('1', locale, view);
      numbers.push(performance.now() - t0);
    }
  }
  const wall = performance.now() - start;
  return { phrases: summarize(phrases, wall), numbers: summarize(numbers, wall) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'paysetup-bench-'));
  const sqlite = new SqliteStore(join(dir, 'bench.db'));
  const memory = new MemoryStore();
  const results: Record<'memory' | 'sqlite', Summary[]> = { memory: [], sqlite: [] };
  let recordBytes = 0;
  try {
    await round(memory, 'warmup'); // JIT warm-up, not reported
    for (let r = 0; r < ROUNDS; r += 1) {
      // Alternate the order so neither store always runs on a warmer or quieter machine.
      const order: ('memory' | 'sqlite')[] = r % 2 === 0 ? ['memory', 'sqlite'] : ['sqlite', 'memory'];
      for (const name of order) {
        const out = await round(name === 'memory' ? memory : sqlite, `r${r}`);
        results[name].push(out.summary);
        recordBytes = Math.max(recordBytes, out.recordBytes);
      }
    }
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const row = (name: 'memory' | 'sqlite') => {
    const s = results[name];
    return {
      store: name,
      turns: s[0]?.samples ?? 0,
      'p50 ms': fmt(median(s.map((x) => x.p50))),
      'p99 ms': fmt(median(s.map((x) => x.p99))),
      'turns/s': fmt(median(s.map((x) => x.perSecond)), 0),
    };
  };
  const p50 = (name: 'memory' | 'sqlite') => median(results[name].map((x) => x.p50));
  const tput = (name: 'memory' | 'sqlite') => median(results[name].map((x) => x.perSecond));
  console.log(
    `bench:core — ${TEAMS} teams × whole onboarding, ${ROUNDS} rounds per store (medians over rounds)`,
  );
  console.table([row('memory'), row('sqlite')]);
  console.log(
    `ratio sqlite/memory: p50 ×${fmt(p50('sqlite') / p50('memory'), 2)}, throughput ×${fmt(tput('sqlite') / tput('memory'), 2)}`,
  );
  console.log(`stored record of a team that reached done: ${recordBytes} bytes`);

  parseRound(); // warm-up
  const parses = Array.from({ length: ROUNDS }, parseRound);
  const phraseP50 = median(parses.map((p) => p.phrases.p50));
  const numberP50 = median(parses.map((p) => p.numbers.p50));
  console.log(
    `\nunderstanding a typed line (${parses[0]?.phrases.samples ?? 0} phrasings, ${ROUNDS} rounds):`,
  );
  console.table([
    {
      line: 'a sentence (phrase matcher)',
      'p50 ms': fmt(phraseP50, 3),
      'p99 ms': fmt(median(parses.map((p) => p.phrases.p99)), 3),
    },
    {
      line: '"1" (numbers)',
      'p50 ms': fmt(numberP50, 3),
      'p99 ms': fmt(median(parses.map((p) => p.numbers.p99)), 3),
    },
  ]);
  console.log(
    `ratio sentence/numbers p50 ×${fmt(phraseP50 / numberP50, 1)}; sentence/engine turn (memory) p50 ×${fmt(phraseP50 / p50('memory'), 2)}`,
  );
}

void main();
