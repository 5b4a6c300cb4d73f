// npm run bench:store — whole onboardings through the engine on every store in one run: memory:, SQLite (a temp file:
// the baseline), Redis (127.0.0.1:6379, a prefix of this run's own, its keys removed afterwards; skipped when not
// reachable) and DynamoDB on dynalite (in a process of its own, so its CPU does not count against this one), in
// rotating rounds so machine noise hits all alike. Per store: p50/p99 per engine turn and turns per second (medians
// over rounds) and their ratio to SQLite; bytes and puts per turn (a counting decorator on the port); for DynamoDB the
// write capacity units a turn costs (table and index `due`). Then the Lambda bundles (built as `npm run build` builds
// them) beside a bare Bolt app bundled the same way: size and cold import time, each import in a fresh node process.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { BUNDLES, type Built, buildBundles, optionsFor } from '../scripts/build';
import { DialogEngine } from '../src/core/engine';
import { openStore } from '../src/store/open-store';
import type { KeyValueStore } from '../src/store/port';
import { CAPTURE_LATER, onboardTeam } from './onboarding';
import { removeRedisKeys } from './redis-cleanup';
import { fmt, median, type Summary, summarize } from './stats';
import { addCounts, CountingStore, type Counts, noCounts } from './store-counting';

const TEAMS = Number(process.env.BENCH_TEAMS ?? process.env.TEAMS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? process.env.ROUNDS ?? 5);
/** Fresh node processes per bundle for the cold import (medians). */
const IMPORTS = Number(process.env.BENCH_IMPORTS ?? 7);
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** What serverless.yml sets for every function (provider.environment.NODE_OPTIONS). */
const LAMBDA_NODE_OPTIONS = ['--enable-source-maps'];

type StoreName = 'memory' | 'sqlite' | 'redis' | 'dynamodb';

interface Bench {
  name: StoreName;
  store: CountingStore;
  /** DynamoDB only: what dynalite itself reports as consumed (ReturnConsumedCapacity TOTAL). */
  reported?: { read: number; write: number };
}

interface Round {
  summary: Summary;
  /** CPU time (user + system) of this process over the round, in ms: the engine, the store's client, its driver. */
  cpuMs: number;
  counts: Counts;
  reported?: { read: number; write: number };
}

/**
 * Whole onboardings for `teams` teams, one turn at a time; per-turn latencies and what went through the port. The team
 * keys are Slack's (`slack:T…:C…`): the teams a reminder can reach, whose every save writes the due time of the next
 * nudge (the engine leaves it out for the others), as the Slack functions on Lambda write them to DynamoDB.
 */
async function round(bench: Bench, prefix: string, teams = TEAMS): Promise<Round> {
  const engine = new DialogEngine({ store: bench.store });
  const latencies: number[] = [];
  bench.store.take();
  const before = bench.reported ? { ...bench.reported } : undefined;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let t = 0; t < teams; t += 1) {
    const team = `slack:T0BENCH:C${prefix}-${t}`;
    await onboardTeam(engine, team, latencies, t % 2 === 0 ? CAPTURE_LATER : undefined);
  }
  const summary = summarize(latencies, performance.now() - wallStart);
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const counts = bench.store.take();
  const reported =
    bench.reported && before
      ? { read: bench.reported.read - before.read, write: bench.reported.write - before.write }
      : undefined;
  return { summary, cpuMs, counts, ...(reported ? { reported } : {}) };
}

/** Starts a child process that prints one JSON line when ready; the line and the child (ended by closing stdin). */
async function startChild<T>(file: string): Promise<{ child: ChildProcess; ready: T }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, file)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ready = await new Promise<T>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) =>
      resolve(JSON.parse(line) as T),
    );
  });
  child.removeAllListeners('exit');
  return { child, ready };
}

/** Asks the SDK client of a DynamoStore for ReturnConsumedCapacity on every request and adds up what comes back. */
function tallyConsumedCapacity(store: KeyValueStore, into: { read: number; write: number }): void {
  const client = (store as unknown as { client?: DynamoDBClient }).client;
  if (!client) throw new Error('no SDK client on the DynamoDB store');
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
      const isRead = ['GetItemCommand', 'QueryCommand'].includes(context.commandName ?? '');
      into[isRead ? 'read' : 'write'] += consumed?.CapacityUnits ?? 0;
      return out;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
}

