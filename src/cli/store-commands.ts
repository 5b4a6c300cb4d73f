import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EnsureTableOptions } from '../store/DynamoStore';
import { openStore } from '../store/open-store';
import { type KeyValueStore, type ListedValue, StoreError } from '../store/port';

/**
 * The operator's store tools: `paysetup init-store` creates what a store needs where that is the app's job, and
 * `paysetup migrate-store` copies the progress from one store to another. Like the store errors they print in
 * English (they are deployment tools, not the teams' dialog). Failures are thrown as StoreErrors, which the command
 * line prints with their hint; the return value is the exit code.
 */

interface Output {
  write(text: string): unknown;
}

export interface StoreCommandIo {
  stdout: Output;
  stderr: Output;
}

const schemeOf = (url: string) => /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url.trim())?.[1]?.toLowerCase() ?? '';

// ---------------------------------------------------------------------------------------------------------------
// init-store

/**
 * Creates what the store at `url` needs, idempotently: DynamoDB, the table (dynamo-schema.ts) if missing, waiting until
 * it is ACTIVE, and TTL on `expiresAt`; SQLite, the database file and its schema. Redis and memory have nothing to
 * create (the command says so, after checking that the store answers).
 */
export async function initStore(
  url: string,
  io: StoreCommandIo,
  options: EnsureTableOptions = {},
): Promise<number> {
  const scheme = schemeOf(url);
  if (scheme === 'dynamodb') return initDynamo(url, io, options);
  if (scheme === 'sqlite') {
    const rest = url.trim().slice('sqlite:'.length);
    const path = rest === '' || rest.startsWith('//') ? undefined : resolve(process.cwd(), rest);
    const existed = path !== undefined && existsSync(path);
    const store = await openStore(url); // creates the file and its schema, or brings an older schema up to date
    try {
      await healthy(store);
    } finally {
      await store.close();
    }
    io.stdout.write(
      existed
        ? `SQLite database ${path} already exists; its schema is up to date. Nothing to create.\n`
        : `Created SQLite database ${path} (table kv, index kv_due).\n`,
    );
    return 0;
  }
  // memory:, redis:, rediss: (and any scheme added later): nothing the app creates; openStore checks the URL.
  const store = await openStore(url);
  try {
    await healthy(store);
  } finally {
    await store.close();
  }
  io.stdout.write(
    scheme === 'memory'
      ? 'memory: nothing to create (values live in this process only and are lost when it exits).\n'
      : `${store.description}: nothing to create; the server keeps keys as they are written, and it answers.\n`,
  );
  return 0;
}

async function initDynamo(url: string, io: StoreCommandIo, options: EnsureTableOptions): Promise<number> {
  const { ensureDynamoTable, parseDynamoUrl } =
    require('../store/DynamoStore') as typeof import('../store/DynamoStore');
  const { DYNAMO_TTL_ATTRIBUTE } =
    require('../store/dynamo-schema') as typeof import('../store/dynamo-schema');
  const config = parseDynamoUrl(url);
  const result = await ensureDynamoTable(config, options);
  const at = `"${result.table}" in ${result.region}${config.endpoint ? ` at ${config.endpoint}` : ''}`;
  io.stdout.write(
    result.created
      ? `Created DynamoDB table ${at} (key pk/sk, index "due", on-demand capacity); it is ACTIVE.\n`
      : `DynamoDB table ${at} already exists with the store's schema. Nothing to create.\n`,
  );
  switch (result.ttl.status) {
    case 'enabled':
      io.stdout.write(
        `Enabled TTL on "${DYNAMO_TTL_ATTRIBUTE}": DynamoDB deletes expired items by itself.\n`,
      );
      return 0;
    case 'already-enabled':
      io.stdout.write(`TTL on "${DYNAMO_TTL_ATTRIBUTE}" is already enabled.\n`);
      return 0;
    case 'unsupported':
      io.stderr.write(
        `warning: TTL not enabled: ${result.ttl.reason}. Expired items are still ignored when read, but never ` +
          'deleted. (Expected with dynalite; on AWS, TTL is enabled.)\n',
      );
      return 0;
    case 'refused':
      io.stderr.write(
        `TTL not enabled: ${result.ttl.reason}\nRun init-store again later (DynamoDB allows one TTL change an hour), ` +
          `or enable TTL on "${DYNAMO_TTL_ATTRIBUTE}" in the AWS console.\n`,
      );
      return 1;
  }
}

