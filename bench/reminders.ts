// npm run bench:reminders — one reminder sweep over 10,000 and over 100,000 stored teams with the same 1,000 of them
// due, on SQLite (a temp file) and Redis (127.0.0.1:6379, under a prefix of this run's own whose keys it removes
// afterwards; skipped with a note when Redis is not reachable). The cost must follow the due teams, not all teams:
// 10× the teams at the same number due may cost at most 1.5× (time and memory).
//
// Seeding goes straight through the store: one team record the engine wrote, copied under other team keys; the 1,000
// due teams get a due time before the sweep's moment, the rest one later (they are in the due index, but not due), or
// none with BENCH_REST=none. Each sweep runs in a fresh process of its own (this file, bundled, `--child`), so that
// its time and peak memory are the sweep's alone and not what seeding left in this process; it sends through a
// counting no-op sender and writes what a real sweep writes (claim, sent mark, next due time). Each size has a store
// of its own (a file, a prefix) and the sizes take turns, so that the machine's noise hits both alike; between runs
// the due teams are put back as they were. BENCH_RUNS (default 5) runs per size; medians.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DialogEngine, teamRecordKey } from '../src/core/engine';
import type { NudgeSender } from '../src/reminders/port';
import { sweep } from '../src/reminders/sweep';
import { MemoryStore } from '../src/store/MemoryStore';
import { openStore } from '../src/store/open-store';
import type { KeyValueStore } from '../src/store/port';
import { removeRedisKeys } from './redis-cleanup';
import { fmt, median } from './stats';

/** The two sizes compared (BENCH_SIZES=2000,20000 for a quick look). */
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number) as [number, number];
const DUE_TEAMS = 1_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const REST = process.env.BENCH_REST === 'none' ? 'none' : 'later';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Started Monday 11 January 2027, 10:00 Berlin; the sweep on Thursday 14 January, 11:00: every due team is due. */
const STARTED = new Date('2027-01-11T09:00:00.000Z');
const NOW = new Date('2027-01-14T10:00:00.000Z');
const MAX_RATIO = 1.5;

const teamKey = (n: number) => `slack:T0BENCH:C${String(n).padStart(8, '0')}`;

// ---------------------------------------------------------------------------------------------------------------
// The child: one sweep, measured.

interface Measured {
  ms: number;
  due: number;
  sent: number;
  other: number;
  /** Peaks while the sweep ran (sampled every 2 ms), in MB, and what the process held just before it. */
  heapPeakMb: number;
  rssPeakMb: number;
  heapBeforeMb: number;
  rssBeforeMb: number;
}