async function benchStores(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paysetup-bench-store-'));
  const benches: Bench[] = [];
  const redisPrefix = `paysetup-bench-${process.pid}-${Date.now()}:`;
  let redisOpened = false;
  let dynalite: ChildProcess | undefined;
  const results = new Map<StoreName, Round[]>();
  const notes: string[] = [];
  try {
    benches.push({ name: 'memory', store: new CountingStore(await openStore('memory:')) });
    benches.push({
      name: 'sqlite',
      store: new CountingStore(await openStore(`sqlite:${join(dir, 'bench.db')}`)),
    });
    try {
      const redis = await openStore(`${REDIS}?prefix=${encodeURIComponent(redisPrefix)}`);
      redisOpened = true;
      benches.push({ name: 'redis', store: new CountingStore(redis) });
    } catch (error) {
      notes.push(
        `redis: skipped — ${REDIS} is not reachable (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const started = await startChild<{ endpoint: string; region: string; table: string }>(
      'dynalite-process.ts',
    );
    dynalite = started.child;
    const partition = `bench-${process.pid}-${Date.now()}`;
    const { endpoint, region, table } = started.ready;
    const dynamo = await openStore(
      `dynamodb://${table}?region=${region}&endpoint=${encodeURIComponent(endpoint)}&partition=${partition}`,
    );
    const reported = { read: 0, write: 0 };
    tallyConsumedCapacity(dynamo, reported);
    benches.push({ name: 'dynamodb', store: new CountingStore(dynamo, partition), reported });

    for (const bench of benches) {
      results.set(bench.name, []);
      await round(bench, 'warmup', Math.max(2, Math.ceil(TEAMS / 4))); // JIT, connections; not reported
    }
    for (let r = 0; r < ROUNDS; r += 1) {
      // Rotate the order so that no store always runs first, or right after the same neighbour.
      const order = benches.map((_, i) => benches[(i + r) % benches.length] as Bench);
      for (const bench of order) results.get(bench.name)?.push(await round(bench, `r${r}`));
    }
  } finally {
    for (const bench of benches) await bench.store.close().catch(() => undefined);
    if (redisOpened) {
      await removeRedisKeys(REDIS, redisPrefix).then(
        (removed) => notes.push(`redis: removed the ${removed} keys this run wrote under ${redisPrefix}`),
        (error: unknown) =>
          notes.push(`redis: could not remove the keys under ${redisPrefix}: ${String(error)}`),
      );
    }
    dynalite?.stdin?.end();
    rmSync(dir, { recursive: true, force: true });
  }

  const med = (name: StoreName, pick: (s: Summary) => number) =>
    median((results.get(name) ?? []).map((x) => pick(x.summary)));
  /** What went through the port in all measured rounds of a store, and in how many turns. */
  const total = (name: StoreName) => {
    const sum = noCounts();
    let turns = 0;
    const reported = { read: 0, write: 0 };
    for (const each of results.get(name) ?? []) {
      turns += each.summary.samples;
      addCounts(sum, each.counts);
      reported.read += each.reported?.read ?? 0;
      reported.write += each.reported?.write ?? 0;
    }
    return { sum, turns, reported };
  };
  const base = { p50: med('sqlite', (s) => s.p50), tput: med('sqlite', (s) => s.perSecond) };
  console.log(
    `bench:store — ${TEAMS} teams × whole onboarding per round, ${ROUNDS} rotating rounds per store ` +
      '(medians over rounds; Redis and dynalite on this machine, dynalite in a process of its own; ' +
      'cpu = this process only)',
  );
  console.table(
    benches.map(({ name }) => {
      const { sum, turns } = total(name);
      const p50 = med(name, (s) => s.p50);
      const tput = med(name, (s) => s.perSecond);
      return {
        store: name,
        turns: results.get(name)?.[0]?.summary.samples ?? 0,
        'p50 ms': fmt(p50),
        'p99 ms': fmt(med(name, (s) => s.p99)),
        'turns/s': fmt(tput, 0),
        'p50 ×sqlite': fmt(p50 / base.p50, 2),
        'turns/s ×sqlite': fmt(tput / base.tput, 2),
        'cpu ms/turn': fmt(median((results.get(name) ?? []).map((x) => x.cpuMs / x.summary.samples))),
        'gets/turn': fmt(sum.gets / turns, 2),
        'puts/turn': fmt(sum.puts / turns, 2),
        'bytes/turn': fmt(sum.putBytes / turns, 0),
      };
    }),
  );
  for (const note of notes) console.log(note);
  const { sum, turns, reported } = total('dynamodb');
  const kinds = Object.entries(sum.kinds)
    .map(
      ([kind, k]) =>
        `${kind}: ${fmt(k.puts / turns, 2)} puts of ${fmt(k.bytes / k.puts, 0)} bytes, ${fmt(k.wcu / turns, 2)} WCU`,
    )
    .join('; ');
  console.log(`per turn by kind of key — ${kinds}`);
  console.log(
    `dynamodb: ${fmt(sum.wcu / turns, 2)} WCU/turn estimated (1 per KB rounded up of the larger of the item written ` +
      `and the one it replaces; ${sum.puts} puts, ${sum.deletes} deletes); dynalite reports ` +
      `${fmt(reported.write / turns, 2)} WCU/turn and ${fmt(reported.read / turns, 2)} RCU/turn (consistent reads)`,
  );
  console.log(
    sum.duePuts === 0
      ? 'dynamodb: no put carried a due time, so the index `due` cost nothing'
      : `dynamodb: ${fmt(sum.duePuts / turns, 2)} puts/turn carried a due time: +${fmt(sum.gsiWcu / turns, 2)} ` +
          'WCU/turn estimated on the index `due` (1 per KB of an entry added or changed, 2 when dueAt moved: ' +
          'delete + put, 1 to remove one), which dynalite does not report',
  );
}

interface Import {
  ms: number;
  wallMs: number;
  error?: string;
}

/** Requires `file` in a fresh node process; the time of the require measured inside it, and the process's wall time. */
function coldImport(file: string, nodeOptions: string[]): Import {
  const script = [
    "const { performance } = require('node:perf_hooks');",
    'const t0 = performance.now();',
    'let error;',
    'try { require(process.argv[1]); } catch (e) { error = String((e && e.message) || e); }',
    'const ms = performance.now() - t0;',
    'process.stdout.write(JSON.stringify({ ms, error }));',
    'process.exit(0);',
  ].join('\n');
  const start = performance.now();
  const out = spawnSync(process.execPath, [...nodeOptions, '-e', script, file], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', AWS_REGION: 'eu-west-1' },
  });
  const wallMs = performance.now() - start;
  if (out.status !== 0)
    return { ms: Number.NaN, wallMs, error: out.stderr.trim().split('\n')[0] ?? 'failed' };
  return { ...(JSON.parse(out.stdout) as { ms: number; error?: string }), wallMs };
}