async function healthy(store: KeyValueStore): Promise<void> {
  const health = await store.health();
  if (!health.ok) {
    throw new StoreError(
      health.code,
      `${store.description} does not answer: ${health.reason}`,
      'Check that the store runs and can be reached from here, then run init-store again.',
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// migrate-store

/**
 * Key families not copied. Both live for hours (a TTL the port's `get` does not hand out, so a copy would never
 * expire) and only guard against deliveries retried within minutes: the team's record keeps its recent delivery ids
 * as well, so a retry after the move is still not applied twice.
 */
export const SHORT_LIVED_PREFIXES: readonly { prefix: string; what: string }[] = [
  { prefix: 'applied:', what: 'delivery marks of the engine' },
  { prefix: 'delivery:', what: 'Slack delivery claims' },
];

export interface MigrateOptions {
  /** Keys read from the source per page. @default 500 */
  pageSize?: number;
  /** Keys copied at once. @default 8 */
  concurrency?: number;
}

type Outcome = 'copied' | 'unchanged' | 'conflict' | 'skipped';

interface FamilyCount {
  copied: number;
  unchanged: number;
  conflict: number;
  skipped: number;
}

/**
 * Copies every key of `from` to `to` with its value: team records, records kept aside, links and link codes, and
 * whatever else is stored, except the short-lived delivery marks (SHORT_LIVED_PREFIXES). Idempotent: a key already at
 * the target with the same value is left alone; one with another value is a conflict, reported and not overwritten.
 * Every key copied or found is read back from the target and compared. Versions start again at 1 at the target (the
 * engine reads them fresh); due times are not carried (the port's `get` does not hand them out). Exit code 0 when
 * every key is at the target with its value, 1 on a conflict or a failed comparison.
 */
export async function migrateStore(
  fromUrl: string,
  toUrl: string,
  io: StoreCommandIo,
  options: MigrateOptions = {},
): Promise<number> {
  if (fromUrl.trim() === toUrl.trim()) {
    io.stderr.write('migrate-store: --from and --to name the same store.\n');
    return 2;
  }
  const source = await openStore(fromUrl);
  try {
    const target = await openStore(toUrl);
    try {
      if (source.description === target.description) {
        io.stderr.write(`migrate-store: --from and --to are the same store (${source.description}).\n`);
        return 2;
      }
      return await copyAll(source, target, io, options);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function copyAll(
  source: KeyValueStore,
  target: KeyValueStore,
  io: StoreCommandIo,
  options: MigrateOptions,
): Promise<number> {
  io.stdout.write(`Copying from ${source.description}\n          to ${target.description}\n`);
  const families = new Map<string, FamilyCount>();
  const conflicts: string[] = [];
  const mismatches: string[] = [];
  let read = 0;
  let verified = 0;
  let after: string | undefined;
  do {
    // Page by page, as listAll does, but without holding every value at once.
    const page = await source.list('', { limit: options.pageSize ?? 500, ...(after ? { after } : {}) });
    read += page.items.length;
    const outcomes = await pool(page.items, options.concurrency ?? 8, (item) => copyOne(target, item));
    const toVerify: ListedValue[] = [];
    page.items.forEach((item, i) => {
      const outcome = outcomes[i] as Outcome;
      const count = familyCount(families, item.key);
      count[outcome] += 1;
      if (outcome === 'conflict') conflicts.push(item.key);
      if (outcome === 'copied' || outcome === 'unchanged') toVerify.push(item);
    });
    // Read back what should now be there, and compare.
    const same = await pool(toVerify, options.concurrency ?? 8, async (item) => {
      const stored = await target.get(item.key);
      return stored?.value === item.value;
    });
    toVerify.forEach((item, i) => {
      if (same[i]) verified += 1;
      else mismatches.push(item.key);
    });
    after = page.next;
  } while (after);

  const total = { copied: 0, unchanged: 0, conflict: 0, skipped: 0 };
  const width = Math.max(8, ...[...families.keys()].map((family) => family.length));
  for (const [family, count] of [...families].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const key of Object.keys(total) as (keyof FamilyCount)[]) total[key] += count[key];
    const skippedAs = SHORT_LIVED_PREFIXES.find((p) => p.prefix === family);
    io.stdout.write(
      skippedAs
        ? `  ${family.padEnd(width)} ${count.skipped} skipped (${skippedAs.what}: short-lived, not copied)\n`
        : `  ${family.padEnd(width)} ${count.copied} copied, ${count.unchanged} already there, ` +
            `${count.conflict} ${count.conflict === 1 ? 'conflict' : 'conflicts'}\n`,
    );
  }
  for (const key of conflicts)
    io.stderr.write(`conflict: ${key}: the target holds another value; not overwritten.\n`);
  for (const key of mismatches)
    io.stderr.write(`not verified: ${key}: the target does not hold the source's value after copying.\n`);
  const expected = total.copied + total.unchanged;
  io.stdout.write(
    `Read ${read} keys: ${total.copied} copied, ${total.unchanged} already there, ${total.conflict} ` +
      `${total.conflict === 1 ? 'conflict' : 'conflicts'}, ${total.skipped} skipped; verified ${verified} of ` +
      `${expected} at the target.\n`,
  );
  if (conflicts.length > 0) {
    io.stderr.write(
      'The conflicting keys were changed at the target (or already held other data). Compare them, settle each by ' +
        'hand (delete it at the target to take the source value), and run migrate-store again.\n',
    );
  }
  return conflicts.length === 0 && mismatches.length === 0 && verified === expected ? 0 : 1;
}

async function copyOne(target: KeyValueStore, item: ListedValue): Promise<Outcome> {
  if (SHORT_LIVED_PREFIXES.some((p) => item.key.startsWith(p.prefix))) return 'skipped';
  const existing = await target.get(item.key);
  if (existing) return existing.value === item.value ? 'unchanged' : 'conflict';
  const created = await target.put(item.key, item.value, null);
  if (created.ok) return 'copied';
  // Written there meanwhile (another run, the app): compare with what is there now.
  const now = await target.get(item.key);
  return now?.value === item.value ? 'unchanged' : 'conflict';
}

/** The key's family: up to its first colon (`team:`, `link:`), or `(no prefix)`. */
function familyCount(families: Map<string, FamilyCount>, key: string): FamilyCount {
  const colon = key.indexOf(':');
  const family = colon >= 0 ? key.slice(0, colon + 1) : '(no prefix)';
  let count = families.get(family);
  if (!count) {
    count = { copied: 0, unchanged: 0, conflict: 0, skipped: 0 };
    families.set(family, count);
  }
  return count;
}

/** Runs `work` on every item, at most `limit` at once; results in the items' order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
