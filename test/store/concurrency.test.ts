import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { MemoryStore } from '../../src/store/MemoryStore';
import { SqliteStore } from '../../src/store/SqliteStore';
import { bundleChild } from '../helpers/child-bundle';
import {
  CLIENTS,
  type ClientResult,
  describeConcurrency,
  type EngineClient,
  inProcessClient,
} from './concurrency';

/**
 * The concurrency suite on the embedded stores: memory (fifty engines on one in-process store, each awaiting its own
 * latency) and SQLite with fifty separate processes, each with its own connection to one database file.
 */

describeConcurrency('memory', async () => {
  const store = new MemoryStore({ delayMs: 1 });
  return {
    clients: Array.from({ length: CLIENTS }, () => {
      const client = inProcessClient(store);
      return { ...client, close: async () => {} };
    }),
    reader: store,
    cleanup: () => store.close(),
  };
});

/** The child bundled once (plain `node` starts in milliseconds; tsx would take seconds fifty times over). */
function bundle(): string {
  return bundleChild(join(__dirname, 'fixtures', 'engine-child.ts'), 'engine-child');
}

/** A client in a process of its own: requests and answers as JSON lines. */
async function processClient(file: string): Promise<EngineClient> {
  const child: ChildProcess = spawn(process.execPath, [bundle(), file], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pending = new Map<number, (result: ClientResult) => void>();
  let next = 0;
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    lines.on('line', (line) => {
      if (line === 'ready') return resolve();
      const answer = JSON.parse(line) as { id: number } & ClientResult;
      pending.get(answer.id)?.(answer);
      pending.delete(answer.id);
    });
  });
  await ready;
  return {
    handle(team, input, meta) {
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        child.stdin?.write(`${JSON.stringify({ id, team, input, meta })}\n`);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}

describeConcurrency(
  `sqlite (${CLIENTS} processes)`,
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysetup-concurrency-'));
    const file = join(dir, 'shared.db');
    const reader = new SqliteStore(file);
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => processClient(file)));
    return {
      clients,
      reader,
      cleanup: async () => {
        await reader.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  120_000,
);
