import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoStore, type DynamoStoreOptions, ensureDynamoTable } from '../../src/store/DynamoStore';

/**
 * dynalite (an implementation of DynamoDB's API on LevelDB) in the test process, on a free port of 127.0.0.1, with the
 * store's table created by init-store's own function (dynamo-schema.ts). It can be stopped and started again on the
 * same port, for outages; `persistent` keeps the data on disk across that (in memory, a restart starts empty).
 */
export interface Dynalite {
  port: number;
  endpoint: string;
  region: string;
  /** The table every store of this server uses (created at start). */
  table: string;
  /** A store URL for a partition of its own (unique unless given). */
  url(partition?: string): string;
  /** A DynamoStore on a partition of its own (unique unless given). */
  store(options?: Partial<DynamoStoreOptions>): DynamoStore;
  /** Stops listening and drops every open connection (requests in flight fail), keeping the data if persistent. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops for good and removes the data. */
  close(): Promise<void>;
}

type DynaliteServer = Server;
const dynalite = require('dynalite') as (options: {
  createTableMs?: number;
  path?: string;
}) => DynaliteServer;

/** A unique partition name for one run or one test. */
export const uniquePartition = (label = 'test'): string => `${label}-${randomUUID().slice(0, 8)}`;

export async function startDynalite(
  options: { persistent?: boolean; table?: string } = {},
): Promise<Dynalite> {
  const dir = options.persistent ? mkdtempSync(join(tmpdir(), 'paysetup-dynalite-')) : undefined;
  const server = dynalite({ createTableMs: 0, ...(dir ? { path: join(dir, 'db') } : {}) });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const region = 'eu-west-1';
  const table = options.table ?? 'paysetup-test';
  let listening = true;
  const stop = async () => {
    if (!listening) return;
    listening = false;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  };
  const handle: Dynalite = {
    port,
    endpoint,
    region,
    table,
    url: (partition = uniquePartition()) =>
      `dynamodb://${table}?region=${region}&endpoint=${endpoint}&partition=${partition}`,
    store: (more = {}) =>
      new DynamoStore({ table, region, endpoint, partition: more.partition ?? uniquePartition(), ...more }),
    stop,
    async start() {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    async close() {
      await stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await ensureDynamoTable({ table, region, endpoint }, { pollMs: 10, timeoutMs: 10_000 });
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