async function child(url: string): Promise<void> {
  const store = await openStore(url);
  const engine = new DialogEngine({ store, now: () => NOW });
  let sent = 0;
  const sender: NudgeSender = {
    send: async () => {
      sent += 1;
      return { kind: 'sent' };
    },
    wasSent: async () => false,
  };
  const mb = (bytes: number) => bytes / 1024 / 1024;
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let heapPeak = before.heapUsed;
  let rssPeak = before.rss;
  const sample = setInterval(() => {
    const now = process.memoryUsage();
    heapPeak = Math.max(heapPeak, now.heapUsed);
    rssPeak = Math.max(rssPeak, now.rss);
  }, 2);
  const started = performance.now();
  const report = await sweep(NOW, { engine, store, senderFor: () => sender, logger: console });
  const ms = performance.now() - started;
  clearInterval(sample);
  const after = process.memoryUsage();
  const measured: Measured = {
    ms,
    due: report.due,
    sent,
    other: report.entries.filter((entry) => entry.outcome !== 'sent').length,
    heapPeakMb: mb(Math.max(heapPeak, after.heapUsed)),
    rssPeakMb: mb(Math.max(rssPeak, after.rss)),
    heapBeforeMb: mb(before.heapUsed),
    rssBeforeMb: mb(before.rss),
  };
  await store.close();
  process.stdout.write(`${JSON.stringify(measured)}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// The parent: seed, run the children, report.

let bundled: string | null = null;
function bundle(): string {
  if (bundled) return bundled;
  const dir = join(__dirname, '..', 'node_modules', '.cache', 'paysetup-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'reminders.js');
  // Required here, not at the top: the bundle this builds is this file too, and its sweeps need no esbuild.
  const { buildSync } = require('esbuild') as typeof import('esbuild');
  buildSync({
    entryPoints: [__filename],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['better-sqlite3', 'esbuild'],
    logLevel: 'error',
  });
  bundled = outfile;
  return outfile;
}

function measure(url: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', bundle(), '--child', url], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    proc.once('error', reject);
    proc.once('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Measured);
      else reject(new Error(`the sweep process failed (${code}):\n${out}\n${err}`));
    });
  });
}

/** The record of one started, stalled team, as the engine stores it. */
async function templateRecord(): Promise<Record<string, unknown>> {
  const memory = new MemoryStore();
  const team = teamKey(0);
  await new DialogEngine({ store: memory, now: () => STARTED }).handle(
    team,
    { type: 'START' },
    { actor: { id: 'U0BENCH', name: 'Bench' }, channel: 'slack', locale: 'de' },
  );
  const stored = await memory.get(teamRecordKey(team));
  if (!stored) throw new Error('no template record');
  return JSON.parse(stored.value) as Record<string, unknown>;
}

/** Team n's record: the template under n's key. */
const recordOf = (template: Record<string, unknown>, n: number) =>
  JSON.stringify({ ...template, team: teamKey(n) });

/** Teams `from` … `to - 1`: the first DUE_TEAMS due before NOW, the rest later (or not at all). */
async function seed(
  store: KeyValueStore,
  template: Record<string, unknown>,
  from: number,
  to: number,
): Promise<void> {
  const batch = 256;
  for (let start = from; start < to; start += batch) {
    const puts: Promise<unknown>[] = [];
    for (let n = start; n < Math.min(to, start + batch); n += 1) {
      const dueAt =
        n < DUE_TEAMS
          ? NOW.getTime() - 3_600_000
          : REST === 'later'
            ? NOW.getTime() + 86_400_000 + n
            : undefined;
      puts.push(
        store.put(
          teamRecordKey(teamKey(n)),
          recordOf(template, n),
          null,
          dueAt === undefined ? {} : { dueAt },
        ),
      );
    }
    const results = (await Promise.all(puts)) as { ok: boolean }[];
    if (results.some((result) => !result.ok)) throw new Error('seeding: a team was there already');
  }
}

/** Puts the due teams back as they were before a sweep nudged them. */
async function reset(store: KeyValueStore, template: Record<string, unknown>): Promise<void> {
  for (let start = 0; start < DUE_TEAMS; start += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, DUE_TEAMS - start) }, async (_, i) => {
        const n = start + i;
        const key = teamRecordKey(teamKey(n));
        const stored = await store.get(key);
        const put = await store.put(key, recordOf(template, n), stored?.version ?? null, {
          dueAt: NOW.getTime() - 3_600_000,
        });
        if (!put.ok) throw new Error(`reset: ${key} changed meanwhile`);
      }),
    );
  }
}

interface Row {
  store: string;
  teams: number;
  runs: Measured[];
  seedMs: number;
}

/**
 * One store kind at both sizes: two stores of their own (files or prefixes), seeded once, then measured in
 * alternating rounds (10k, 100k, 10k, …) so that the machine's noise hits both sizes alike.
 */
async function benchStore(
  name: string,
  urls: readonly [string, string],
  template: Record<string, unknown>,
): Promise<Row[]> {
  const stores = await Promise.all(urls.map((url) => openStore(url)));
  try {
    const rows: Row[] = [];
    for (const [i, size] of SIZES.entries()) {
      const seedStarted = performance.now();
      await seed(stores[i] as KeyValueStore, template, 0, size);
      rows.push({ store: name, teams: size, runs: [], seedMs: performance.now() - seedStarted });
    }
    for (let run = 0; run < RUNS; run += 1) {
      for (const [i, row] of rows.entries()) {
        await reset(stores[i] as KeyValueStore, template);
        const measured = await measure(urls[i] as string);
        if (measured.due !== DUE_TEAMS || measured.sent !== DUE_TEAMS)
          throw new Error(
            `${name} ${row.teams}: ${measured.due} due, ${measured.sent} sent (expected ${DUE_TEAMS} each)`,
          );
        row.runs.push(measured);
        process.stderr.write(
          `${name} ${row.teams}: run ${run + 1}/${RUNS}: ${fmt(measured.ms, 0)} ms, heap peak ${fmt(measured.heapPeakMb, 1)} MB\n`,
        );
      }
    }
    return rows;
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
}

async function main(): Promise<void> {
  const template = await templateRecord();
  const dir = mkdtempSync(join(tmpdir(), 'paysetup-bench-reminders-'));
  const notes: string[] = [];
  const rows: Row[] = [];
  const prefix = `paysetup-bench-reminders-${process.pid}-${Date.now()}:`;
  const redisUrl = (size: number) =>
    `${REDIS}${REDIS.includes('?') ? '&' : '?'}prefix=${encodeURIComponent(`${prefix}${size}:`)}`;
  try {
    rows.push(
      ...(await benchStore(
        'SQLite',
        [`sqlite:${join(dir, `${SIZES[0]}.db`)}`, `sqlite:${join(dir, `${SIZES[1]}.db`)}`],
        template,
      )),
    );
    let reachable = true;
    try {
      await (await openStore(redisUrl(SIZES[0]))).close();
    } catch (error) {
      reachable = false;
      notes.push(
        `Redis: skipped — ${REDIS} is not reachable (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    if (reachable) {
      try {
        rows.push(...(await benchStore('Redis', [redisUrl(SIZES[0]), redisUrl(SIZES[1])], template)));
      } finally {
        const removed = await removeRedisKeys(REDIS, prefix);
        notes.push(`Redis: removed the ${removed} keys this run wrote under ${prefix}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const table = rows.map((row) => {
    const ms = median(row.runs.map((r) => r.ms));
    const heap = median(row.runs.map((r) => r.heapPeakMb - r.heapBeforeMb));
    const rss = median(row.runs.map((r) => r.rssPeakMb));
    const small = rows.find((other) => other.store === row.store && other.teams === SIZES[0]);
    const ratio = (value: (r: Measured) => number) =>
      small && small !== row ? median(row.runs.map(value)) / median(small.runs.map(value)) : null;
    const timeRatio = ratio((r) => r.ms);
    const heapRatio = ratio((r) => r.heapPeakMb - r.heapBeforeMb);
    return {
      Store: row.store,
      Teams: row.teams.toLocaleString('en-US'),
      Due: DUE_TEAMS,
      'Sweep (median)': `${fmt(ms, 0)} ms`,
      'min–max': `${fmt(Math.min(...row.runs.map((r) => r.ms)), 0)}–${fmt(Math.max(...row.runs.map((r) => r.ms)), 0)} ms`,
      'Per due team': `${fmt(ms / DUE_TEAMS, 2)} ms`,
      'Heap growth (peak)': `${fmt(heap, 1)} MB`,
      'RSS (peak)': `${fmt(rss, 0)} MB`,
      [`Ratio ${SIZES[1] / 1000}k/${SIZES[0] / 1000}k`]:
        timeRatio === null ? '' : `time ×${fmt(timeRatio, 2)}, heap ×${fmt(heapRatio ?? Number.NaN, 2)}`,
      Seeding: `${fmt(row.seedMs / 1000, 1)} s`,
    };
  });
  console.log(
    `\nOne sweep at ${NOW.toISOString()} (${DUE_TEAMS} due; the rest ${REST === 'later' ? 'due later' : 'with no due time'}), median of ${RUNS} run(s) per size, the sizes taking turns, each run in a process of its own:`,
  );
  console.table(table);
  for (const note of notes) console.log(note);
  let failed = false;
  for (const row of rows.filter((r) => r.teams === SIZES[1])) {
    const small = rows.find((other) => other.store === row.store && other.teams === SIZES[0]);
    if (!small) continue;
    const ratio = median(row.runs.map((r) => r.ms)) / median(small.runs.map((r) => r.ms));
    const verdict = ratio <= MAX_RATIO ? 'ok' : 'TOO SLOW';
    if (ratio > MAX_RATIO) failed = true;
    console.log(
      `${row.store}: ${SIZES[1] / SIZES[0]}× the teams, the same ${DUE_TEAMS} due: time ×${fmt(ratio, 2)} (at most ×${MAX_RATIO}): ${verdict}`,
    );
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[2] === '--child') {
  child(process.argv[3] ?? '').catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`bench:reminders failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