async function benchBundles(): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'paysetup-bench-bundles-'));
  try {
    // Every Lambda bundle scripts/build.ts knows, each built on its own so that one that fails is reported, not fatal.
    const ours: Built[] = [];
    for (const { name } of BUNDLES.filter((b) => b.lambda)) {
      await buildBundles(outdir, [name]).then(
        (built) => ours.push(...built),
        (error: unknown) =>
          console.log(
            `bundle ${name} did not build: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
    }
    const bare = {
      name: 'bare Bolt',
      entry: 'bench/bare-bolt-lambda.ts',
      out: 'lambda/bare-bolt.js',
      lambda: true,
    };
    await build(optionsFor(bare, outdir));
    const bundles = [
      ...ours.map((b) => ({ name: b.bundle.name, file: b.file })),
      { name: bare.name, file: join(outdir, bare.out) },
    ];
    const runs = new Map<string, { maps: Import[]; plain: Import[] }>(
      bundles.map((b) => [b.name, { maps: [], plain: [] }]),
    );
    const empty: Import[] = [];
    writeFileSync(join(outdir, 'empty.js'), '');
    for (const b of bundles) coldImport(b.file, LAMBDA_NODE_OPTIONS); // warm the file cache; not reported
    for (let i = 0; i < IMPORTS; i += 1) {
      empty.push(coldImport(join(outdir, 'empty.js'), []));
      const order = bundles.map((_, k) => bundles[(k + i) % bundles.length] as (typeof bundles)[number]);
      for (const b of order) {
        runs.get(b.name)?.maps.push(coldImport(b.file, LAMBDA_NODE_OPTIONS));
        runs.get(b.name)?.plain.push(coldImport(b.file, []));
      }
    }
    const medOf = (imports: Import[], pick: (i: Import) => number) => median(imports.map(pick));
    const bareRuns = runs.get(bare.name) as { maps: Import[]; plain: Import[] };
    const bareBytes = statSync(join(outdir, bare.out)).size;
    const bareMs = medOf(bareRuns.maps, (x) => x.ms);
    console.log(
      `\nLambda bundles (esbuild with the Lambda options of esbuild.config.cjs: minified, node22, externals), ` +
        `cold import = require() in a fresh node process, median of ${IMPORTS}; "+maps" with ${LAMBDA_NODE_OPTIONS.join(' ')} ` +
        'as serverless.yml sets it:',
    );
    console.table(
      bundles.map((b) => {
        const r = runs.get(b.name) as { maps: Import[]; plain: Import[] };
        const bytes = statSync(b.file).size;
        const mapBytes = statSync(`${b.file}.map`).size;
        const errors = [...r.maps, ...r.plain].map((x) => x.error).filter((e) => e !== undefined);
        return {
          bundle: b.name,
          KB: fmt(bytes / 1024, 0),
          'map KB': fmt(mapBytes / 1024, 0),
          'import ms +maps': fmt(
            medOf(r.maps, (x) => x.ms),
            1,
          ),
          'import ms': fmt(
            medOf(r.plain, (x) => x.ms),
            1,
          ),
          'process ms +maps': fmt(
            medOf(r.maps, (x) => x.wallMs),
            1,
          ),
          'size ×bare': fmt(bytes / bareBytes, 2),
          'import ×bare': fmt(medOf(r.maps, (x) => x.ms) / bareMs, 2),
          error: errors[0] ?? '',
        };
      }),
    );
    console.log(
      `node itself (a process that requires an empty file): ${fmt(
        medOf(empty, (x) => x.wallMs),
        1,
      )} ms wall; ` +
        'our bundles build the app at the first invocation (coldStart), the bare Bolt app at import',
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // The SDK warns once per process that its 2027 releases need node 22 (Lambda runs node22.x); not news here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  await benchStores();
  await benchBundles();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
